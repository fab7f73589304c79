// cusim: one command line with subcommands. Input errors become exit 2 here and only here.
#include <iostream>

#include "harness/commands.hpp"
#include "sim/input_error.hpp"

int main(int argc, char** argv) {
    using namespace cusim;
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
