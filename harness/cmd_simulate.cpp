// `cusim simulate SCENARIO`: run the CU on the scenario's state, print the console, write
// ExchangeSetup.log.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "harness/commands.hpp"
#include "sim/input_error.hpp"
#include "sim/scenario.hpp"
#include "sim/setup_run.hpp"

namespace cusim {

void add_simulate_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string scenario;
        std::string log_dir;
        int width = 80;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("simulate", "Run the simulated CU on a scenario: console to stdout, "
                                                   "ExchangeSetup.log to a folder. Exit 0 setup completed, 1 failed");
    cmd->add_option("scenario", opts->scenario, "Scenario file")->required();
    cmd->add_option("--log-dir", opts->log_dir,
                    "Where to write ExchangeSetup.log (default: ./cusim-logs/<scenario id>)");
    cmd->add_option("--width", opts->width, "Console width in columns")->capture_default_str()->check(CLI::Range(40, 400));
    cmd->callback([opts, &action] {
        action = [opts] {
            namespace fs = std::filesystem;
            Scenario scenario = load_scenario(opts->scenario);
            fs::path dir = opts->log_dir.empty() ? fs::path("cusim-logs") / scenario.id : fs::path(opts->log_dir);
            fs::path scenario_dir = fs::weakly_canonical(fs::absolute(opts->scenario)).parent_path();
            auto rel = fs::weakly_canonical(fs::absolute(dir)).lexically_relative(scenario_dir);
            if (!rel.empty() && *rel.begin() != "..")
                throw InputError(dir.string(), "will not write logs inside the scenario folder");
            SetupResult result = run_setup(scenario.state, SetupOptions{opts->width});
            std::cout << result.console;
            fs::create_directories(dir);
            std::ofstream out(dir / "ExchangeSetup.log", std::ios::binary);
            out << result.log;
            if (!out) throw InputError((dir / "ExchangeSetup.log").string(), "cannot write the log");
            std::cerr << "cusim: wrote " << (dir / "ExchangeSetup.log").string() << "\n";
            return result.completed ? int(exit_ok) : int(exit_expectation_broke);
        };
    });
}

}  // namespace cusim
