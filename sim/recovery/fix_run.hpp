#pragma once
// Runs the baseline CU and fixes on fresh copies of a scenario's state, and judges each
// run: succeeds / partial / fails / invalid.
#include "sim/recovery/fix.hpp"
#include "sim/recovery/run_record.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/setup/setup_run.hpp"

namespace cusim {

struct Baseline {
    RunRecord record;
    ServerState after;  // the half-upgraded state that after-failure fixes start from
    // The health checks of the scenario's own state, which the baseline is compared with ("it
    // worked before"); fixes are compared with the baseline's own checks (what the trigger left).
    std::vector<CheckResult> original_checks;
    // How every setup run of the baseline and of the fixes that follow it runs (texts: false when
    // only the verdicts matter, as for preflight and cusim explore).
    SetupOptions setup_options{};
    // false: the setup runs that judge a fix (setup resumed after it, or the trigger after a
    // before-cu fix) write no console or log; for callers whose reports show neither (cusim run,
    // check-tool). Setup started by a fix's own step still writes them: a script may read the log.
    bool fix_texts = true;
};

Baseline run_baseline(const Scenario& scenario, const SetupOptions& options = {});
// The trigger's actions (renew), parsed; an input error if they are bad.
std::vector<FixStep> trigger_steps(const Scenario& scenario);
// `fence`: how a program fix runs (fenced unless the command line said --unfenced).
RunRecord run_fix(const Scenario& scenario, const Baseline& baseline, const Fix& fix, const ProgramFence& fence = {});

// Compares the records with what the scenario expects.
Expectations check_expectations(const Scenario& scenario, const RunRecord& baseline,
                                const std::vector<RunRecord>& fixes);

}  // namespace cusim
