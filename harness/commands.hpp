#pragma once
// Each subcommand registers itself through `Subcommand` and names the action main runs when
// it was chosen.
// Exit codes: 0 all expectations hold, 1 an expectation broke (or the simulated setup failed,
// for `simulate`), 2 unusable input, 3 internal error. What 0 and 1 mean differs by subcommand,
// so each states its own (`exit_codes`, shown at the end of its --help).
//
// CLI11 is header-only and each translation unit that builds options from it compiles about
// 13 s of its code at -O2; so only harness/command_line.cpp includes it, and the subcommands see
// this small facade.
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace cusim {

enum ExitCode : int { exit_ok = 0, exit_expectation_broke = 1, exit_bad_input = 2, exit_internal = 3 };

using CommandAction = std::function<int()>;

// One option of a subcommand; modifiers chain as in CLI11.
class OptionRef {
public:
    explicit OptionRef(CLI::Option* option) : option_(option) {}
    OptionRef& required();
    OptionRef& show_default();
    OptionRef& range(int min, int max);
    // What the value is, as --help shows it and completion offers it: PATH, DIR, FIX|PATH,
    // LESSON|PATH (see cli_docs.hpp).
    OptionRef& type(const std::string& name);
    // One of these words (e.g. --color auto|always|never).
    OptionRef& one_of(const std::vector<std::string>& words);

private:
    CLI::Option* option_;
};

class Subcommand {
public:
    // `name` and `description` as `cusim --help` lists them; `exit_codes` what this subcommand's
    // 0 and 1 mean (2 and 3 are the same for all and added here); `chosen` receives `action` when
    // the command line names this subcommand.
    Subcommand(CLI::App& app, const std::string& name, const std::string& description, const std::string& exit_codes,
               CommandAction& chosen);
    // A name without dashes is a positional.
    OptionRef option(const std::string& name, std::string& target, const std::string& help);
    OptionRef option(const std::string& name, std::vector<std::string>& target, const std::string& help);
    OptionRef option(const std::string& name, int& target, const std::string& help);
    void flag(const std::string& name, bool& target, const std::string& help);
    void action(CommandAction action);

private:
    CLI::App* command_;
    CommandAction* chosen_;
};

void add_cert_command(CLI::App& app, CommandAction& action);
void add_fixtures_command(CLI::App& app, CommandAction& action);
void add_simulate_command(CLI::App& app, CommandAction& action);
void add_run_command(CLI::App& app, CommandAction& action);
void add_fixes_command(CLI::App& app, CommandAction& action);
void add_check_tool_command(CLI::App& app, CommandAction& action);
void add_state_commands(CLI::App& app, CommandAction& action);
void add_lab_command(CLI::App& app, CommandAction& action);
void add_review_command(CLI::App& app, CommandAction& action);
void add_import_command(CLI::App& app, CommandAction& action);
void add_preflight_command(CLI::App& app, CommandAction& action);
void add_explore_command(CLI::App& app, CommandAction& action);

// The help of --unfenced, the same wherever fixes run (run, simulate, check-tool, review).
inline constexpr const char* unfenced_help =
    "Run program fixes without bubblewrap's fence (they may write wherever you can and use the network); where "
    "bubblewrap cannot run, they are refused without it";

// The version `cusim --version` prints.
std::string cusim_version();

// The whole command line: parses, runs the chosen subcommand, maps errors to the exit codes.
int run_command_line(int argc, char** argv);

// The arguments after `--` on check-tool's command line: the script's own (command_line.cpp).
void set_script_arguments(std::vector<std::string> args);
const std::vector<std::string>& script_arguments();

}  // namespace cusim
