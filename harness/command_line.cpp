// The one harness file that compiles CLI11 (see commands.hpp). Input errors become exit 2 here
// and only here.
#include <CLI/CLI.hpp>
#include <iostream>

#include "harness/commands.hpp"
#include "sim/core/input_error.hpp"

namespace cusim {

OptionRef& OptionRef::required() {
    option_->required();
    return *this;
}

OptionRef& OptionRef::show_default() {
    option_->capture_default_str();
    return *this;
}

OptionRef& OptionRef::range(int min, int max) {
    option_->check(CLI::Range(min, max));
    return *this;
}

Subcommand::Subcommand(CLI::App& app, const std::string& name, const std::string& description, CommandAction& chosen)
    : command_(app.add_subcommand(name, description)), chosen_(&chosen) {}

OptionRef Subcommand::option(const std::string& name, std::string& target, const std::string& help) {
    return OptionRef(command_->add_option(name, target, help));
}

OptionRef Subcommand::option(const std::string& name, std::vector<std::string>& target, const std::string& help) {
    return OptionRef(command_->add_option(name, target, help));
}

OptionRef Subcommand::option(const std::string& name, int& target, const std::string& help) {
    return OptionRef(command_->add_option(name, target, help));
}

void Subcommand::flag(const std::string& name, bool& target, const std::string& help) {
    command_->add_flag(name, target, help);
}

void Subcommand::action(CommandAction action) {
    command_->callback([chosen = chosen_, action = std::move(action)] { *chosen = action; });
}

int run_command_line(int argc, char** argv) {
    CLI::App app{"cusim: simulate Exchange cumulative-update setup failures caused by certificates", "cusim"};
    app.require_subcommand(1);
    app.footer("Exit codes: 0 all expectations hold (simulate: setup completed), 1 an expectation broke (simulate: "
               "setup failed), 2 unusable input, 3 internal error.");
    CommandAction action;
    add_run_command(app, action);
    add_simulate_command(app, action);
    add_fixes_command(app, action);
    add_check_tool_command(app, action);
    add_state_commands(app, action);
    add_lab_command(app, action);
    add_cert_command(app, action);
    add_fixtures_command(app, action);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return exit_bad_input;
    } catch (const InputError& e) {
        std::cerr << "cusim: error: " << e.what() << "\n";
        return exit_bad_input;
    }
    try {
        return action ? action() : int(exit_internal);
    } catch (const InputError& e) {
        std::cerr << "cusim: error: " << e.what() << "\n";
        return exit_bad_input;
    } catch (const std::exception& e) {
        std::cerr << "cusim: internal error: " << e.what() << "\n";
        return exit_internal;
    }
}

}  // namespace cusim
