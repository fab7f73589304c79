// `cusim export-state SCENARIO DIR` and `cusim import-state DIR`: a server state as real
// files (certificates, keys, applicationHost.config, netsh output, CLIXML), for tools
// that are programs.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "harness/commands.hpp"
#include "sim/checks/health_checks.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/collector_folder.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/setup/setup_run.hpp"
#include "sim/formats/state_files.hpp"

namespace cusim {

void add_state_commands(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string scenario, dir;
        bool after_cu = false, collector = false;
    };
    auto opts = std::make_shared<Options>();
    Subcommand ex(app, "export-state", "Write a scenario's server as real files into DIR (see README)", "0 written", action);
    ex.option("scenario", opts->scenario, "Scenario file").required().type("PATH");
    ex.option("dir", opts->dir, "An empty or new folder").required().type("DIR");
    ex.flag("--after-cu", opts->after_cu, "Export the state the CU leaves (the half-upgraded server when it fails)");
    ex.flag("--collector", opts->collector,
            "Write what collector/Export-CusimServerState.ps1 would write on this server (for cusim import and preflight)");
    ex.action([opts] {
        namespace fs = std::filesystem;
        Scenario s = load_scenario(opts->scenario);
        if (fs::exists(opts->dir) && !fs::is_empty(opts->dir))
            throw InputError(opts->dir, "the folder is not empty: cusim exports only into an empty or new folder");
        ServerState state = opts->after_cu ? run_setup(s.state).state : s.state;
        if (opts->collector) {
            // After a failed CU the Exchange cmdlets are gone, and the collector writes no Exchange exports.
            write_collector_folder(state, opts->dir);
            std::cout << "wrote what the collector would collect on " << s.id << " to " << opts->dir << "\n";
            return int(exit_ok);
        }
        export_state(state, opts->dir);
        std::cout << "wrote the state of " << s.id << " to " << opts->dir << "\n";
        return int(exit_ok);
    });

    auto iopts = std::make_shared<Options>();
    Subcommand im(app, "import-state",
                   "Read a state folder back, validate it, and print its checks",
                   "0 read and valid (whatever its checks say)", action);
    im.option("dir", iopts->dir, "The state folder").required().type("DIR");
    im.option("--scenario", iopts->scenario, "Take what the folder does not hold (setup progress, ...) from this scenario").type("PATH");
    im.action([iopts] {
        ServerState base;
        base.stores = empty_stores();
        base.sites = default_exchange_sites();
        if (!iopts->scenario.empty()) base = load_scenario(iopts->scenario).state;
        ServerState s = import_state(iopts->dir, base);
        size_t certs = 0;
        for (auto& st : s.stores) certs += st.entries.size();
        std::cout << fmt::format("{}: clock {}, {} certificates, {} sites, {} http.sys bindings\n", iopts->dir,
                                 format_iso(s.clock), certs, s.sites.size(), s.ssl_bindings.size());
        for (auto& c : run_health_checks(s))
            std::cout << fmt::format("check {:<20} {}  {}\n", c.id, c.passed ? "passed" : "FAILED", c.detail);
        return int(exit_ok);
    });
}

}  // namespace cusim
