#include "sim/fix_run.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/state_diff.hpp"

namespace cusim {
namespace {

// Setup's verdict and the post-CU checks, written into the record.
void judge(const SetupResult& setup, const ServerState& original, RunRecord& rec) {
    rec.console = setup.console;
    rec.log += setup.log;
    if (!setup.completed) {
        rec.outcome = Outcome::fails;
        rec.failed_step = setup.error->step;
        rec.error = setup.error->exception.first_line();
        return;
    }
    rec.checks = run_health_checks(setup.state);
    auto before = run_health_checks(original);
    for (auto& c : rec.checks) {
        if (c.passed) continue;
        auto it = std::find_if(before.begin(), before.end(), [&](auto& b) { return b.id == c.id; });
        if (it != before.end() && it->passed) rec.broke_checks.push_back(c.id);
    }
    rec.outcome = rec.failed_checks().empty() ? Outcome::succeeds : Outcome::partial;
}

}  // namespace

Baseline run_baseline(const Scenario& scenario) {
    Baseline b;
    SetupResult setup = run_setup(scenario.state);
    b.record.setup_changes = setup.changes;
    judge(setup, scenario.state, b.record);
    b.after = setup.state;
    return b;
}

RunRecord run_fix(const Scenario& scenario, const Baseline& baseline, const Fix& fix) {
    RunRecord rec;
    rec.fix_id = fix.id;
    rec.fix_title = fix.title;
    if (fix.when == FixWhen::after_failure) rec.log = baseline.record.log;
    // Each fix starts from a fresh copy: the failed CU's state, or the original one.
    ServerState state = fix.when == FixWhen::before_cu ? scenario.state : baseline.after;
    ActionContext ctx{state, scenario};
    for (const FixStep& step : fix.steps) {
        ServerState before = state;
        ActionResult r = step.run(ctx);
        rec.actions.push_back({step.summary, step.tool, r.ok, r.output, describe_changes(before, state)});
        rec.log += r.setup_log;
        if (!r.setup_failed_step.empty()) {
            rec.outcome = Outcome::fails;
            rec.failed_step = r.setup_failed_step;
            rec.error = r.setup_error;
            return rec;
        }
        if (!r.ok) {
            rec.outcome = Outcome::invalid;
            rec.error = fmt::format("{}: {}", step.action, r.output);
            return rec;
        }
    }
    // Then setup runs again, unless the fix already took the upgrade to the end (a fix
    // with its own run-setup); a before-cu fix is followed by the CU itself.
    bool upgraded = !state.setup.upgrade_in_progress && state.exchange.installed_build == state.exchange.target_build;
    if (upgraded && fix.when == FixWhen::after_failure) {
        SetupResult done;
        done.completed = true;
        done.state = state;
        judge(done, scenario.state, rec);
        return rec;
    }
    SetupResult setup = run_setup(state);
    rec.setup_changes = setup.changes;
    judge(setup, scenario.state, rec);
    return rec;
}

Expectations check_expectations(const Scenario& scenario, const RunRecord& baseline, const std::vector<RunRecord>& fixes) {
    Expectations e;
    auto broke = [&](std::string s) {
        e.held = false;
        auto colon = s.find(": ");
        e.broken.push_back({s.substr(0, colon), s.substr(colon + 2)});
    };
    const auto& x = scenario.expectations;
    if (x.baseline && *x.baseline != baseline.outcome)
        broke(fmt::format("baseline: expected {}, got {}", to_string(*x.baseline), to_string(baseline.outcome)));
    if (x.setup.completes && *x.setup.completes != (baseline.outcome != Outcome::fails))
        broke(fmt::format("baseline: expected setup to {}", *x.setup.completes ? "complete" : "fail"));
    if (!x.setup.failed_step.empty() && baseline.failed_step != x.setup.failed_step)
        broke(fmt::format("baseline: expected failure at \"{}\", got \"{}\"", x.setup.failed_step,
                          baseline.failed_step.empty() ? "no failure" : baseline.failed_step));
    if (!x.setup.error.empty() && baseline.error.find(x.setup.error) == std::string::npos &&
        baseline.console.find(x.setup.error) == std::string::npos)
        broke(fmt::format("baseline: expected the error \"{}\"", x.setup.error));
    for (auto& fe : x.fixes) {
        auto it = std::find_if(fixes.begin(), fixes.end(), [&](auto& r) { return r.fix_id == fe.fix_id; });
        if (it == fixes.end()) {
            broke(fmt::format("{}: expected {}, but the fix did not run", fe.fix_id, to_string(fe.outcome)));
            continue;
        }
        if (it->outcome != fe.outcome)
            broke(fmt::format("{}: expected {}, got {}{}", fe.fix_id, to_string(fe.outcome), to_string(it->outcome),
                              it->error.empty() ? "" : " (" + it->error + ")"));
        if (fe.failed_checks) {
            std::vector<std::string> got;
            for (auto* c : it->failed_checks()) got.push_back(c->id);
            auto want = *fe.failed_checks;
            std::sort(got.begin(), got.end());
            std::sort(want.begin(), want.end());
            if (got != want)
                broke(fmt::format("{}: expected failed checks [{}], got [{}]", fe.fix_id, fmt::join(want, ", "),
                                  fmt::join(got, ", ")));
        }
    }
    return e;
}

}  // namespace cusim
