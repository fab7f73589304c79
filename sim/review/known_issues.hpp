#pragma once
// The known issues of CSS-Exchange's SetupLogReviewer (Setup/SetupLogReviewer/Checks/, MIT), so that
// `cusim review` says what that tool says, word for word, where it has a check for the failure:
// the same patterns, the same order of checks (the first that finds something wins), the same
// action-plan lines. Checks cusim does not have (prerequisite rules, LDIF, MSI, well-known objects,
// hybrid) are listed as not covered, never guessed.
#include <string>
#include <vector>

#include "sim/formats/setup_log.hpp"
#include "sim/review/run_facts.hpp"

namespace cusim {

struct KnownIssue {
    std::string check;                       // SetupLogReviewer's function, e.g. "Test-DisabledService"
    std::string source;                      // its file in microsoft/CSS-Exchange
    bool certificate = false;                // a certificate failure (Test-ExpiredCertificate)
    std::vector<std::string> error_context;  // the log lines it shows ("Found Error:")
    std::vector<std::string> action_plan;    // its "Do the following action plan:" lines, verbatim
};

// The physical lines of a run, as Select-String sees them: [line number, text with its prefix].
struct LogLine {
    size_t number;
    std::string text;
};
std::vector<LogLine> physical_lines(const SetupLogRun& run);

// The first of SetupLogReviewer's checks that cusim has and that finds the failure, or nothing.
std::optional<KnownIssue> find_known_issue(const ParsedSetupLog& log, const RunFacts& facts);

// SetupLogReviewer's checks that cusim does not have: when none of ours matched, one of these may.
const std::vector<std::string>& known_issue_checks_not_covered();

}  // namespace cusim
