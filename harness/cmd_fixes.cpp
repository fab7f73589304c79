// `cusim fixes`: the fix catalogue, one line per fix; `--actions`: the action catalogue.
#include <fmt/format.h>

#include <iostream>

#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "sim/runbook/fix_files.hpp"

namespace cusim {

void add_fixes_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string fixes_dir;
        bool actions = false;
        bool verbose = false;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "fixes", "List the fix catalogue (one line per fix)", "0 listed", action);
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue folder (default: the bundled one)").type("DIR");
    cmd.flag("--actions", opts->actions, "List the actions fixes are made of instead");
    cmd.flag("-v,--verbose", opts->verbose, "Show each fix's steps");
    cmd.action([opts] {
        if (opts->actions) {
            for (auto& a : action_catalogue()) std::cout << fmt::format("{:<30} {:<36} {}\n", a.name, a.tool, a.summary);
            return int(exit_ok);
        }
        for (auto& f : load_fix_catalogue(opts->fixes_dir.empty() ? data_path("scenarios/fixes") : opts->fixes_dir)) {
            std::cout << fmt::format("{:<38} {:<13} {}\n", f.id, f.when == FixWhen::before_cu ? "before-cu" : "after-failure",
                                     f.title);
            if (opts->verbose)
                for (auto& s : f.steps) std::cout << fmt::format("    {:<34} {}\n", s.tool, s.summary);
        }
        return int(exit_ok);
    });
}

}  // namespace cusim
