#pragma once
// Result records: what the harness hands to the report writers. Plain data; nothing in
// here depends on the machine or the wall clock.
#include <optional>
#include <string>
#include <vector>

#include "sim/checks/health_checks.hpp"
#include "sim/model/outcome.hpp"

namespace cusim {

struct ActionRecord {
    std::string step;    // the action as written in the fix
    std::string tool;
    bool ok = true;
    std::string output;  // what the tool printed (its error when !ok)
    std::vector<std::string> changes;
};

struct RunRecord {
    std::string fix_id;  // empty for the baseline
    std::string fix_title;
    Outcome outcome = Outcome::invalid;
    std::string failed_step;  // setup's failing step when outcome == fails
    std::string error;        // setup's error, or the failing action's output when invalid
    std::vector<ActionRecord> actions;
    std::vector<std::string> setup_changes;  // what the final setup run changed besides progress
    std::vector<CheckResult> checks;         // after a completed setup
    std::vector<std::string> broke_checks;   // ids that fail now and passed before: on the original state for
                                             // the baseline, on the failed baseline for a fix
    std::string expected;                    // the scenario's expected outcome, if it states one
    std::string why;                         // and the scenario's reason for it
    std::string console;                     // the final setup run's console
    std::string log;                         // ExchangeSetup.log of every run, appended as setup does

    std::vector<const CheckResult*> failed_checks() const {
        std::vector<const CheckResult*> out;
        for (auto& c : checks)
            if (!c.passed) out.push_back(&c);
        return out;
    }
};

struct BrokenExpectation {
    std::string run;      // "baseline" or a fix id
    std::string message;  // one sentence
};

struct Expectations {
    bool held = true;
    std::vector<BrokenExpectation> broken;
};

struct ScenarioRecord {
    std::string id, title, source, path;
    RunRecord baseline;
    std::vector<RunRecord> fixes;
    Expectations expectations;
};

}  // namespace cusim
