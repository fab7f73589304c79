// `cusim import DIR [-o SCENARIO.json] [--at DATE]`: a real server's exports as a scenario that
// run, simulate and preflight take, with where each fact came from, what was assumed and what
// the exports contradict (sim/formats/exchange_exports.hpp).
#include <iostream>

#include "harness/atomic_file.hpp"
#include "harness/commands.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/exchange_exports.hpp"

namespace cusim {

void add_import_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string dir, out, at;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "import",
                   "Read a real server's exports (Get-ExchangeCertificate, Get-AuthConfig, Get-ExchangeServer, "
                   "applicationHost.config, Get-WebBinding as Export-Clixml) into a scenario",
                   "0 imported (findings, if any, are printed and kept in the scenario's provenance)", action);
    cmd.option("dir", opts->dir, "The folder of exports").required().type("DIR");
    cmd.option("-o,--output", opts->out, "Write the scenario here (default: print it)").type("PATH");
    cmd.option("--at", opts->at, "The clock of the scenario (the exports carry no date)").type("DATE");
    cmd.action([opts] {
        std::optional<SimTime> at;
        if (!opts->at.empty()) at = parse_clock_or_throw(opts->at, "--at", "");
        ImportedServer s = import_exchange_exports(opts->dir, at);
        std::string text = s.scenario.dump(2) + "\n";
        if (opts->out.empty()) {
            std::cout << text;
        } else {
            write_file_atomically(opts->out, text);
            std::cerr << "cusim: wrote " << opts->out << " (" << s.facts.size() << " facts, " << s.assumptions.size()
                      << " assumptions, " << s.findings.size() << " findings)\n";
        }
        for (auto& f : s.findings) std::cerr << "finding: " << f << "\n";
        return int(exit_ok);
    });
}

}  // namespace cusim
