#pragma once
// The post-CU health checks that decide `succeeds` from `partial` (domain README: what a
// fix must leave behind). Each has a stable id that scenarios and reports use.
#include <string>
#include <vector>

#include "sim/checks/probes.hpp"
#include "sim/model/server_state.hpp"

namespace cusim {

struct CheckResult {
    std::string id;      // e.g. "backend-444", or a probe's id ("owa-login")
    std::string name;    // e.g. "Exchange Back End https *:444: certificate"
    bool passed = false;
    std::string detail;  // why it failed (a probe's symptom), or what it found
    std::vector<EventRecord> events;  // what a probe left in the event logs
};

// The configuration checks, then the probes: what an admin would try, with the symptoms
// and events a reader recognises from the threads.
std::vector<CheckResult> run_health_checks(const ServerState& state);

}  // namespace cusim
