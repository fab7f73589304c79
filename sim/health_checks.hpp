#pragma once
// The post-CU health checks that decide `succeeds` from `partial` (domain README: what a
// fix must leave behind). Each has a stable id that scenarios and reports use.
#include <string>
#include <vector>

#include "sim/server_state.hpp"

namespace cusim {

struct CheckResult {
    std::string id;      // e.g. "backend-444"
    std::string name;    // e.g. "Exchange Back End https *:444: certificate"
    bool passed = false;
    std::string detail;  // why it failed, or what it found
};

std::vector<CheckResult> run_health_checks(const ServerState& state);

}  // namespace cusim
