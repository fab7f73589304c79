#include "sim/recovery/fix_run.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/checks/state_diff.hpp"

namespace cusim {
namespace {

// Setup's verdict and the post-CU checks of `after` (the state setup left, or the state as it
// is when no setup ran: judged in place rather than copied into `setup`), written into the record.
void judge(const SetupResult& setup, const ServerState& after, const std::vector<CheckResult>& before, RunRecord& rec) {
    rec.console = setup.console;
    rec.log += setup.log;
    // Probed even after a failed CU: what the admin sees on the half-upgraded server (EMS gone, 503).
    rec.checks = run_health_checks(after);
    if (!setup.completed) {
        rec.outcome = Outcome::fails;
        rec.failed_step = setup.error->step;
        rec.error = setup.error->exception.first_line();
        return;
    }
    for (auto& c : rec.checks) {
        if (c.passed) continue;
        auto it = std::find_if(before.begin(), before.end(), [&](auto& b) { return b.id == c.id; });
        if (it != before.end() && it->passed) rec.broke_checks.push_back(c.id);
    }
    rec.outcome = rec.failed_checks().empty() ? Outcome::succeeds : Outcome::partial;
}

}  // namespace

std::vector<FixStep> trigger_steps(const Scenario& scenario) {
    if (scenario.trigger_actions.is_null()) return {};
    return parse_fix_steps(JsonAt(scenario.trigger_actions, scenario.path, "/trigger/actions"), scenario.path);
}

namespace {

// Applies steps to the state, recording each; false when one could not be applied.
bool apply_steps(const std::vector<FixStep>& steps, ServerState& state, const Scenario& scenario, RunRecord& rec,
                 const ProgramFence& fence = {}) {
    ActionContext ctx{state, scenario, fence};
    ctx.setup_log = &rec.log;
    // The state as the step before left it, in everything describe_changes reads: copied again
    // only after a step that changed some of that (most steps of a script change nothing).
    ServerState before = state;
    for (const FixStep& step : steps) {
        // Each action takes the admin time (a minute, INFERRED): a setup run after a fix starts
        // later than the failed one ended, as in a real ExchangeSetup.log, and what a fix makes
        // is dated after the failure.
        state.clock += std::chrono::minutes(1);
        before.clock = state.clock;
        ActionResult r = step.run(ctx);
        std::vector<std::string> changes;
        if (!same_for_diff(before, state)) {
            changes = describe_changes(before, state);
            before = state;
        }
        rec.actions.push_back({step.summary, step.tool, r.ok, r.output, std::move(changes)});
        rec.log += r.setup_log;
        if (!r.setup_failed_step.empty()) {
            rec.outcome = Outcome::fails;
            rec.failed_step = r.setup_failed_step;
            rec.error = r.setup_error;
            return false;
        }
        if (!r.ok) {
            rec.outcome = r.not_modelled ? Outcome::unmodelled : Outcome::invalid;
            rec.error = fmt::format("{}: {}", step.action, r.error_summary.empty() ? r.output : r.error_summary);
            return false;
        }
    }
    return true;
}

// A security update restarts the services and IIS; its own certificate tasks are not
// modelled (no public source shows one failing on a certificate).
SetupResult install_security_update(const ServerState& state) {
    SetupResult r;
    r.completed = true;
    r.state = state;
    r.state.exchange.auth_loaded_thumbprint = r.state.exchange.auth.current_thumbprint;
    r.console = "Security update " + (state.exchange.security_update.empty() ? std::string("installed") :
                                      state.exchange.security_update + " installed") + ".\n";
    return r;
}

// What breaks the server: runs the scenario's trigger on `state` and judges the result.
void run_trigger(const Scenario& scenario, const std::vector<CheckResult>& compare_with, ServerState& state,
                 RunRecord& rec, const SetupOptions& options) {
    switch (scenario.trigger) {
        case TriggerKind::cu: {
            SetupResult setup = run_setup(std::move(state), options);
            rec.setup_changes = setup.changes;
            judge(setup, setup.state, compare_with, rec);
            state = std::move(setup.state);
            return;
        }
        case TriggerKind::su: {
            SetupResult su = install_security_update(state);
            judge(su, su.state, compare_with, rec);
            state = std::move(su.state);
            return;
        }
        case TriggerKind::renew:
            if (!apply_steps(trigger_steps(scenario), state, scenario, rec)) return;
            [[fallthrough]];
        case TriggerKind::none: {
            SetupResult as_is;
            as_is.completed = true;
            judge(as_is, state, compare_with, rec);
            return;
        }
    }
}

}  // namespace

Baseline run_baseline(const Scenario& scenario, const SetupOptions& options) {
    Baseline b;
    b.setup_options = options;
    b.original_checks = run_health_checks(scenario.state);
    b.after = scenario.state;
    run_trigger(scenario, b.original_checks, b.after, b.record, options);
    return b;
}

// A fix is judged against the failed baseline, the server as the trigger left it: what the fix
// leaves failing that passed there is what the fix made worse. Measured against the server before
// the trigger, a renewal's damage (the trigger's) was charged to the fix that followed it.
RunRecord run_fix(const Scenario& scenario, const Baseline& baseline, const Fix& fix, const ProgramFence& fence) {
    RunRecord rec;
    rec.fix_id = fix.id;
    rec.fix_title = fix.title;
    SetupOptions judging = baseline.setup_options;
    if (!baseline.fix_texts) judging.texts = false;
    if (fix.when == FixWhen::before_cu) {
        // Preventive: on the original server, then whatever breaks it.
        ServerState state = scenario.state;
        if (!apply_steps(fix.steps, state, scenario, rec, fence)) return rec;
        run_trigger(scenario, baseline.record.checks, state, rec, judging);
        return rec;
    }
    // Each fix starts from a fresh copy of the state the trigger left.
    rec.log = baseline.record.log;
    ServerState state = baseline.after;
    if (!apply_steps(fix.steps, state, scenario, rec, fence)) return rec;
    // After a failed CU, setup runs again, unless the fix already took the upgrade to the
    // end (a fix with its own run-setup). After other triggers there is no setup to resume.
    bool resumable = scenario.trigger == TriggerKind::cu &&
                     (state.setup.upgrade_in_progress || state.exchange.installed_build != state.exchange.target_build);
    SetupResult setup;
    if (resumable) {
        setup = run_setup(std::move(state), judging);
        rec.setup_changes = setup.changes;
        judge(setup, setup.state, baseline.record.checks, rec);
    } else {
        setup.completed = true;
        judge(setup, state, baseline.record.checks, rec);
    }
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
    for (auto& sx : x.symptoms) {
        auto it = std::find_if(baseline.checks.begin(), baseline.checks.end(), [&](auto& c) { return c.id == sx.check; });
        if (it == baseline.checks.end()) {
            broke(fmt::format("baseline: expected the symptom {}, but it was not probed (setup did not complete)", sx.check));
            continue;
        }
        if (it->passed == sx.fails)
            broke(fmt::format("baseline: expected {} to {}, it {}", sx.check, sx.fails ? "fail" : "pass",
                              it->passed ? "passed" : "failed: " + it->detail));
        if (!sx.text.empty() && it->detail.find(sx.text) == std::string::npos &&
            std::none_of(it->events.begin(), it->events.end(), [&](auto& e) { return e.message.find(sx.text) != std::string::npos; }))
            broke(fmt::format("baseline: expected \"{}\" in the {} symptom, got \"{}\"", sx.text, sx.check, it->detail));
        if (sx.event && std::none_of(it->events.begin(), it->events.end(), [&](auto& e) { return e.id == *sx.event; }))
            broke(fmt::format("baseline: expected event {} from {}", *sx.event, sx.check));
    }
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
