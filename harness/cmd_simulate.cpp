// `cusim simulate SCENARIO`: run the CU on the scenario's state, print the console, write
// ExchangeSetup.log.
#include <filesystem>
#include <iostream>

#include "harness/atomic_file.hpp"
#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "harness/target_option.hpp"
#include "sim/core/did_you_mean.hpp"
#include "sim/core/input_error.hpp"
#include "sim/core/safe_name.hpp"
#include "sim/core/text.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/fix_files.hpp"
#include "sim/setup/setup_run.hpp"

#include <fmt/format.h>

namespace cusim {
namespace {

void print_actions(const RunRecord& rec) {
    for (auto& a : rec.actions) {
        std::cout << fmt::format("> [{}] {}\n", a.tool, a.step);
        std::cout << a.output << "\n";
        for (auto& c : a.changes) std::cout << "  changed: " << c << "\n";
    }
}

void print_checks(const RunRecord& rec) {
    for (auto& c : rec.checks) std::cout << fmt::format("check {:<20} {}  {}\n", c.id, c.passed ? "passed" : "FAILED", c.detail);
}

// What breaks the server in this scenario, as a heading: only a `cu` scenario runs the CU.
std::string trigger_heading(const Scenario& scenario) {
    switch (scenario.trigger) {
        case TriggerKind::cu: return "baseline CU";
        case TriggerKind::su: return "baseline: the security update";
        case TriggerKind::renew: return "baseline: the certificate renewal (the scenario's trigger; no CU runs)";
        case TriggerKind::none: return "baseline: the server as described (trigger none; no setup runs)";
    }
    return "baseline";
}

// The scenario's trigger alone. A CU prints setup's console exactly as setup does (at --width);
// any other trigger prints its actions and the checks, under a heading that says no CU ran.
RunRecord simulate_trigger(const Scenario& scenario, int width) {
    Baseline baseline = run_baseline(scenario);
    if (scenario.trigger == TriggerKind::cu) {
        SetupResult result = run_setup(scenario.state, SetupOptions{width});
        std::cout << result.console;
        baseline.record.log = result.log;
        if (baseline.record.outcome == Outcome::partial) {
            std::vector<std::string> failed;
            for (auto* c : baseline.record.failed_checks()) failed.push_back(c->id + " (" + c->detail + ")");
            std::cerr << "cusim: setup completed, but checks fail: " << join(failed, "; ") << "\n";
        }
        return baseline.record;
    }
    std::cout << fmt::format("== {}\n", trigger_heading(scenario));
    print_actions(baseline.record);
    std::cout << baseline.record.console;
    print_checks(baseline.record);
    std::cout << fmt::format("\n== outcome: {}\n", to_string(baseline.record.outcome));
    return baseline.record;
}

// The trigger, then the fix's actions with what each printed and changed, then the console of the
// setup run after it (when there is one to resume). The log holds every run, appended as setup does.
RunRecord simulate_with_fix(const Scenario& scenario, const std::string& fix_id, const std::string& fixes_dir,
                            const ProgramFence& fence) {
    // A path to a runbook or fix file, or an id of the catalogue.
    std::vector<Fix> catalogue;
    const Fix* fix = nullptr;
    if (std::filesystem::is_regular_file(fix_id)) {
        catalogue.push_back(load_fix_file(fix_id));
        fix = &catalogue.back();
    } else {
        catalogue = load_fix_catalogue(fixes_dir);
        for (auto& f : catalogue)
            if (f.id == fix_id) fix = &f;
    }
    if (!fix) {
        std::vector<std::string> ids;
        for (auto& f : catalogue) ids.push_back(f.id);
        throw InputError(fixes_dir, fmt::format("no fix '{}' in the catalogue{} (`cusim fixes` lists them)", fix_id,
                                                did_you_mean(fix_id, ids)));
    }
    Baseline baseline = run_baseline(scenario);
    RunRecord rec = run_fix(scenario, baseline, *fix, fence);
    std::cout << fmt::format("== {}: {}\n", trigger_heading(scenario), to_string(baseline.record.outcome));
    print_actions(baseline.record);
    std::cout << baseline.record.console;
    std::cout << fmt::format("\n== fix {}{}: {}\n", fix->id, fix->when == FixWhen::before_cu ? " (before the trigger)" : "",
                             fix->title);
    print_actions(rec);
    if (rec.outcome != Outcome::invalid && rec.outcome != Outcome::unmodelled) {
        std::cout << (rec.console.empty() ? std::string("\n== the server after the fix\n") : "\n== setup again\n" + rec.console);
        print_checks(rec);
    }
    std::cout << fmt::format("\n== outcome: {}\n", to_string(rec.outcome));
    return rec;
}

// The default log folder is named by the scenario's id. The loader admits only safe ids; the check
// is repeated where the path is made, so that no id, whatever produced it, names a folder outside
// cusim-logs/.
std::filesystem::path default_log_dir(const Scenario& scenario) {
    if (std::string why = unsafe_name_reason(scenario.id); !why.empty())
        throw InputError(scenario.path, "/id", fmt::format("'{}' cannot name a log folder ({})", quoted_name(scenario.id), why));
    return std::filesystem::path("cusim-logs") / scenario.id;
}

}  // namespace

void add_simulate_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string scenario;
        std::string log_dir;
        int width = 80;
        std::string fix;
        std::string fixes_dir;
        std::string target;
        bool unfenced = false;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "simulate",
                   "Run a scenario's trigger (the CU: console to stdout, ExchangeSetup.log to a folder; or the security "
                   "update, the renewal, or nothing, then the checks), and with --fix a fix after it",
                   "0 the outcome is `succeeds` (setup completed and every health check passes), 1 any other "
                   "outcome (setup failed, a check fails, the fix could not be applied)",
                   action);
    cmd.option("scenario", opts->scenario, "Scenario file").required().type("PATH");
    cmd.option("--log-dir", opts->log_dir,
                    "Where to write ExchangeSetup.log (default: ./cusim-logs/<scenario id>)").type("DIR");
    cmd.option("--width", opts->width, "Setup's console width in columns").show_default().range(40, 400);
    cmd.option("--fix", opts->fix,
                    "After the trigger, apply this fix (an id of the catalogue, or a runbook/fix file) and run setup again where it failed; show that run").type("FIX|PATH");
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue folder (default: the bundled one)").type("DIR");
    cmd.option("--target", opts->target, std::string("Run ") + target_help).type("VERSION");
    cmd.flag("--unfenced", opts->unfenced, unfenced_help);
    cmd.action([opts] {
        namespace fs = std::filesystem;
        const UpgradeTarget* target = parse_target_option(opts->target);
        Scenario scenario = load_scenario(opts->scenario);
        apply_target_option(scenario.state.exchange, target, opts->scenario);
        fs::path dir = opts->log_dir.empty() ? default_log_dir(scenario) : fs::path(opts->log_dir);
        fs::path scenario_dir = fs::weakly_canonical(fs::absolute(opts->scenario)).parent_path();
        auto rel = fs::weakly_canonical(fs::absolute(dir)).lexically_relative(scenario_dir);
        if (!rel.empty() && *rel.begin() != "..")
            throw InputError(dir.string(), "will not write logs inside the scenario folder");
        RunRecord rec = opts->fix.empty()
                            ? simulate_trigger(scenario, opts->width)
                            : simulate_with_fix(scenario, opts->fix,
                                                opts->fixes_dir.empty() ? data_path("scenarios/fixes") : opts->fixes_dir,
                                                ProgramFence{opts->unfenced});
        // A log only where setup ran: a scenario whose trigger is none or renew writes none.
        if (!rec.log.empty()) {
            // Atomic, as the reports: a planted symlink at ExchangeSetup.log is replaced, not written through.
            write_file_atomically((dir / "ExchangeSetup.log").string(), rec.log);
            std::cout.flush();
            std::cerr << "cusim: wrote " << (dir / "ExchangeSetup.log").string() << "\n";
        }
        return rec.outcome == Outcome::succeeds ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
