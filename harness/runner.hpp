#pragma once
// The harness: load every scenario and the fix catalogue, run the baseline CU and each
// fix on fresh copies of the state, and check the scenarios' expectations.
#include <functional>
#include <string>
#include <vector>

#include "sim/recovery/fix.hpp"
#include "sim/recovery/run_record.hpp"

namespace cusim {

struct HarnessOptions {
    std::vector<std::string> paths = {"scenarios"};
    std::string fixes_dir = "scenarios/fixes";
    bool all_fixes = false;
    unsigned jobs = 0;  // threads that run scenarios; 0: one per core
    ProgramFence fence{};  // how program fixes run (--unfenced)
};

// What is known once everything is loaded, before anything runs.
struct HarnessPlan {
    std::vector<std::string> fix_columns;  // every fix id that will run, in catalogue order
    std::vector<std::string> fix_titles;
    std::vector<std::string> scenario_ids;
};

struct HarnessResult {
    std::vector<ScenarioRecord> scenarios;
    std::vector<std::string> fix_columns;  // every fix id that ran, in catalogue order
    std::vector<std::string> fix_titles;
};

// Loads everything first, so that unusable input stops the run before anything ran; then
// runs the scenarios on `options.jobs` threads and hands each record to `on_record` in
// scenario order, as soon as it and every one before it are done. A bounded number of
// records wait in memory, whatever the number of scenarios. Returns whether every
// expectation held. The records do not depend on the number of threads.
bool run_harness(const HarnessOptions& options, const std::function<void(const HarnessPlan&)>& on_plan,
                 const std::function<void(ScenarioRecord&&)>& on_record);
// The same, every record kept (tests, the bench).
HarnessResult run_harness(const HarnessOptions& options);

// `check-tool`: the tool (a runbook, or any fix) as the only fix of every scenario. The
// scenarios' own expectations are not checked: they are about their fixes, not the tool.
HarnessResult run_tool(const std::vector<std::string>& paths, const Fix& tool, const ProgramFence& fence = {});

// A regression check against an earlier report.json of the same tool.
struct ToolComparison {
    std::vector<std::string> regressions;   // one sentence each
    std::vector<std::string> improvements;
};
ToolComparison compare_with_baseline(const HarnessResult& now, const std::string& baseline_report_path);

}  // namespace cusim
