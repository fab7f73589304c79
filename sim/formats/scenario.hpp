#pragma once
// Scenario files (scenarios/**/*.json): a server's state before the CU, with real
// certificates (PEM files under fixtures/ or descriptions made when loaded), and what
// is expected to happen. The format is published as scenarios/scenario.schema.json.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/formats/json_input.hpp"
#include "sim/model/outcome.hpp"
#include "sim/model/server_state.hpp"

namespace cusim {

struct SetupExpectation {
    std::optional<bool> completes;    // "setup": "completes" | "fails"
    std::string failed_step;          // console step name
    std::string error;                // text the error block must contain
};

struct FixExpectation {
    std::string fix_id;
    Outcome outcome = Outcome::succeeds;
    std::optional<std::vector<std::string>> failed_checks;  // ids, when the scenario pins them
    std::string why;                                        // the reason for a less obvious verdict
};

// A symptom the thread reports, checked on the state the trigger left: a probe (or check)
// that must fail, with text its symptom must contain and an event it must have logged.
struct SymptomExpectation {
    std::string check;       // probe or check id, e.g. "owa-login"
    bool fails = true;
    std::string text;        // part of the symptom
    std::optional<int> event;
    std::string pointer;
};

struct ScenarioExpectations {
    std::optional<Outcome> baseline;
    SetupExpectation setup;
    std::vector<SymptomExpectation> symptoms;
    std::vector<FixExpectation> fixes;
};

// What breaks the server in the scenario: the CU (default), a security update, a certificate
// renewal (the trigger's actions), or nothing (just probe the state).
enum class TriggerKind { cu, su, renew, none };
std::string to_string(TriggerKind k);

struct Scenario {
    std::string path;
    std::string id;
    std::string title;
    std::string source;
    std::string description;
    ServerState state;
    ScenarioExpectations expectations;
    TriggerKind trigger = TriggerKind::cu;
    std::string notes;  // where a case could not be reproduced faithfully, and why
    std::vector<std::string> fix_ids;  // fixes to run: "fixes", then those with an expectation
    std::map<std::string, std::string> certificate_ids;  // scenario id -> thumbprint
    // The trigger's "actions" as written (null when there are none): recovery parses them.
    // The rest of the file is not kept: a fleet run holds thousands of scenarios.
    Json trigger_actions;

    // The scenario id of a thumbprint, or the thumbprint itself.
    std::string name_of(const std::string& thumbprint) const;
};

Scenario load_scenario(const std::string& path);
// A scenario made in memory (`cusim review` builds one from a log). `path` stands for the file it
// would be: relative paths and key names resolve from its folder, and errors name it.
Scenario parse_scenario(const Json& document, const std::string& path);

// Every *.json below a folder (or the file itself), sorted, skipping *.schema.json and
// anything under a folder named "fixes", "runbooks" or "tools".
std::vector<std::string> find_scenario_files(const std::string& path);

}  // namespace cusim
