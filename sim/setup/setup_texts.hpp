#pragma once
// Every text setup prints that cusim reproduces, in one place, each with its source in
// ../shared/domain/facts.md. Texts marked INFERRED were not seen verbatim in a public
// source: change them here and nowhere else.
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim::texts {

// A .NET exception as setup reports it: type, message and stack frames ("   at ...").
struct ExceptionText {
    std::string type;
    std::string message;
    std::vector<std::string> inner;  // " ---> Type: message" parts appended to the first line
    std::vector<std::string> frames;
    std::string first_line() const;  // "Type: message ---> Inner: message"
};

// The frames depend on the build (facts.md 1c2): a 2019 server's log (CSS-Exchange PR #409) has no
// WriteError frame and names the lambda b__91_1; older 2013/2016 builds print the seed post's frames.
ExceptionText certificate_expired(ExchangeVersion version);
ExceptionText insufficient_rights(const std::string& thumbprint);
// Administrators may read the key but not change its ACL (frankysweb.de, win-acme key).
ExceptionText access_rule_denied(const std::string& thumbprint);

// The certificate task script. The log prints `Executing: <log_script>` and, on failure,
// `[ERROR] The following error was generated when "$error.Clear(); <log_script>" was run: ...`.
// The console prints `console_head` and then `" was run: "<exception>".`
struct TaskScript {
    std::string console_head;  // facts.md 1b (Transport) / 5 (Client Access Front End), line for line
    std::string log_script;    // indented as real logs quote scripts (facts.md 1, Service_Disabled.log)
};
TaskScript install_certificate_task(const std::string& services_argument);

std::string installing_certificate_line(const Certificate& c);  // the line SetupLogReviewer's regex reads
std::string setup_did_not_complete();                            // verified (facts.md 1)
std::string setup_completed();                                   // INFERRED (facts.md 1e)
std::string product_name(ExchangeVersion v);                     // "Microsoft Exchange Server 2019"; SE's INFERRED

// Console step names (facts.md 1e; the order before the role steps is INFERRED).
struct ConsoleStep {
    std::string console_name;
    std::string role_handler;  // the handler name in the log's role list, "" for non-role steps
    std::string role_name;     // e.g. "BridgeheadRole"
    std::string task;          // e.g. "Install-BridgeheadRole" (INFERRED except Bridgehead and Languages)
    int duration_seconds;      // plausible durations, so the log's clock advances
    bool exchange2016_only = false;
};
const std::vector<ConsoleStep>& console_steps();

// Services setup disables during the upgrade and leaves disabled after a failure (facts.md 1d).
const std::vector<std::string>& exchange_services();

}  // namespace cusim::texts
