#include "sim/setup/setup_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "sim/setup/certificate_tasks.hpp"
#include "sim/setup/setup_output.hpp"

namespace cusim {
namespace {

// "15.2.1544.4" -> "15.02.1544.004", as $RoleTargetVersion shows it (facts.md 1d).
std::string padded_version(const std::string& build) {
    std::vector<std::string> parts;
    std::stringstream ss(build);
    for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
    if (parts.size() != 4) return build;
    return fmt::format("{}.{:0>2}.{}.{:0>3}", parts[0], parts[1], parts[2], parts[3]);
}

// The [ERROR-REFERENCE] ids of the certificate tasks (INFERRED: the real component ids of
// these tasks were not found; the format is that of real logs, facts.md 1).
std::string certificate_task_id(const std::string& role_name) {
    return role_name == "BridgeheadRole" ? "BridgeheadComponent___7c9e2b1d4a6f48e0b3d5a2c1e8f90b47"
                                         : "CafeComponent___3f1a8d6c2b9e47a5b0c4d7e6f1a2b395";
}

class SetupRun {
public:
    SetupRun(ServerState&& before, const SetupOptions& options)
        : state_(std::move(before)), log_(state_.clock, options.texts), console_(options.console_width, options.texts) {}

    SetupResult run() {
        SetupResult result;
        resumed_ = state_.setup.upgrade_in_progress;
        ++state_.setup.runs;
        write_header();
        std::optional<SetupError> error;
        int role_step = 0;
        for (const auto& step : texts::console_steps()) {
            if (step.exchange2016_only && state_.exchange.version != ExchangeVersion::exchange2016) continue;
            error = run_step(step, role_step);
            if (error) break;
            if (!step.role_handler.empty() || !step.task.empty()) ++role_step;
        }
        if (error) fail(*error);
        else complete();
        log_.line(0, "End of Setup");
        log_.line(0, "**********************************************");
        state_.clock = log_.end();  // the next run or action starts after this run's last line
        result.completed = !error;
        result.error = error;
        result.console = console_.take_str();
        result.log = log_.take_text();
        result.changes = std::move(changes_);
        result.state = std::move(state_);
        result.resumed = resumed_;
        return result;
    }

private:
    // The setup that runs is the target's: 2019 CU14 to SE prints SE's name (setup_texts.cpp).
    std::string product() const { return texts::product_name(state_.exchange.target_version()); }

    // The server's domain as a DN: EX01.contoso.local -> DC=contoso,DC=local.
    std::string domain_dn() const {
        const std::string& fqdn = state_.exchange.fqdn;
        std::string dn;
        size_t start = fqdn.find('.');
        while (start != std::string::npos) {
            size_t end = fqdn.find('.', start + 1);
            dn += (dn.empty() ? "DC=" : ",DC=") + fqdn.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
            start = end;
        }
        return dn;
    }

    // "Active Directory session settings for 'X' are: ..." and "User specified parameters:" open
    // every task and cmdlet in real logs (ExchangeSetup_ADServiceNotStarted.log).
    void task_preamble(int level, const std::string& task, const std::string& parameters) {
        const std::string& dc = state_.exchange.domain_controller;
        log_.line(level, [&] { return fmt::format("Active Directory session settings for '{}' are: View Entire Forest: 'True', "
                                     "Configuration Domain Controller: '{}', Preferred Global Catalog: '{}', Preferred "
                                     "Domain Controllers: '{{ {} }}'",
                                     task, dc, dc, dc); });
        log_.line(level, [&] { return "User specified parameters:  " + parameters; });
    }

    void write_header() {
        auto& ex = state_.exchange;
        const std::string& dc = ex.domain_controller;
        // The organization's name is not modelled: Exchange setup's default (INFERRED for a scenario).
        const std::string org = "First Organization";
        // Built only for a run that writes its log (a quiet run only counts the lines).
        const std::string config =
            log_.keeps() ? "CN=Microsoft Exchange,CN=Services,CN=Configuration," + domain_dn() : std::string();
        const std::string server_dn =
            log_.keeps() ? fmt::format("CN={},CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),"
                                       "CN=Administrative Groups,CN={},{}",
                                       ex.server_name, org, config)
                         : std::string();
        // The lines and their order are those of the real upgrade logs of CSS-Exchange
        // (ExchangeSetup_Service_Disabled.log, 2016; ExchangeSetup_ADServiceNotStarted.log, 2019).
        log_.line(0, "**********************************************");
        log_.line(0, [&] { return "Starting " + product() + " Setup"; });
        log_.line(0, "**********************************************");
        log_.line(0, "Local time zone: (UTC) Coordinated Universal Time.");
        // .NET reports 6.2.9200 on every Windows since 8 to a process without a manifest: both
        // real logs (Windows Server 2016/2019) say this.
        log_.line(0, "Operating system version: Microsoft Windows NT 6.2.9200.0.");
        log_.line(0, [&] { return "Setup version: " + ex.target_build + "."; });
        log_.line(0, [&] { return "Logged on user: " + ex.logged_on_user + "."; });
        log_.line(0, "Command Line Parameter Name='mode', Value='Upgrade'.");
        log_.line(0, "Command Line Parameter Name='iacceptexchangeserverlicenseterms_diagnosticdataoff', Value=''.");
        log_.line(0, "Command Line Parameter Name='sourcedir', Value='D:\\'.");
        log_.line(0, "RuntimeAssembly was started with the following command: '/mode:Upgrade "
                     "/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /sourcedir:D:\"'.");
        log_.line(0, "The registry key, HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Exchange\\v8.0, wasn't found.");
        log_.line(0, "The registry key, HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v14, wasn't found.");
        log_.line(0, "Copying Files...");
        log_.line(0, "Starting copy from D:\\Setup\\ServerRoles\\Common to C:\\Windows\\Temp\\ExchangeSetup.");
        log_.advance(std::chrono::seconds{9});
        log_.line(0, "Finished copy from D:\\Setup\\ServerRoles\\Common to C:\\Windows\\Temp\\ExchangeSetup.");
        log_.line(0, "File copy complete.  Setup will now collect additional information needed for installation.\n");
        log_.line(0, "Assembly dll file location is C:\\Windows\\Temp\\ExchangeSetup\\Microsoft.Exchange.Setup.Console.dll");
        log_.advance(std::chrono::seconds{2});
        log_.line(0, "Setup is choosing the domain controller to use");
        log_.line(0, "Setup is choosing a local domain controller...");
        log_.advance(std::chrono::seconds{6});
        log_.line(0, [&] { return "Setup has chosen the local domain controller " + dc + " for initial queries"; });
        log_.line(0, [&] { return "PrepareAD has been run, and has replicated to this domain controller; so setup will use " + dc; });
        log_.line(0, "Setup is choosing a global catalog...");
        log_.line(0, [&] { return "Setup has chosen the global catalog server " + dc + "."; });
        log_.line(0, [&] { return "Setup will use the domain controller '" + dc + "'."; });
        log_.line(0, [&] { return "Setup will use the global catalog '" + dc + "'."; });
        log_.line(0, [&] { return "Exchange configuration container for the organization is '" + config + "'."; });
        log_.line(0, [&] { return "Exchange organization container for the organization is 'CN=" + org + "," + config + "'."; });
        log_.line(0, [&] { return "Setup will search for an Exchange Server object for the local machine with name '" + ex.server_name + "'."; });
        log_.line(0, [&] { return "Exchange Server object found : '" + server_dn + "'."; });
        log_.line(0, [&] { return "The following roles have been unpacked: " + installed_roles(); });
        log_.line(0, "The following datacenter roles are unpacked: ");
        log_.line(0, [&] { return "The following roles are installed: " + installed_roles(); });
        log_.line(0, "The local server has some Exchange files installed.");
        log_.line(0, [&] { return "Server Name=" + ex.server_name; });
        log_.line(0, "Setup will use the path 'D:\\' for installing Exchange.");
        log_.line(0, [&] { return "Setup will discover the installed roles from server object '" + server_dn + "'."; });
        for (const char* role : {"BridgeheadRole", "ClientAccessRole", "MailboxRole", "UnifiedMessagingRole", "CafeRole",
                                 "FrontendTransportRole"})
            if (std::string(role) != "UnifiedMessagingRole" || ex.version == ExchangeVersion::exchange2016)
                log_.line(0, [&] { return fmt::format("'{}' is installed on the server object.", role); });
        log_.line(0, "The backup copy of the install path is 'C:\\Program Files\\Microsoft\\Exchange Server\\V15'.");
        log_.line(0, [&] { return "The backup copy of the previously installed version is '" + ex.installed_build + "'."; });
        log_.line(0, "The installation mode is set to: 'BuildToBuildUpgrade'.");
        log_.advance(std::chrono::seconds{6});
        log_.line(0, [&] { return "An Exchange organization with name '" + org + "' was found in this forest."; });
        log_.line(0, "Active Directory Initialization status : 'True'.");
        log_.line(0, "Schema Update Required Status : 'False'.");
        log_.line(0, "Organization Configuration Update Required Status : 'False'.");
        log_.line(0, "Domain Configuration Update Required Status : 'False'.");
        log_.line(0, [&] { return "The locally installed version is " + ex.installed_build + "."; });
        log_.line(0, "Exchange Installation Directory : 'C:\\Program Files\\Microsoft\\Exchange Server\\V15'.");
        log_.line(0, "Setup is determining what organization-level operations to perform.");
        log_.line(0, [&] { return "Because the value was specified, setup is setting the argument OrganizationName to the value " + org + "."; });
        log_.line(0, "The installed MSI is current for this version of Setup.");
        log_.line(0, "RootDataHandler has 1 DataHandlers");
        int roles = 0;
        for (auto& s : texts::console_steps()) {
            if (s.role_handler.empty() || (s.exchange2016_only && ex.version != ExchangeVersion::exchange2016)) continue;
            log_.line(0, [&] { return "     " + s.role_handler; });
            ++roles;
        }
        log_.line(0, [&] { return fmt::format("Validating options for the {} requested roles", roles - 1); });
        log_.line(0, [&] { return fmt::format("UpgradeModeDataHandler has {} handlers and {} work units", roles + 3, roles + 3); });

        if (console_.keeps()) {
            console_.text(product() + " " + ex.target_name + " Unattended Setup");
            console_.blank();
            console_.text("Copying Files...");
            console_.text("File copy complete. Setup will now collect additional information needed for installation.");
            console_.blank();
            for (auto& s : texts::console_steps())
                if (!s.role_handler.empty() && (!s.exchange2016_only || ex.version == ExchangeVersion::exchange2016))
                    console_.text(s.role_handler);
            console_.blank();
        }
        write_prerequisite_phase();
        if (console_.keeps()) {
            console_.text("Performing Microsoft Exchange Server Prerequisite Check");
            console_.blank();
            console_.progress("Prerequisite Analysis", "COMPLETED");
            console_.blank();
            console_.text("Configuring Microsoft Exchange Server");
            console_.blank();
        }
    }

    // The prerequisite phase as real upgrade logs show it: Start-PreConfiguration, then
    // test-SetupPrerequisites with its evaluated settings (ExchangeSetup_AccessDenied_large.log).
    void write_prerequisite_phase() {
        auto& ex = state_.exchange;
        log_.line(0, "Performing Microsoft Exchange Server Prerequisite Check");
        std::string roles = "'LanguagePacks','AdminToolsRole','BridgeheadRole','ClientAccessRole',";
        if (ex.version == ExchangeVersion::exchange2016) roles += "'UnifiedMessagingRole',";
        roles += "'MailboxRole','FrontendTransportRole','CafeRole'";
        log_.line(0, "**************");
        log_.line(0, "Setup will run the task 'Start-PreConfiguration'");
        log_.line(1, [&] { return "Setup launched task 'Start-PreConfiguration -Mode 'BuildToBuildUpgrade' -Roles " + roles +
                         " -ADToolsNeeded $true'  "; });
        task_preamble(1, "Start-PreConfiguration",
                      log_.keeps() ? "-Mode:'BuildToBuildUpgrade' -Roles:" + roles + " -ADToolsNeeded:'True'" : std::string());
        log_.line(1, "Beginning processing Start-PreConfiguration");
        log_.advance(std::chrono::seconds{3});
        log_.line(1, "Ending processing Start-PreConfiguration");
        log_.line(0, "**************");
        log_.line(0, "Setup will run the task 'test-SetupPrerequisites'");
        std::string scan_roles = "'Global','LanguagePacks','Bridgehead','ClientAccess',";
        if (ex.version == ExchangeVersion::exchange2016) scan_roles += "'UnifiedMessaging',";
        scan_roles += "'Mailbox','FrontendTransport','Cafe'";
        log_.line(1, [&] { return fmt::format("Setup launched task 'test-SetupPrerequisites -DomainController '{}' -ExchangeVersion '{}' "
                                 "-Roles {} -ScanType 'PrecheckUpgrade'",
                                 ex.domain_controller, ex.target_build, scan_roles) + "'  "; });
        task_preamble(1, "test-SetupPrerequisites",
                      log_.keeps() ? fmt::format("-Roles:{} -DomainController:'{}' -ExchangeVersion:'{}'", scan_roles,
                                                 ex.domain_controller, ex.target_build)
                                   : std::string());
        log_.line(1, "Beginning processing test-SetupPrerequisites");
        log_.line(1, "Started [Analysis:Prereq]");
        log_.line(1, [&] { return fmt::format("Evaluated [Setting:ComputerNameDnsFullyQualified] [HasException:False] [Value:\"{}\"] "
                                 "[ParentValue:\"<NULL>\"] [Thread:8] [Duration:00:00:00.0010002]",
                                 ex.fqdn); });
        log_.advance(std::chrono::seconds{68});
        log_.line(1, "Ending processing test-SetupPrerequisites");
    }

    std::string installed_roles() const {
        std::string roles = "BridgeheadRole ClientAccessRole MailboxRole ";
        if (state_.exchange.version == ExchangeVersion::exchange2016) roles += "UnifiedMessagingRole ";
        return roles + "FrontendTransportRole AdminToolsRole CafeRole ";
    }

    std::optional<SetupError> run_step(const texts::ConsoleStep& step, int role_step) {
        // A resumed run skips the role tasks that completed before the failure (INFERRED: real
        // logs show the resume only for the failed task, facts.md 1d).
        bool already_done = resumed_ && !step.task.empty() && role_step < state_.setup.completed_steps;
        if (step.console_name == "Stopping Services") disable_services();
        if (!step.task.empty() && !already_done) {
            if (auto error = run_role_task(step)) return error;
        }
        log_.advance(std::chrono::seconds{already_done ? 3 : step.duration_seconds});
        console_.progress(step.console_name, "COMPLETED");
        return std::nullopt;
    }

    // ServiceControl.ps1 logs through Write-ExchangeSetupLog: each of its lines between that cmdlet's
    // Beginning and Ending processing (ExchangeSetup_InstallFromBin.log).
    void service_control_line(const std::string& text) {
        log_.line(2, "Beginning processing Write-ExchangeSetupLog");
        log_.line(2, text);
        log_.line(2, "Ending processing Write-ExchangeSetupLog");
    }

    void disable_services() {
        for (auto& s : texts::exchange_services()) {
            service_control_line(log_.keeps() ? fmt::format("[ServiceControl.ps1] Disabling service '{}'.", s) : std::string());
            auto& disabled = state_.setup.disabled_services;
            if (std::find(disabled.begin(), disabled.end(), s) == disabled.end()) disabled.push_back(s);
        }
        service_control_line("[ServiceControl.ps1] Script completed succesfully.");  // sic, as in real logs
        state_.setup.upgrade_in_progress = true;
        state_.exchange.management_usable = false;
    }

    std::optional<SetupError> run_role_task(const texts::ConsoleStep& step) {
        auto& ex = state_.exchange;
        log_.line(0, "**************");
        log_.line(0, [&] { return "Setup will run the task '" + step.task + "'"; });
        log_.line(1, [&] {
            std::string launched = step.task + " -DomainController '" + ex.domain_controller + "'";
            if (step.role_name == "BridgeheadRole")
                launched += " -updatesdir $null -LanguagePacksPath 'D:\\\\' -StartTransportService $true -DisableAMFiltering $false";
            else if (!step.role_name.empty())
                launched += " -updatesdir $null";
            return "Setup launched task '" + launched + "'  ";
        });
        std::string parameters;
        if (log_.keeps()) {
            parameters = "-DomainController:'" + ex.domain_controller + "'";
            if (step.role_name == "BridgeheadRole")
                parameters += " -UpdatesDir:$null -LanguagePacksPath:'D:\\\\' -StartTransportService:'True' -DisableAMFiltering:'False'";
            else if (!step.role_name.empty())
                parameters += " -UpdatesDir:$null";
        }
        task_preamble(1, step.task, parameters);
        log_.line(1, [&] { return "Beginning processing " + step.task; });
        if (!step.role_name.empty()) {
            log_.line(1, [&] { return "Attempting Install for " + step.role_name + "."; });
            log_.line(1, [&] { return "Executing: $RoleRoleName = '" + step.role_name + "'"; });
            log_.line(1, "Executing: $RoleSetupLoggingPath = 'C:\\ExchangeSetupLogs'");
            log_.line(1, [&] { return "Executing: $RoleTargetVersion = '" + padded_version(ex.target_build) + "'"; });
            if (resumed_ && step.console_name == state_.setup.failed_step)
                log_.line(1, [&] { return fmt::format("Setup failed previously while performing the action {}.  Looking for the "
                                         "failed task with ID {}.",
                                         state_.setup.failed_action, state_.setup.failed_task_id); });
        }
        std::optional<SetupError> error;
        if (step.role_name == "BridgeheadRole") error = run_certificate_component(step, "IIS");
        else if (step.role_name == "CafeRole") error = run_certificate_component(step, "\"IIS, POP, IMAP\"");
        if (!error) {
            log_.line(1, "Finished executing component tasks.");
            log_.line(1, [&] { return "Ending processing " + step.task; });
        }
        return error;
    }

    std::optional<SetupError> run_certificate_component(const texts::ConsoleStep& step, const std::string& services) {
        // Component name INFERRED; the line's format is that of real logs (facts.md 1).
        log_.line(1, [&] { return fmt::format("Processing component 'Exchange Certificates' (Configuring the {}.).",
                                 step.console_name); });
        log_.line(1, [&] { return "Executing: " + texts::install_certificate_task(services).log_script; });
        auto failure = install_exchange_certificate(state_, services, log_, changes_);
        if (failure) return SetupError{step.console_name, certificate_task_id(step.role_name), failure->exception};
        install_auth_certificate(state_, log_, changes_);
        return std::nullopt;
    }

    static std::string with_frames(const texts::ExceptionText& e) {
        std::string s = e.first_line();
        for (auto& f : e.frames) s += "\n" + f;
        return s;
    }

    void fail(const SetupError& error) {
        const auto& step = *std::find_if(texts::console_steps().begin(), texts::console_steps().end(),
                                         [&](auto& s) { return s.console_name == error.step; });
        auto script = texts::install_certificate_task(step.role_name == "BridgeheadRole" ? "IIS" : "\"IIS, POP, IMAP\"");
        // The log's error block, in the order of real logs (facts.md 1, Service_Disabled.log).
        log_.line(1, "The following 1 error(s) occurred during task execution:");
        log_.line(1, [&] { return "0.  ErrorRecord: " + error.exception.message; });
        log_.line(1, [&] { return "0.  ErrorRecord: " + with_frames(error.exception); });
        log_.line(1, [&] { return "[ERROR] The following error was generated when \"$error.Clear(); " + script.log_script +
                         "\" was run: \"" + with_frames(error.exception) + "\"."; });
        log_.line(1, [&] { return "[ERROR] " + error.exception.message; });
        for (auto& inner : error.exception.inner) log_.line(1, [&] { return "[ERROR] " + inner.substr(inner.find(": ") + 2); });
        log_.line(1, [&] { return "[ERROR-REFERENCE] Id=" + error.task_id +
                         " Component=EXCHANGE14:\\Current\\Release\\Shared\\Datacenter\\Setup"; });
        log_.line(1, "Setup is stopping now because of one or more critical errors.");
        log_.line(1, "Finished executing component tasks.");
        log_.line(1, [&] { return "Ending processing " + step.task; });
        for (auto& l : {"CurrentResult console.ProcessRunInternal:198: 1", "CurrentResult launcherbase.maincore:90: 1",
                        "CurrentResult console.startmain:52: 1", "CurrentResult SetupLauncherHelper.loadassembly:452: 1"})
            log_.line(0, l);
        log_.line(0, [&] { return texts::setup_did_not_complete(); });
        log_.line(0, "CurrentResult main.run:235: 1");
        log_.line(0, "CurrentResult setupbase.maincore:396: 1");

        // The console: the FAILED line, the error block (facts.md 1b/5), the closing message.
        if (console_.keeps()) {
            console_.progress(error.step, "FAILED");
            std::string frames;
            for (auto& f : error.exception.frames) {
                if (!frames.empty()) frames += '\n';
                frames += f;
            }
            console_.text(script.console_head + "\" was run: \"" + error.exception.first_line() + (frames.empty() ? "\"." : ""));
            if (!frames.empty()) console_.wrapped(frames + "\".");
            console_.blank();
            console_.text(texts::setup_did_not_complete());
            console_.blank();
        }

        // R5: half-upgraded, resumable from the failed task.
        auto& progress = state_.setup;
        progress.upgrade_in_progress = true;
        progress.failed_action = "Install";
        progress.failed_task_id = error.task_id;
        progress.failed_step = error.step;
        int completed = 0;
        for (auto& s : texts::console_steps()) {
            if (s.console_name == error.step) break;
            if (s.exchange2016_only && state_.exchange.version != ExchangeVersion::exchange2016) continue;
            if (!s.role_handler.empty() || !s.task.empty()) ++completed;
        }
        progress.completed_steps = completed;
        state_.exchange.management_usable = false;
    }

    void complete() {
        log_.line(0, "CurrentResult console.ProcessRunInternal:198: 0");
        log_.line(0, [&] { return texts::setup_completed(); });
        log_.line(0, "CurrentResult setupbase.maincore:396: 0");
        console_.blank();
        console_.text(texts::setup_completed());
        console_.blank();
        state_.setup = SetupProgress{false, "", "", "", 0, {}, state_.setup.runs};
        state_.exchange.version = state_.exchange.target_version();  // 2019 becomes SE (in-place upgrade)
        state_.exchange.installed_build = state_.exchange.target_build;
        state_.exchange.management_usable = true;
        // Setup restarts every Exchange service and IIS: they load the Auth certificate anew.
        state_.exchange.auth_loaded_thumbprint = state_.exchange.auth.current_thumbprint;
    }

    ServerState state_;
    SetupLog log_;
    SetupConsole console_;
    std::vector<std::string> changes_;
    bool resumed_ = false;
};

}  // namespace

SetupResult run_setup(ServerState before, const SetupOptions& options) {
    return SetupRun(std::move(before), options).run();
}

}  // namespace cusim
