#pragma once
// Each subcommand registers itself on the CLI11 app and stores its exit code in `result`.
// Exit codes (one table for every subcommand): 0 all expectations hold, 1 an expectation
// broke (or the simulated setup failed, for `simulate`), 2 unusable input, 3 internal error.
#include <CLI/CLI.hpp>
#include <functional>

namespace cusim {

enum ExitCode : int { exit_ok = 0, exit_expectation_broke = 1, exit_bad_input = 2, exit_internal = 3 };

using CommandAction = std::function<int()>;
// Registers the subcommand and returns a pointer to its action, which main runs when the
// subcommand was chosen.
void add_cert_command(CLI::App& app, CommandAction& action);
void add_fixtures_command(CLI::App& app, CommandAction& action);
void add_simulate_command(CLI::App& app, CommandAction& action);
void add_run_command(CLI::App& app, CommandAction& action);
void add_fixes_command(CLI::App& app, CommandAction& action);
void add_check_tool_command(CLI::App& app, CommandAction& action);
void add_state_commands(CLI::App& app, CommandAction& action);
void add_lab_command(CLI::App& app, CommandAction& action);

}  // namespace cusim
