#pragma once
// The harness: load every scenario and the fix catalogue, run the baseline CU and each
// fix on fresh copies of the state, and check the scenarios' expectations.
#include <string>
#include <vector>

#include "sim/fix.hpp"
#include "sim/run_record.hpp"

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

}  // namespace cusim
