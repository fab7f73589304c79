#include "harness/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "sim/fix_run.hpp"
#include "sim/input_error.hpp"
#include "sim/scenario.hpp"

namespace cusim {

bool HarnessResult::all_held() const {
    return std::all_of(scenarios.begin(), scenarios.end(), [](auto& s) { return s.expectations.held; });
}

HarnessResult run_harness(const HarnessOptions& options) {
    std::vector<Fix> catalogue = load_fix_catalogue(options.fixes_dir);
    std::map<std::string, const Fix*> by_id;
    for (auto& f : catalogue) by_id[f.id] = &f;

    std::vector<Scenario> scenarios;
    std::set<std::string> ids;
    for (auto& path : options.paths)
        for (auto& file : find_scenario_files(path)) {
            Scenario s = load_scenario(file);
            trigger_steps(s);  // a bad trigger action is unusable input, found before anything runs
            if (!ids.insert(s.id).second) throw InputError(file, "/id", fmt::format("duplicate scenario id '{}'", s.id));
            for (auto& id : s.fix_ids)
                if (!by_id.count(id))
                    throw InputError(file, "/expect/fixes", fmt::format("unknown fix '{}' (not in {})", id, options.fixes_dir));
            scenarios.push_back(std::move(s));
        }
    if (scenarios.empty()) throw InputError(options.paths.empty() ? "" : options.paths.front(), "no scenario files found");

    HarnessResult result;
    std::set<std::string> used;
    for (const Scenario& s : scenarios) {
        ScenarioRecord rec{s.id, s.title, s.source, s.path, {}, {}, {}};
        Baseline baseline = run_baseline(s);
        rec.baseline = baseline.record;
        std::vector<std::string> to_run = s.fix_ids;
        if (options.all_fixes)
            for (auto& f : catalogue)
                if (std::find(to_run.begin(), to_run.end(), f.id) == to_run.end()) to_run.push_back(f.id);
        // Columns in catalogue order, whatever order the scenario listed them in.
        std::sort(to_run.begin(), to_run.end());
        for (auto& id : to_run) {
            rec.fixes.push_back(run_fix(s, baseline, *by_id.at(id)));
            used.insert(id);
        }
        if (s.expectations.baseline) rec.baseline.expected = to_string(*s.expectations.baseline);
        for (auto& fe : s.expectations.fixes)
            for (auto& r : rec.fixes)
                if (r.fix_id == fe.fix_id) {
                    r.expected = to_string(fe.outcome);
                    r.why = fe.why;
                }
        rec.expectations = check_expectations(s, rec.baseline, rec.fixes);
        result.scenarios.push_back(std::move(rec));
    }
    for (auto& f : catalogue)
        if (used.count(f.id)) {
            result.fix_columns.push_back(f.id);
            result.fix_titles.push_back(f.title);
        }
    return result;
}

}  // namespace cusim
