#include "harness/runner.hpp"

#include "harness/run_in_order.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/fix_files.hpp"
#include "sim/formats/json_input.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/scenario.hpp"

namespace cusim {

namespace {

// Every scenario file below the paths, loaded on `jobs` threads; the first bad file in file
// order is the error, whatever the threads did.
std::vector<Scenario> load_scenarios(const std::vector<std::string>& paths, unsigned jobs) {
    std::vector<std::string> files;
    for (auto& path : paths)
        for (auto& file : find_scenario_files(path)) files.push_back(file);
    struct Loaded {
        std::optional<Scenario> scenario;
        std::exception_ptr error;
    };
    std::vector<Scenario> scenarios;
    std::set<std::string> ids;
    run_in_order<Loaded>(
        files.size(), jobs, 64 * size_t(jobs),
        [&](size_t i) {
            Loaded l;
            try {
                Scenario s = load_scenario(files[i]);
                trigger_steps(s);  // a bad trigger action is unusable input, found before anything runs
                l.scenario = std::move(s);
            } catch (...) {
                l.error = std::current_exception();
            }
            return l;
        },
        [&](Loaded&& l) {
            if (l.error) std::rethrow_exception(l.error);
            if (!ids.insert(l.scenario->id).second)
                throw InputError(l.scenario->path, "/id", fmt::format("duplicate scenario id '{}'", l.scenario->id));
            scenarios.push_back(std::move(*l.scenario));
        });
    if (scenarios.empty()) throw InputError(paths.empty() ? "" : paths.front(), "no scenario files found");
    return scenarios;
}
}  // namespace

HarnessResult run_tool(const std::vector<std::string>& paths, const Fix& tool, const ProgramFence& fence) {
    HarnessResult result;
    for (const Scenario& s : load_scenarios(paths, 1)) {
        ScenarioRecord rec{s.id, s.title, s.source, s.path, {}, {}, {}};
        Baseline baseline = run_baseline(s);
        baseline.fix_texts = false;  // the reports show no fix run's console or log
        rec.baseline = baseline.record;
        rec.fixes.push_back(run_fix(s, baseline, tool, fence));
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

namespace {

ScenarioRecord run_scenario(const Scenario& s, const std::vector<std::string>& to_run, const std::map<std::string, const Fix*>& by_id,
                            const ProgramFence& fence) {
    ScenarioRecord rec{s.id, s.title, s.source, s.path, {}, {}, {}};
    Baseline baseline = run_baseline(s);
    baseline.fix_texts = false;  // the reports show no fix run's console or log
    rec.baseline = baseline.record;
    for (auto& id : to_run) rec.fixes.push_back(run_fix(s, baseline, *by_id.at(id), fence));
    if (s.expectations.baseline) rec.baseline.expected = to_string(*s.expectations.baseline);
    for (auto& fe : s.expectations.fixes)
        for (auto& r : rec.fixes)
            if (r.fix_id == fe.fix_id) {
                r.expected = to_string(fe.outcome);
                r.why = fe.why;
            }
    rec.expectations = check_expectations(s, rec.baseline, rec.fixes);
    return rec;
}

}  // namespace

bool run_harness(const HarnessOptions& options, const std::function<void(const HarnessPlan&)>& on_plan,
                 const std::function<void(ScenarioRecord&&)>& on_record) {
    std::vector<Fix> catalogue = load_fix_catalogue(options.fixes_dir);
    std::map<std::string, const Fix*> by_id;
    for (auto& f : catalogue) by_id[f.id] = &f;

    unsigned jobs = job_count(options.jobs);
    std::vector<Scenario> scenarios = load_scenarios(options.paths, jobs);
    HarnessPlan plan;
    std::vector<std::vector<std::string>> to_run(scenarios.size());
    std::set<std::string> used;
    for (size_t i = 0; i < scenarios.size(); ++i) {
        const Scenario& s = scenarios[i];
        for (auto& id : s.fix_ids)
            if (!by_id.count(id))
                throw InputError(s.path, "/expect/fixes", fmt::format("unknown fix '{}' (not in {})", id, options.fixes_dir));
        to_run[i] = s.fix_ids;
        if (options.all_fixes)
            for (auto& f : catalogue)
                if (std::find(to_run[i].begin(), to_run[i].end(), f.id) == to_run[i].end()) to_run[i].push_back(f.id);
        // Columns in catalogue order, whatever order the scenario listed them in.
        std::sort(to_run[i].begin(), to_run[i].end());
        used.insert(to_run[i].begin(), to_run[i].end());
        plan.scenario_ids.push_back(s.id);
    }
    for (auto& f : catalogue)
        if (used.count(f.id)) {
            plan.fix_columns.push_back(f.id);
            plan.fix_titles.push_back(f.title);
        }
    on_plan(plan);

    bool held = true;
    run_in_order<ScenarioRecord>(
        scenarios.size(), jobs, 16 * size_t(jobs),
        [&](size_t i) {
            ScenarioRecord rec = run_scenario(scenarios[i], to_run[i], by_id, options.fence);
            scenarios[i] = Scenario{};  // a scenario that has run is not needed again
            return rec;
        },
        [&](ScenarioRecord&& rec) {
            held = held && rec.expectations.held;
            on_record(std::move(rec));
        });
    return held;
}

HarnessResult run_harness(const HarnessOptions& options) {
    HarnessResult result;
    run_harness(
        options,
        [&](const HarnessPlan& plan) {
            result.fix_columns = plan.fix_columns;
            result.fix_titles = plan.fix_titles;
        },
        [&](ScenarioRecord&& rec) { result.scenarios.push_back(std::move(rec)); });
    return result;
}

}  // namespace cusim
