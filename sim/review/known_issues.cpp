#include "sim/review/known_issues.hpp"

#include <fmt/format.h>

#include <functional>

#include "sim/core/text.hpp"
#include "sim/core/text_pattern.hpp"

namespace cusim {

namespace {
const std::string kChecks = "Setup/SetupLogReviewer/Checks/";

bool contains(const std::string& line, const char* pattern) { return match_text(line, pattern).has_value(); }

struct Context {
    const ParsedSetupLog& log;
    const RunFacts& facts;
    std::vector<LogLine> lines;  // the reviewed run's physical lines
    // GetFirstErrorWithContextToLine: the first [ERROR] line of the run, then the lines up to
    // `to_line` (inclusive; 200 after it when there is none), with `before` lines before it.
    std::vector<std::string> error_context(size_t to_line, size_t before = 0) const {
        std::vector<std::string> out;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].text.find("[ERROR]") == std::string::npos) continue;
            for (size_t b = before; b > 0; --b)
                if (i >= b && !lines[i - b].text.empty()) out.push_back(lines[i - b].text);
            size_t last = to_line ? to_line : lines[i].number + 200;
            for (size_t j = i; j < lines.size() && lines[j].number <= last && j <= i + 200; ++j)
                if (!lines[j].text.empty()) out.push_back(lines[j].text);
            break;
        }
        return out;
    }
    std::vector<std::string> reference_context(size_t before = 0) const {
        return error_context(facts.error_reference_id.line, before);
    }
};

std::optional<std::vector<std::string>> first_match(const std::vector<std::string>& lines, const char* pattern) {
    for (auto& l : lines)
        if (auto m = match_text(l, pattern)) return m;
    return std::nullopt;
}

// The context from two lines before the last line that matches to the end (Test-EndpointMapper,
// Test-FailedSearchFoundation, Test-MountDatabaseFailure).
std::vector<std::string> from_before_last_match(const std::vector<std::string>& context, const char* pattern) {
    size_t last = 0;
    for (size_t i = 0; i < context.size(); ++i)
        if (contains(context[i], pattern)) last = i;
    return std::vector<std::string>(context.begin() + long(last >= 2 ? last - 2 : 0), context.end());
}

using Check = std::function<std::optional<KnownIssue>(const Context&)>;

KnownIssue issue(const std::string& check, const std::string& file, std::vector<std::string> context,
                 std::vector<std::string> plan) {
    return {check, kChecks + file, false, std::move(context), std::move(plan)};
}

// ---- Test-KnownIssuesByErrors: ErrorContext checks, on the first [ERROR] .. [ERROR-REFERENCE] lines.

std::optional<KnownIssue> arbitration_mailbox(const Context& c) {
    auto ctx = c.reference_context();
    if (!first_match(ctx, "Microsoft.Exchange.Data.Directory.ADConstraintViolationException*the operation failed because UPN "
                          "value provided for addition/modification is not unique forest-wide") &&
        !first_match(ctx, "Microsoft.Exchange.Data.Directory.ADConstraintViolationException*The operation failed because UPN "
                          "value provided for addition/modification is not unique forest-wide"))
        return std::nullopt;
    return issue("Test-ArbitrationMailbox", "ErrorContext/Test-ArbitrationMailbox.ps1", ctx,
                 {"This is a known issue, however, we are still investigating as to why this issue is occurring in some "
                  "environments. Please email 'ExToolsFeedback@microsoft.com' ASAP to investigate this issue.",
                  "Do NOT remove the arbitration mailboxes/accounts as they may contain critical information for your "
                  "environment."});
}

std::optional<KnownIssue> disabled_service(const Context& c) {
    auto ctx = c.reference_context();
    if (!first_match(ctx, "System.ComponentModel.Win32Exception: The service cannot be started, either because it is "
                          "disabled or because it has no enabled devices associated with it"))
        return std::nullopt;
    return issue("Test-DisabledService", "ErrorContext/Test-DisabledService.ps1", ctx,
                 {"Required Exchange Services are failing to start because it appears to be disabled or dependent "
                  "services are disabled. Enable them and try again",
                  "NOTE: Might need to do this often while setup is running",
                  "Example Command: Get-Service MSExchange* | Set-Service -StartupType Automatic"});
}

std::optional<KnownIssue> endpoint_mapper(const Context& c) {
    auto ctx = c.reference_context();
    const char* p = "System.Runtime.InteropServices.COMException (0x800706D9): There are no more endpoints available from "
                    "the endpoint mapper. (Exception from HRESULT: 0x800706D9)";
    if (!first_match(ctx, p)) return std::nullopt;
    return issue("Test-EndpointMapper", "ErrorContext/Test-EndpointMapper.ps1", from_before_last_match(ctx, p),
                 {"Start the Windows Firewall Service, as this is required to run setup."});
}

std::optional<KnownIssue> failed_search_foundation(const Context& c) {
    auto ctx = c.reference_context();
    // PowerShell's -match ignores case: logs say "installconfig.ps1", the check "InstallConfig.ps1".
    std::vector<std::string> lower_ctx;
    for (auto& l : ctx) lower_ctx.push_back(ascii_lower(l));
    const char* old_nodes = "was run: \"system.exception: failure configuring searchfoundation through installconfig.ps1 - "
                            "old nodes belonging to the system 'fsis', already exist in";
    const char* any = "was run: \"system.exception: failure configuring searchfoundation through installconfig.ps1";
    std::string data = "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\Search\\Ceres\\HostController\\Data";
    std::string nodes = data + "\\Nodes\\Fsis";
    std::string installer = "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\Search\\Ceres\\Installer";
    auto slice = [&](const char* p) {
        size_t last = 0;
        for (size_t i = 0; i < lower_ctx.size(); ++i)
            if (contains(lower_ctx[i], p)) last = i;
        return std::vector<std::string>(ctx.begin() + long(last >= 2 ? last - 2 : 0), ctx.end());
    };
    if (first_match(lower_ctx, old_nodes))
        return issue("Test-FailedSearchFoundation", "ErrorContext/Test-FailedSearchFoundation.ps1", slice(old_nodes),
                     {"- Make sure the Microsoft Exchange Host Controller and Microsoft Exchange Search service is not "
                      "running and not disabled.",
                      "- Uninstall the Search Foundation",
                      "       1. Remove all SubFolders under " + nodes,
                      "       2. Open Powershell as Administrator and navigate to the folder " + installer,
                      "       3. Now uninstall the Search Foundation with this command: .\\InstallConfig.ps1 -action U "
                      "-DataFolder \"" + data + "\"",
                      "       4. Run Setup again."});
    if (first_match(lower_ctx, any))
        return issue("Test-FailedSearchFoundation", "ErrorContext/Test-FailedSearchFoundation.ps1", slice(any),
                     {"- Make sure the Microsoft Exchange Search Host Controller and Microsoft Exchange Search service is "
                      "not disabled and started.",
                      "- Make sure that all 4 noderunner.exe processes are able to start and run. If they aren't able to "
                      "troubleshoot that.",
                      "- Try to manually configure the Search Foundation by following these steps, and troubleshoot why it "
                      "might be failing before trying setup again:",
                      "     1. Stop the Microsoft Exchange Search and Microsoft Exchange Search Host Controller services.",
                      "     2. Remove all SubFolders under " + nodes,
                      "     3. Open Powershell as Administrator and navigate to the folder " + installer,
                      "     4. Now uninstall the Search Foundation with this command: .\\InstallConfig.ps1 -action U "
                      "-DataFolder \"" + data + "\"",
                      "     5. Now install the Search Foundation with this command: .\\InstallConfig.ps1 -action I "
                      "-DataFolder \"" + data + "\""});
    return std::nullopt;
}

std::optional<KnownIssue> missing_directory(const Context& c) {
    auto ctx = c.reference_context();
    std::vector<std::string> matching;
    std::string dir;
    for (auto& l : ctx)
        if (auto m = match_text(l, "System.Management.Automation.ItemNotFoundException: Cannot find path '{}' because it "
                                   "does not exist")) {
            matching.push_back(l);
            if (dir.empty()) dir = (*m)[0];
        }
    if (matching.empty()) return std::nullopt;
    return issue("Test-MissingDirectory", "ErrorContext/Test-MissingDirectory.ps1", matching,
                 {"Create the directory: \"" + dir + "\""});
}

std::optional<KnownIssue> missing_home_mdb(const Context& c) {
    auto ctx = c.reference_context();
    for (auto& l : ctx)
        if (contains(l, "[ERROR] Database is mandatory on UserMailbox"))
            return issue("Test-MissingHomeMdb", "ErrorContext/Test-MissingHomeMdb.ps1", {l},
                         {"Missing homeMdb on critical mailbox. Run SetupAssist.ps1 to find all problem mailboxes that "
                          "needs to be addressed."});
    return std::nullopt;
}

std::optional<KnownIssue> mount_database_failure(const Context& c) {
    auto ctx = c.reference_context();
    const char* p = "was run: \"System.InvalidOperationException: Failed to mount database \"{}\".";
    if (!first_match(ctx, p)) return std::nullopt;
    return issue("Test-MountDatabaseFailure", "ErrorContext/Test-MountDatabaseFailure.ps1", from_before_last_match(ctx, p),
                 {"Determine why you aren't able to mount the database and have it mounted prior to running setup "
                  "again."});
}

std::optional<KnownIssue> install_from_bin(const Context& c) {
    auto ctx = c.reference_context();
    if (!first_match(ctx, "The term '*\\V15\\Bin\\ManageScheduledTask.ps1' is not recognized as the name of a cmdlet, "
                          "function, script file, or operable program. Check the spelling of the name, or if a path was "
                          "included, verify that the path is correct and try again"))
        return std::nullopt;
    return issue("Test-InstallFromBin", "ErrorContext/Test-InstallFromBin.ps1", ctx,
                 {"- Run Setup again, but when using powershell.exe you MUST USE '.\\' prior to setup.exe."});
}

// ---- Test-KnownIssuesByErrors: ErrorReference checks.

std::optional<KnownIssue> initialize_permissions_of_domain(const Context& c) {
    if (c.facts.error_reference_id.value != "DomainGlobalConfig___27a706ffe123425f9ee60cb02b930e81") return std::nullopt;
    auto ctx = c.reference_context(1);
    if (ctx.empty() || !first_match(ctx, "SecErr: DSID-* problem 4003 (INSUFF_ACCESS_RIGHTS)")) return std::nullopt;
    auto m = match_text(ctx[0], "Used domain controller {} to read object {}.");
    if (!m) return std::nullopt;
    std::string object = (*m)[1];
    std::vector<std::string> shown(ctx.begin(), ctx.begin() + long(std::min<size_t>(10, ctx.size())));
    return issue("Test-InitializePermissionsOfDomain", "ErrorReference/Test-InitializePermissionsOfDomain.ps1", shown,
                 {fmt::format("We failed to have the correct permissions to write ACE to '{}' as the current user {}",
                              object, c.facts.user.value),
                  "- Make sure there are no denies for this user on the object",
                  "- By default Enterprise Admins and BUILTIN\\Administrators give you the rights to do this action "
                  "(dsacls 'write permissions')",
                  fmt::format("- If unable to determine the cause, you can apply FULL CONTROL to '{}' for the user {}",
                              object, c.facts.user.value)});
}

std::optional<KnownIssue> fips_upgrade_configuration(const Context& c) {
    if (c.facts.error_reference_id.value != "BridgeheadComponent___9FAA17C4-73D7-4E6D-9012-6274971434D5") return std::nullopt;
    auto ctx = c.reference_context();
    if (!first_match(ctx, "Access to the path is denied.")) return std::nullopt;
    return issue("Test-FipsUpgradeConfiguration", "ErrorReference/Test-FipsUpgradeConfiguration.ps1", ctx,
                 {"Failed to access the path and upgrade '\\V15\\FIP-FS\\Data\\Configuration.xml'",
                  "Check access rights to this location OR use PROCMON to determine why this is occurring."});
}

std::optional<KnownIssue> known_issues_by_errors(const Context& c) {
    if (!c.facts.error_reference_id) return std::nullopt;
    for (const auto& check : {arbitration_mailbox, disabled_service, endpoint_mapper, failed_search_foundation,
                              missing_directory, missing_home_mdb, mount_database_failure, install_from_bin,
                              initialize_permissions_of_domain, fips_upgrade_configuration})
        if (auto found = check(c)) return found;
    return std::nullopt;
}

// ---- Test-ExpiredCertificate: no error context, three lines (facts.md 1c).
std::optional<KnownIssue> expired_certificate(const Context& c) {
    if (!c.facts.certificate_expired) return std::nullopt;
    KnownIssue i = issue("Test-ExpiredCertificate", "FindContext/Test-ExpiredCertificate.ps1", {}, {});
    i.certificate = true;
    // The last "Installing certificate ..." line of the run, as Select-String | Select-Object -Last 1.
    std::string subject, until;
    if (!c.facts.certificates.empty()) {
        subject = c.facts.certificates.back().subject;
        until = c.facts.certificates.back().valid_until;
    }
    i.action_plan = {"Certificate: " + subject + " has expired.", "Certificate expired on: " + until + ".",
                     "Please replace it, reboot the server and run setup again."};
    return i;
}

// ---- Test-SharedConfigDc.
std::optional<KnownIssue> shared_config_dc(const Context& c) {
    if (c.facts.error_reference_id.value != "AllADRolesCommonServiceControl___ee47ab1c06fb47919398e2e95ed99c6c")
        return std::nullopt;
    const LogLine* unable = nullptr;
    std::string error, exception;
    for (auto& l : c.lines) {
        if (contains(l.text, "[ERROR] Unable to set shared config DC")) unable = &l;
        if (auto m = match_text(l.text, "] An error ocurred while setting shared config DC. Error: {}")) error = (*m)[0];
        if (auto m = match_text(l.text, "] An exception ocurred while setting shared config DC. Exception: {}")) exception = (*m)[0];
    }
    if (!unable) return std::nullopt;
    const std::string started =
        "It appears that the Microsoft Exchange Active Directory Topology service was started on the server and we ran "
        "into a different inner exception.";
    const std::string note = "NOTE: It is common that the service will not stay started after the initial failure, make "
                             "sure you keep the Microsoft Exchange Active Directory Topology service running during the "
                             "entire setup process";
    std::vector<std::string> generic = {started,
                                        "Carefully read the inner exception and review the application logs to determine "
                                        "why we can't connect to Active Directory.",
                                        "", "       " + note};
    const std::string file = "FindContext/Test-SharedConfigDc.ps1";
    if (!error.empty()) {
        std::vector<std::string> ctx = {unable->text, "Inner Exception: " + error};
        if (error == "Topology Provider coundn't find the Microsoft Exchange Active Directory Topology service on end "
                     "point 'TopologyClientTcpEndpoint (localhost)'.")
            return issue("Test-SharedConfigDc", file, ctx,
                         {"1. The service needs to be started prior to setup & during setup. Setup could be stopping and "
                          "disabling this service preventing setup from working.",
                          "     MAKE SURE IT IS RUNNING DURING THE WHOLE SETUP AFTER COPYING FILES",
                          "2. After starting the service, make sure it stays running and check the application logs to "
                          "make sure there are no errors.",
                          "     We could have failed the first time because we couldn't find a suitable domain controller "
                          "for various number of reasons.",
                          "     If those errors are still there after starting the service, you need to address those "
                          "prior to trying to run setup again."});
        return issue("Test-SharedConfigDc", file, ctx, generic);
    }
    if (!exception.empty()) return issue("Test-SharedConfigDc", file, {unable->text, "Inner Exception: " + exception}, generic);
    return issue("Test-SharedConfigDc", file, {unable->text},
                 {"Determined that we found an issue with trying to set the Shared Config DC, but was unable to get find "
                  "the inner exception.",
                  "Start the Microsoft Exchange Active Directory Topology service and see if there are any errors in the "
                  "application log related to the service after it has started.",
                  "Troubleshoot those error messages prior to trying to run setup again.", note});
}
}  // namespace

std::vector<LogLine> physical_lines(const SetupLogRun& run) {
    std::vector<LogLine> out;
    for (auto& e : run.entries) {
        size_t n = e.line;
        size_t start = 0;
        bool first = true;
        while (true) {
            size_t end = e.text.find('\n', start);
            std::string piece = e.text.substr(start, end == std::string::npos ? std::string::npos : end - start);
            out.push_back({n++, first ? fmt::format("[{}] [{}] {}", e.stamp, e.level, piece) : piece});
            first = false;
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return out;
}

std::optional<KnownIssue> find_known_issue(const ParsedSetupLog& log, const RunFacts& facts) {
    Context c{log, facts, physical_lines(log.runs.back())};
    // SetupLogReviewer's order (Invoke-SetupLogReviewer's InvokeTests): the checks before these
    // (prerequisites, LDIF, MSI) are not covered; those after them in its list are.
    for (const auto& check : {known_issues_by_errors, expired_certificate, shared_config_dc})
        if (auto found = check(c)) return found;
    return std::nullopt;
}

const std::vector<std::string>& known_issue_checks_not_covered() {
    static const std::vector<std::string> checks = {
        "Test-PrerequisiteCheck", "Test-KnownLdifErrors", "Test-KnownMsiIssuesCheck",
        "Test-ExceptionADOperationFailedAlreadyExist", "Test-MSExchangeSecurityGroupsContainerDeleted",
        "Test-ServiceControlReverse", "Test-VirtualDirectoryFailure", "Test-MultiActiveSyncVirtualDirectories",
        "Test-OtherWellKnownObjects", "Test-IsHybridObjectFoundOnPremises", "Test-InvalidWKObjectTargetException"};
    return checks;
}

}  // namespace cusim
