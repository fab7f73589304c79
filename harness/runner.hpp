#pragma once
// The harness: load every scenario and the fix catalogue, run the baseline CU and each
// fix on fresh copies of the state, and check the scenarios' expectations.
#include <string>
#include <vector>

#include "sim/recovery/fix.hpp"
#include "sim/recovery/run_record.hpp"

namespace cusim {

struct HarnessOptions {
    std::vector<std::string> paths = {"scenarios"};
    std::string fixes_dir = "scenarios/fixes";
    bool all_fixes = false;
};

struct HarnessResult {
    std::vector<ScenarioRecord> scenarios;
    std::vector<std::string> fix_columns;  // every fix id that ran, in catalogue order
    std::vector<std::string> fix_titles;
    bool all_held() const;
};

// Loads everything first, so that unusable input stops the run before anything ran.
HarnessResult run_harness(const HarnessOptions& options);

// `check-tool`: the tool (a runbook, or any fix) as the only fix of every scenario. The
// scenarios' own expectations are not checked: they are about their fixes, not the tool.
HarnessResult run_tool(const std::vector<std::string>& paths, const Fix& tool);

// A regression check against an earlier report.json of the same tool.
struct ToolComparison {
    std::vector<std::string> regressions;   // one sentence each
    std::vector<std::string> improvements;
};
ToolComparison compare_with_baseline(const HarnessResult& now, const std::string& baseline_report_path);

}  // namespace cusim
