#pragma once
// `cusim explore`: generated server states (server_genome) run through the baseline CU and a fix,
// a tool or every fix, each checked for the properties below; each distinct way a property breaks
// is shrunk to a minimal state and written as a scenario file that `cusim run` replays.
//
// The result depends on the seed and the number of states only, never on the number of threads:
// state i is drawn from (seed, i); each way of breaking is kept with the lowest state index that
// shows it and the number of states that do (a minimum and a sum, the same in any order); the
// shrinking is deterministic.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/explore/server_genome.hpp"
#include "sim/recovery/fix.hpp"
#include "sim/recovery/run_record.hpp"

namespace cusim {

enum class Property : std::uint8_t {
    made_worse,      // (a) a fix leaves failing a check or probe that passed on the failed baseline
    coverage,        // (b) a catalogue fix succeeds where the tool does not
    preflight,       // (c) preflight's prediction differs from the simulated CU
    determinism,     // (d) the same state run twice gives different records (checked on one state in 64)
    internal_error,  // an exception on a generated state
    count
};
std::string to_string(Property p);
std::string property_title(Property p);

struct ExploreTarget {
    std::vector<const Fix*> fixes;      // --fix ID or --all-fixes: each fix checked
    const Fix* tool = nullptr;          // --tool FILE: the tool checked, and compared with the catalogue
    std::vector<const Fix*> catalogue;  // what the tool is compared with (coverage)
};

struct Violation {
    Property property = Property::made_worse;
    std::string run;        // the fix or tool id; "baseline" or "preflight"
    std::string signature;  // what "the same way" means when shrinking: e.g. the checks made worse
    std::string detail;     // one sentence for the summary and the scenario's why
};

struct StateCheck {
    Outcome baseline = Outcome::invalid;
    std::vector<Violation> violations;
};

// Every property on one scenario. A state whose baseline succeeds needs no fix: the fix
// properties (a, b) are checked on failed and partial baselines only, as an admin would run them.
// `twice`: also property (d), each run twice with setup's texts and compared with the quiet run.
StateCheck check_state(const Scenario& scenario, const ExploreTarget& target, bool twice = true);

// Whether two records of the same run are the same (property d).
bool same_record(const RunRecord& a, const RunRecord& b);

// The smallest genome, by removing and simplifying faults and then the healthy server's parts,
// on which `violation` still happens (same property, run and signature).
ServerGenome shrink(const ServerGenome& genome, const Violation& violation, const ExploreTarget& target);

struct Counterexample {
    Violation violation;           // as the minimal state shows it
    std::uint64_t first_state = 0;  // the lowest state index that broke it this way
    std::uint64_t states = 0;       // how many states did
    ServerGenome original, minimal;
    std::string id;                 // the scenario's id (its file is <out>/<id>.json)
    Json scenario;                  // the minimal state as a scenario file, with its expectations
};

struct ExploreResult {
    std::uint64_t states = 0;
    std::array<std::uint64_t, 5> baselines{};               // by Outcome
    std::array<std::uint64_t, size_t(Property::count)> failing{};  // states that broke each property
    std::vector<Counterexample> counterexamples;             // by first state
};

struct ExploreOptions {
    std::uint64_t seed = 1;
    std::uint64_t states = 10000;
    unsigned jobs = 1;
    // Asked between batches of states: true ends the run early (--time). Everything explored so
    // far is a prefix of the states, so the result is that of --states with the count reached.
    std::function<bool()> stop;
    // Called now and then from a worker with the states done so far (a progress bar).
    std::function<void(std::uint64_t done, std::uint64_t failing)> progress;
};

ExploreResult run_explore(const ExploreOptions& options, const ExploreTarget& target);

// A counterexample's scenario read back from its file and checked again: whether it still breaks
// the same way (written files must replay; anything else is an internal error).
bool replays(const Scenario& loaded, const Counterexample& c, const ExploreTarget& target);

// The summary: states tried, outcomes of the baseline, failures per property, the distinct
// minimal counterexamples and the files they are in (`out_dir`: where they were written).
std::string explore_summary(const ExploreResult& r, const ExploreOptions& options, const std::string& target_text,
                            const std::string& out_dir);

}  // namespace cusim
