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
    SetupRun(const ServerState& before, const SetupOptions& options)
        : state_(before), log_(before.clock), console_(options.console_width) {}

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
        state_.clock = log_.now();
        result.completed = !error;
        result.error = error;
        result.console = console_.str();
        result.log = log_.text();
        result.changes = std::move(changes_);
        result.state = std::move(state_);
        result.resumed = resumed_;
        return result;
    }

private:
    std::string product() const { return texts::product_name(state_.exchange.version); }

    void write_header() {
        auto& ex = state_.exchange;
        log_.line(0, "**********************************************");
        log_.line(0, "Starting " + product() + " Setup");
        log_.line(0, "**********************************************");
        log_.line(0, "Local time zone: (UTC) Coordinated Universal Time.");
        log_.line(0, "Operating system version: Microsoft Windows NT 10.0.17763.0.");
        log_.line(0, "Setup version: " + ex.target_build + ".");
        log_.line(0, "Logged on user: " + ex.logged_on_user + ".");
        log_.line(0, "Command Line Parameter Name='mode', Value='Upgrade'.");
        log_.line(0, "Command Line Parameter Name='iacceptexchangeserverlicenseterms_diagnosticdataoff', Value=''.");
        log_.line(0, "RuntimeAssembly was started with the following command: '/mode:Upgrade "
                     "/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF'.");
        log_.line(0, "Copying Files...");
        log_.line(0, "Starting copy from D:\\Setup\\ServerRoles\\Common to C:\\Windows\\Temp\\ExchangeSetup.");
        log_.advance(std::chrono::seconds{9});
        log_.line(0, "Finished copy from D:\\Setup\\ServerRoles\\Common to C:\\Windows\\Temp\\ExchangeSetup.");
        log_.line(0, "File copy complete.  Setup will now collect additional information needed for installation.");
        log_.advance(std::chrono::seconds{11});
        log_.line(0, "Setup will use the domain controller '" + ex.domain_controller + "'.");
        log_.line(0, "The following roles are installed: " + installed_roles());
        log_.line(0, "The installation mode is set to: 'BuildToBuildUpgrade'.");
        log_.line(0, "The locally installed version is " + ex.installed_build + ".");
        log_.line(0, "Exchange Installation Directory : 'C:\\Program Files\\Microsoft\\Exchange Server\\V15'.");
        log_.line(0, "RootDataHandler has 1 DataHandlers");
        int roles = 0;
        for (auto& s : texts::console_steps()) {
            if (s.role_handler.empty() || (s.exchange2016_only && ex.version != ExchangeVersion::exchange2016)) continue;
            log_.line(0, "     " + s.role_handler);
            ++roles;
        }
        log_.line(0, fmt::format("Validating options for the {} requested roles", roles - 1));
        log_.line(0, fmt::format("UpgradeModeDataHandler has {} handlers and {} work units", roles + 3, roles + 3));

        console_.text(product() + " " + ex.target_name + " Unattended Setup");
        console_.blank();
        console_.text("Copying Files...");
        console_.text("File copy complete. Setup will now collect additional information needed for installation.");
        console_.blank();
        for (auto& s : texts::console_steps())
            if (!s.role_handler.empty() && (!s.exchange2016_only || ex.version == ExchangeVersion::exchange2016))
                console_.text(s.role_handler);
        console_.blank();
        log_.line(0, "Performing Microsoft Exchange Server Prerequisite Check");
        log_.line(0, "**************");
        log_.line(0, "Setup will run the task 'Test-SetupHealth'");
        log_.line(1, "Beginning processing Test-SetupHealth");
        log_.advance(std::chrono::seconds{74});
        log_.line(1, "Ending processing Test-SetupHealth");
        console_.text("Performing Microsoft Exchange Server Prerequisite Check");
        console_.blank();
        console_.progress("Prerequisite Analysis", "COMPLETED");
        console_.blank();
        console_.text("Configuring Microsoft Exchange Server");
        console_.blank();
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

    void disable_services() {
        for (auto& s : texts::exchange_services()) {
            log_.line(2, fmt::format("[ServiceControl.ps1] Disabling service '{}'.", s));
            auto& disabled = state_.setup.disabled_services;
            if (std::find(disabled.begin(), disabled.end(), s) == disabled.end()) disabled.push_back(s);
        }
        log_.line(2, "[ServiceControl.ps1] Script completed succesfully.");  // sic, as in real logs
        state_.setup.upgrade_in_progress = true;
        state_.exchange.management_usable = false;
    }

    std::optional<SetupError> run_role_task(const texts::ConsoleStep& step) {
        auto& ex = state_.exchange;
        log_.line(0, "**************");
        log_.line(0, "Setup will run the task '" + step.task + "'");
        std::string launched = step.task + " -DomainController '" + ex.domain_controller + "'";
        if (step.role_name == "BridgeheadRole")
            launched += " -updatesdir $null -LanguagePacksPath 'D:\\\\' -StartTransportService $true -DisableAMFiltering $false";
        else if (!step.role_name.empty())
            launched += " -updatesdir $null";
        log_.line(1, "Setup launched task '" + launched + "'  ");
        log_.line(1, "Beginning processing " + step.task);
        if (!step.role_name.empty()) {
            log_.line(1, "Attempting Install for " + step.role_name + ".");
            log_.line(1, "Executing: $RoleRoleName = '" + step.role_name + "'");
            log_.line(1, "Executing: $RoleSetupLoggingPath = 'C:\\ExchangeSetupLogs'");
            log_.line(1, "Executing: $RoleTargetVersion = '" + padded_version(ex.target_build) + "'");
            if (resumed_ && step.console_name == state_.setup.failed_step)
                log_.line(1, fmt::format("Setup failed previously while performing the action {}.  Looking for the "
                                         "failed task with ID {}.",
                                         state_.setup.failed_action, state_.setup.failed_task_id));
        }
        std::optional<SetupError> error;
        if (step.role_name == "BridgeheadRole") error = run_certificate_component(step, "IIS");
        else if (step.role_name == "CafeRole") error = run_certificate_component(step, "\"IIS, POP, IMAP\"");
        if (!error) {
            log_.line(1, "Finished executing component tasks.");
            log_.line(1, "Ending processing " + step.task);
        }
        return error;
    }

    std::optional<SetupError> run_certificate_component(const texts::ConsoleStep& step, const std::string& services) {
        auto script = texts::install_certificate_task(services);
        // Component name INFERRED; the line's format is that of real logs (facts.md 1).
        log_.line(1, fmt::format("Processing component 'Exchange Certificates' (Configuring the {}.).",
                                 step.console_name));
        log_.line(1, "Executing: " + script.log_script);
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
        log_.line(1, "0.  ErrorRecord: " + error.exception.message);
        log_.line(1, "0.  ErrorRecord: " + with_frames(error.exception));
        log_.line(1, "[ERROR] The following error was generated when \"$error.Clear(); " + script.log_script +
                         "\" was run: \"" + with_frames(error.exception) + "\".");
        log_.line(1, "[ERROR] " + error.exception.message);
        for (auto& inner : error.exception.inner) log_.line(1, "[ERROR] " + inner.substr(inner.find(": ") + 2));
        log_.line(1, "[ERROR-REFERENCE] Id=" + error.task_id +
                         " Component=EXCHANGE14:\\Current\\Release\\Shared\\Datacenter\\Setup");
        log_.line(1, "Setup is stopping now because of one or more critical errors.");
        log_.line(1, "Finished executing component tasks.");
        log_.line(1, "Ending processing " + step.task);
        for (auto& l : {"CurrentResult console.ProcessRunInternal:198: 1", "CurrentResult launcherbase.maincore:90: 1",
                        "CurrentResult console.startmain:52: 1", "CurrentResult SetupLauncherHelper.loadassembly:452: 1"})
            log_.line(0, l);
        log_.line(0, texts::setup_did_not_complete());
        log_.line(0, "CurrentResult main.run:235: 1");
        log_.line(0, "CurrentResult setupbase.maincore:396: 1");

        // The console: the FAILED line, the error block (facts.md 1b/5), the closing message.
        console_.progress(error.step, "FAILED");
        std::string frames;
        for (auto& f : error.exception.frames) frames += (frames.empty() ? "" : "\n") + f;
        console_.text(script.console_head + "\" was run: \"" + error.exception.first_line() + (frames.empty() ? "\"." : ""));
        if (!frames.empty()) console_.wrapped(frames + "\".");
        console_.blank();
        console_.text(texts::setup_did_not_complete());
        console_.blank();

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
        log_.line(0, texts::setup_completed());
        log_.line(0, "CurrentResult setupbase.maincore:396: 0");
        console_.blank();
        console_.text(texts::setup_completed());
        console_.blank();
        state_.setup = SetupProgress{false, "", "", "", 0, {}, state_.setup.runs};
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

SetupResult run_setup(const ServerState& before, const SetupOptions& options) {
    return SetupRun(before, options).run();
}

}  // namespace cusim
