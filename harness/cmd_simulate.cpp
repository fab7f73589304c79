// `cusim simulate SCENARIO`: run the CU on the scenario's state, print the console, write
// ExchangeSetup.log.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "sim/core/did_you_mean.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/fix_files.hpp"
#include "sim/setup/setup_run.hpp"

#include <fmt/format.h>

namespace cusim {
namespace {

// The baseline CU, then the fix's actions with what each printed and changed, then the
// console of the setup run after it. The log holds every run, appended as setup does.
bool simulate_with_fix(const Scenario& scenario, const std::string& fix_id, const std::string& fixes_dir,
                       std::string& log) {
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
    RunRecord rec = run_fix(scenario, baseline, *fix);
    std::cout << fmt::format("== baseline CU: {}\n", to_string(baseline.record.outcome));
    std::cout << baseline.record.console;
    std::cout << fmt::format("\n== fix {}{}: {}\n", fix->id, fix->when == FixWhen::before_cu ? " (before the CU)" : "",
                             fix->title);
    for (auto& a : rec.actions) {
        std::cout << fmt::format("> [{}] {}\n", a.tool, a.step);
        std::cout << a.output << "\n";
        for (auto& c : a.changes) std::cout << "  changed: " << c << "\n";
    }
    if (rec.outcome != Outcome::invalid) {
        std::cout << (rec.console.empty() ? std::string("\n== the server after the fix\n") : "\n== setup again\n" + rec.console);
        for (auto& c : rec.checks)
            std::cout << fmt::format("check {:<20} {}  {}\n", c.id, c.passed ? "passed" : "FAILED", c.detail);
    }
    std::cout << fmt::format("\n== outcome: {}\n", to_string(rec.outcome));
    log = rec.log;
    return rec.outcome == Outcome::succeeds || rec.outcome == Outcome::partial;
}

}  // namespace

void add_simulate_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string scenario;
        std::string log_dir;
        int width = 80;
        std::string fix;
        std::string fixes_dir;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "simulate",
                   "Run the simulated CU on a scenario: console to stdout, ExchangeSetup.log to a folder",
                   "0 setup completed, 1 it failed", action);
    cmd.option("scenario", opts->scenario, "Scenario file").required().type("PATH");
    cmd.option("--log-dir", opts->log_dir,
                    "Where to write ExchangeSetup.log (default: ./cusim-logs/<scenario id>)").type("DIR");
    cmd.option("--width", opts->width, "Console width in columns").show_default().range(40, 400);
    cmd.option("--fix", opts->fix,
                    "After the CU, apply this fix (an id of the catalogue, or a runbook/fix file) and run setup again; show that run").type("FIX|PATH");
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue folder (default: the bundled one)").type("DIR");
    cmd.action([opts] {
        namespace fs = std::filesystem;
        Scenario scenario = load_scenario(opts->scenario);
        fs::path dir = opts->log_dir.empty() ? fs::path("cusim-logs") / scenario.id : fs::path(opts->log_dir);
        fs::path scenario_dir = fs::weakly_canonical(fs::absolute(opts->scenario)).parent_path();
        auto rel = fs::weakly_canonical(fs::absolute(dir)).lexically_relative(scenario_dir);
        if (!rel.empty() && *rel.begin() != "..")
            throw InputError(dir.string(), "will not write logs inside the scenario folder");
        std::string log;
        bool completed = false;
        if (opts->fix.empty()) {
            SetupResult result = run_setup(scenario.state, SetupOptions{opts->width});
            std::cout << result.console;
            log = result.log;
            completed = result.completed;
        } else {
            completed = simulate_with_fix(scenario, opts->fix,
                                          opts->fixes_dir.empty() ? data_path("scenarios/fixes") : opts->fixes_dir, log);
        }
        fs::create_directories(dir);
        std::ofstream out(dir / "ExchangeSetup.log", std::ios::binary);
        out << log;
        if (!out) throw InputError((dir / "ExchangeSetup.log").string(), "cannot write the log");
        std::cerr << "cusim: wrote " << (dir / "ExchangeSetup.log").string() << "\n";
        return completed ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
