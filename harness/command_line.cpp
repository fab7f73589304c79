// The one harness file that compiles CLI11 (see commands.hpp). Input errors become exit 2 here
// and only here; CLI11's own parse errors are said again in our words ("--fix: At Most 1 required
// but received 2" tells an admin nothing about what to do).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include "sim/core/regex.hpp"

#include "harness/cli_docs.hpp"
#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "sim/core/did_you_mean.hpp"
#include "sim/core/input_error.hpp"
#include "sim/core/text.hpp"
#include "sim/formats/input_paths.hpp"

#ifndef CUSIM_VERSION
#define CUSIM_VERSION "unknown"
#endif

namespace cusim {

namespace {
const char* const common_exit_codes = ", 2 unusable input (the error names the file and line), 3 internal error.";
}

std::string cusim_version() { return CUSIM_VERSION; }

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

OptionRef& OptionRef::type(const std::string& name) {
    option_->type_name(name);
    return *this;
}

OptionRef& OptionRef::one_of(const std::vector<std::string>& words) {
    option_->check(CLI::IsMember(words));
    return *this;
}

Subcommand::Subcommand(CLI::App& app, const std::string& name, const std::string& description,
                       const std::string& exit_codes, CommandAction& chosen)
    : command_(app.add_subcommand(name, description)), chosen_(&chosen) {
    command_->footer("Exit codes: " + exit_codes + common_exit_codes);
}

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

namespace {
std::vector<std::string> subcommand_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
    return names;
}

std::vector<std::string> option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* o : app.get_options())
        for (auto& l : o->get_lnames()) names.push_back("--" + l);
    return names;
}

// The subcommand the command line had reached when parsing stopped (nullptr: none yet).
const CLI::App* parsed_subcommand(const CLI::App& app) {
    auto parsed = app.get_subcommands();
    return parsed.empty() ? nullptr : parsed.back();
}

CommandDoc command_doc(const CLI::App& app, const std::string& name) {
    CommandDoc doc{name, app.get_description(), "", {}};
    std::string footer = app.get_footer();
    if (!name.empty() && footer.rfind("Exit codes: ", 0) == 0) doc.exit_codes = footer.substr(12);
    for (const CLI::Option* o : app.get_options()) {
        if (o->get_group().empty()) continue;  // hidden
        OptionDoc d;
        for (auto& s : o->get_snames()) d.names.push_back("-" + s);
        for (auto& l : o->get_lnames()) d.names.push_back("--" + l);
        if (d.names.empty()) d.positional = o->get_name();
        if (o->get_name() == "--help" || o->get_lnames() == std::vector<std::string>{"help"} ||
            o->get_lnames() == std::vector<std::string>{"version"})
            continue;
        d.help = o->get_description();
        d.takes_value = o->get_expected_max() > 0;
        d.type = o->get_type_name();
        doc.options.push_back(d);
    }
    return doc;
}

std::vector<CommandDoc> command_docs(const CLI::App& app) {
    std::vector<CommandDoc> docs{command_doc(app, "")};
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        docs.push_back(command_doc(*sub, sub->get_name()));
    return docs;
}

// CLI11's message for `e`, said so that the admin knows what to type instead, after
// "cusim: error: " or "cusim SUBCOMMAND: error: ".
std::string parse_error_text(const CLI::ParseError& e, const CLI::App& app) {
    const CLI::App* sub = parsed_subcommand(app);
    std::string help = sub ? " (see `cusim " + sub->get_name() + " --help`)" : " (see `cusim --help`)";
    std::string what = e.what();
    RegexMatch m;
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        static const Regex extras(R"(The following arguments? (?:was|were) not expected: (.*))", Regex::dotall);
        std::string args = extras.full_match(what, &m) ? m[1] : what;
        std::string first = args.substr(0, args.find(' '));
        if (!sub && !first.empty() && first[0] != '-')
            return fmt::format("'{}' is not a cusim subcommand{}{}", first, did_you_mean(first, subcommand_names(app)), help);
        if (!first.empty() && first[0] == '-')
            return fmt::format("unknown option '{}'{}{}", first,
                               did_you_mean(first.substr(0, first.find('=')), option_names(sub ? *sub : app)), help);
        return fmt::format("unexpected argument{} {}{}", args.find(' ') == std::string::npos ? "" : "s", args, help);
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        if (what.find("subcommand") != std::string::npos) {
            auto rest = app.remaining();
            if (!rest.empty() && !rest[0].empty() && rest[0][0] != '-')
                return fmt::format("'{}' is not a cusim subcommand{}{}", rest[0], did_you_mean(rest[0], subcommand_names(app)),
                                   help);
            return "give a subcommand: " + join(subcommand_names(app), ", ") + help;
        }
        static const Regex required(R"((.*) is required)", Regex::dotall);
        if (required.full_match(what, &m)) return fmt::format("{} is required{}", m[1], help);
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        static const Regex at_most(R"((\S+): At Most (\d+) required but received (\d+))");
        static const Regex missing(R"((\S+): (\d+) required \S+ missing)");
        if (at_most.full_match(what, &m))
            return fmt::format("{} was given {} times; it takes {} value{}{}", m[1], m[3], m[2], m[2] == "1" ? "" : "s", help);
        if (missing.full_match(what, &m)) return fmt::format("{} needs a value{}", m[1], help);
    }
    if (dynamic_cast<const CLI::ConversionError*>(&e)) {
        static const Regex conversion(R"(The value (.*) is not an allowed value for (.*))", Regex::dotall);
        static const Regex could_not(R"(Could not convert: (\S+) = (.*))", Regex::dotall);
        if (conversion.full_match(what, &m) || could_not.full_match(what, &m)) {
            bool first_is_value = what.rfind("The value", 0) == 0;
            return fmt::format("{} is not a valid value for {}{}", first_is_value ? m[1] : m[2], first_is_value ? m[2] : m[1],
                               help);
        }
    }
    return what + help;
}
}  // namespace

// The one fixtures folder inputs may name files in (sim/formats/input_paths.hpp), set before any
// input is read: --fixtures, else the data folder's fixtures/.
void use_fixtures_folder(const std::string& named) {
    if (!named.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_directory(named, ec)) throw InputError(named, "named by --fixtures, but it is not a folder");
        set_fixtures_root(named);
        return;
    }
    try {
        std::string dir = data_path("fixtures");
        std::error_code ec;
        if (std::filesystem::is_directory(dir, ec)) set_fixtures_root(dir);
        else set_fixtures_root("", "the data folder has no fixtures/");
    } catch (const InputError& e) {
        set_fixtures_root("", e.what());
    }
}

int run_command_line(int argc, char** argv) {
    CLI::App app{"cusim: simulate Exchange cumulative-update setup failures caused by certificates", "cusim"};
    app.require_subcommand(1);
    app.footer(std::string("Exit codes: 0 all expectations hold, 1 an expectation broke (each subcommand's --help "
                           "says what its 0 and 1 mean)") +
               common_exit_codes);
    app.set_version_flag("--version", [] { return "cusim " + cusim_version() + "\n" + data_dir_description(); });
    std::string data_dir;
    app.add_option("--data-dir", data_dir,
                   "Where cusim's bundled scenarios, fixes and lessons are (default: beside the executable, or "
                   "$CUSIM_DATA_DIR)")
        ->type_name("DIR")
        ->each([](const std::string& dir) { set_data_dir_override(dir); });
    std::string fixtures_dir;
    app.add_option("--fixtures", fixtures_dir,
                   "The fixtures folder scenarios may name files in and take keys from (default: the data folder's "
                   "fixtures/; never a folder found near the scenario)")
        ->type_name("DIR");
    // For the build, which installs what they print (harness/cli_docs.hpp); hidden from --help.
    app.add_flag_callback("--manpage", [&app] {
           std::cout << man_page(command_docs(app), cusim_version());
           throw CLI::Success();
       })
        ->group("");
    app.add_flag_callback("--bash-completion", [&app] {
           std::cout << bash_completion(command_docs(app));
           throw CLI::Success();
       })
        ->group("");
    CommandAction action;
    add_run_command(app, action);
    add_simulate_command(app, action);
    add_fixes_command(app, action);
    add_check_tool_command(app, action);
    add_state_commands(app, action);
    add_lab_command(app, action);
    add_review_command(app, action);
    add_import_command(app, action);
    add_preflight_command(app, action);
    add_explore_command(app, action);
    add_cert_command(app, action);
    add_fixtures_command(app, action);
    // `cusim check-tool SCRIPT [SCENARIOS...] -- ARGS...`: what follows `--` is the script's, bound to
    // its param() block as `powershell.exe -File SCRIPT ARGS` binds them, never cusim's options.
    std::vector<std::string> script_args;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) != "check-tool") continue;
        for (int j = i + 1; j < argc; ++j)
            if (std::string(argv[j]) == "--") {
                for (int k = j + 1; k < argc; ++k) script_args.emplace_back(argv[k]);
                argc = j;
                break;
            }
        break;
    }
    set_script_arguments(script_args);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        std::cout << e.what() << "\n";
        return exit_ok;
    } catch (const CLI::Success&) {  // --manpage, --bash-completion
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        const CLI::App* sub = parsed_subcommand(app);
        std::cerr << (sub ? "cusim " + sub->get_name() : std::string("cusim")) << ": error: " << printable(parse_error_text(e, app))
                  << "\n";
        return exit_bad_input;
    } catch (const InputError& e) {
        std::cerr << "cusim: error: " << printable(e.what()) << "\n";
        return exit_bad_input;
    }
    try {
        use_fixtures_folder(fixtures_dir);
        return action ? action() : int(exit_internal);
    } catch (const InputError& e) {
        std::cerr << "cusim: error: " << printable(e.what()) << "\n";
        return exit_bad_input;
    } catch (const std::filesystem::filesystem_error& e) {
        // A folder that cannot be made, a path that is a file: the paths given, not a bug.
        std::cerr << "cusim: error: " << printable(e.path1().empty() ? std::string() : e.path1().string() + ": ")
                  << e.code().message() << "\n";
        return exit_bad_input;
    } catch (const std::exception& e) {
        std::cerr << "cusim: internal error: " << printable(e.what()) << "\n";
        return exit_internal;
    }
}

}  // namespace cusim
