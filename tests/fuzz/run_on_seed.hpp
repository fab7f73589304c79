#pragma once
// Fix and runbook targets run what loaded on a seed scenario's failed state, as
// `cusim simulate SCENARIO --fix FILE` does: a fix that loads must run without a crash.
#include "sim/recovery/fix_run.hpp"
#include "tests/fuzz/support.hpp"

namespace cusim::fuzz {

inline void run_on_seed(const Fix& fix) {
    // A program fix would run the fuzz input's program: loading it is the parser's part.
    for (auto& step : fix.steps)
        if (step.action == "program") return;
    // The seed with both 443 bindings expired: setup fails, so after-failure fixes start half-upgraded.
    static const Scenario scenario = load_scenario(linked("scenarios/seed/expired-iis-cert.json"));
    static const Baseline baseline = run_baseline(scenario);
    run_fix(scenario, baseline, fix);
}

}  // namespace cusim::fuzz
