#include "harness/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/fix_files.hpp"
#include "sim/formats/json_input.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/scenario.hpp"

namespace cusim {

bool HarnessResult::all_held() const {
    return std::all_of(scenarios.begin(), scenarios.end(), [](auto& s) { return s.expectations.held; });
}

namespace {
std::vector<Scenario> load_scenarios(const std::vector<std::string>& paths) {
    std::vector<Scenario> scenarios;
    std::set<std::string> ids;
    for (auto& path : paths)
        for (auto& file : find_scenario_files(path)) {
            Scenario s = load_scenario(file);
            trigger_steps(s);  // a bad trigger action is unusable input, found before anything runs
            if (!ids.insert(s.id).second) throw InputError(file, "/id", fmt::format("duplicate scenario id '{}'", s.id));
            scenarios.push_back(std::move(s));
        }
    if (scenarios.empty()) throw InputError(paths.empty() ? "" : paths.front(), "no scenario files found");
    return scenarios;
}
}  // namespace

HarnessResult run_tool(const std::vector<std::string>& paths, const Fix& tool) {
    HarnessResult result;
    for (const Scenario& s : load_scenarios(paths)) {
        ScenarioRecord rec{s.id, s.title, s.source, s.path, {}, {}, {}};
        Baseline baseline = run_baseline(s);
        rec.baseline = baseline.record;
        rec.fixes.push_back(run_fix(s, baseline, tool));
        result.scenarios.push_back(std::move(rec));
    }
    result.fix_columns = {tool.id};
    result.fix_titles = {tool.title};
    return result;
}

ToolComparison compare_with_baseline(const HarnessResult& now, const std::string& baseline_report_path) {
    Json doc = load_json_file(baseline_report_path);
    JsonAt root(doc, baseline_report_path, "");
    ToolComparison c;
    std::map<std::string, std::pair<std::string, std::vector<std::string>>> before;  // id -> outcome, broke checks
    for (auto& s : root.at("scenarios").items()) {
        auto fixes = s.at("fixes").items();
        if (fixes.empty()) continue;
        std::vector<std::string> broke;
        if (auto b = fixes[0].find("broke_checks"))
            for (auto& x : b->items()) broke.push_back(x.str());
        before[s.str("id")] = {fixes[0].str("outcome"), broke};
    }
    for (auto& s : now.scenarios) {
        auto it = before.find(s.id);
        if (it == before.end() || s.fixes.empty()) continue;
        const RunRecord& r = s.fixes[0];
        std::string was = it->second.first, is = to_string(r.outcome);
        if (was == "succeeds" && is != "succeeds")
            c.regressions.push_back(fmt::format("{}: fixed before, now {}{}", s.id, is, r.error.empty() ? "" : " (" + r.error + ")"));
        else if (was != "succeeds" && is == "succeeds")
            c.improvements.push_back(fmt::format("{}: {} before, now succeeds", s.id, was));
        for (auto& b : r.broke_checks)
            if (std::find(it->second.second.begin(), it->second.second.end(), b) == it->second.second.end())
                c.regressions.push_back(fmt::format("{}: now breaks the check {}", s.id, b));
    }
    return c;
}

HarnessResult run_harness(const HarnessOptions& options) {
    std::vector<Fix> catalogue = load_fix_catalogue(options.fixes_dir);
    std::map<std::string, const Fix*> by_id;
    for (auto& f : catalogue) by_id[f.id] = &f;

    std::vector<Scenario> scenarios = load_scenarios(options.paths);
    for (auto& s : scenarios)
        for (auto& id : s.fix_ids)
            if (!by_id.count(id))
                throw InputError(s.path, "/expect/fixes", fmt::format("unknown fix '{}' (not in {})", id, options.fixes_dir));

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
