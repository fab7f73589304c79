#pragma once
// What one run of a real ExchangeSetup.log says, read line by line with the shapes real logs have
// (facts.md 1, 1c, 1d; CSS-Exchange SetupLogReviewer's regexes, /work notes): who ran which setup
// in which mode, whether it completed, the first error and the failed task, and the certificate
// lines of Install-ExchangeCertificate. Every value keeps the log line it came from.
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.hpp"
#include "sim/formats/setup_log.hpp"

namespace cusim {

// A value read from the log and the line it came from (0: not in the log).
struct LogValue {
    std::string value;
    size_t line = 0;
    explicit operator bool() const { return line != 0; }
};

// "Installing certificate signed by '<issuer>' for site '<subject>'.  Certificate is valid from
// <from> until <until>." (R1; SetupLogReviewer's Test-ExpiredCertificate regex).
struct InstallingCertificateLine {
    std::string issuer, subject, valid_from, valid_until;  // as written (M/d/yyyy h:mm:ss tt)
    std::optional<SimTime> not_before, not_after;
    size_t line = 0;
};

struct RunFacts {
    size_t run_index = 0;         // which run of the log (0-based); the last is reviewed
    size_t runs = 0;
    size_t first_line = 0;        // the run's first line in the file
    size_t entries = 0;           // log entries in the run
    LogValue started;             // "Starting Microsoft Exchange Server 2019 Setup": the product
    LogValue run_date;            // the run's first stamp
    LogValue setup_version, user, mode, installation_mode, local_build, os_version;
    LogValue server, domain_controller, global_catalog;
    LogValue completed;           // "The Exchange Server setup operation completed successfully."
    LogValue did_not_complete;    // "... didn't complete.  More details ..."
    LogValue resumed_from;        // "Setup failed previously ... Looking for the failed task with ID X."
    // The failure: the first [ERROR] of the run, the last [ERROR-REFERENCE], and what ran.
    LogValue first_error;         // its text without "[ERROR] "
    LogValue error_reference_id, error_reference_component;
    LogValue failed_task;         // the last "Setup will run the task 'X'" before the first error
    LogValue failed_component;    // "Processing component 'X' (Y)." before it: "X (Y)"
    LogValue failed_script;       // the quoted script of "The following error was generated when ..."
    LogValue exception;           // its `was run: "` part, first line: type: message
    std::vector<std::string> error_lines;  // every [ERROR] text of the run, in order (first lines)
    std::vector<LogValue> disabled_services;  // "[ServiceControl.ps1] Disabling service 'X'." (this run and the runs it resumes)
    std::vector<InstallingCertificateLine> certificates;  // in the order setup examined them
    bool certificate_expired = false;  // "[ERROR] The certificate is expired." in the run
};

// The facts of the last run of `log`.
RunFacts last_run_facts(const ParsedSetupLog& log);

}  // namespace cusim
