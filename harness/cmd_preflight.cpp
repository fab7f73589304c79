// `cusim preflight PATH... [--at DATE] [--target VERSION]`: the CU predicted on a real server (a folder of
// exports), a scenario, or a fleet (a folder of such folders and scenarios), before it runs.
#include <filesystem>
#include <iostream>

#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "reports/preflight_report.hpp"
#include "harness/target_option.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/exchange_exports.hpp"
#include "sim/runbook/fix_files.hpp"

namespace cusim {
namespace fs = std::filesystem;

namespace {

bool is_exports_folder(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p / "GetExchangeCertificate.xml", ec);
}

struct Server {
    std::string where;
    Scenario scenario;
    std::vector<std::string> import_findings;
};

Server load_server(const fs::path& p, const std::optional<SimTime>& at, const UpgradeTarget* target) {
    Server s{p.string(), {}, {}};
    std::error_code ec;
    if (!fs::exists(p, ec)) throw InputError(p.string(), "no such file or folder");
    if (is_exports_folder(p)) {
        ImportedServer imported = import_exchange_exports(p.string(), at);
        // The scenario stands for a file in the exports' folder: it names no other file.
        s.scenario = parse_scenario(imported.scenario, (p / "exports.json").string());
        s.import_findings = imported.findings;
    } else {
        s.scenario = load_scenario(p.string());
        if (at) s.scenario.state.clock = *at;
    }
    // The server's own CU gives way to the target; a path setup cannot take is unusable input, with why.
    apply_target_option(s.scenario.state.exchange, target, p.string());
    return s;
}

// The servers of a fleet folder: each folder of exports below it, and each scenario file.
std::vector<fs::path> fleet_members(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory() && is_exports_folder(it->path())) {
            out.push_back(it->path());
            it.disable_recursion_pending();
        }
    }
    for (auto& f : find_scenario_files(dir.string())) out.push_back(f);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

void add_preflight_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::vector<std::string> paths;
        std::string at, fixes_dir, target;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "preflight",
                   "Predict a CU on a server before it runs: a folder of its exports (as `cusim import` reads), a scenario, or "
                   "a folder of many (one line per server)",
                   "0 the CU will complete (on every server), 1 it will fail (on some server)", action);
    cmd.option("paths", opts->paths, "Export folders, scenario files, or a folder of them").required().type("PATH");
    cmd.option("--at", opts->at, "Predict at this date instead of the server's clock").type("DATE");
    cmd.option("--target", opts->target, std::string("Predict ") + target_help).type("VERSION");
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue whose before-cu fixes are verified (default: the bundled one)")
        .type("DIR");
    cmd.action([opts] {
        std::optional<SimTime> at;
        if (!opts->at.empty()) at = parse_clock_or_throw(opts->at, "--at", "");
        const UpgradeTarget* target = parse_target_option(opts->target);
        std::vector<Fix> fixes = load_fix_catalogue(opts->fixes_dir.empty() ? data_path("scenarios/fixes") : opts->fixes_dir);
        std::vector<fs::path> servers;
        bool fleet = opts->paths.size() > 1;
        for (auto& p : opts->paths) {
            std::error_code ec;
            if (fs::is_directory(p, ec) && !is_exports_folder(p)) {
                auto members = fleet_members(p);
                if (members.empty()) throw InputError(p, "no folder of exports (GetExchangeCertificate.xml) and no scenario in it");
                servers.insert(servers.end(), members.begin(), members.end());
                fleet = true;
            } else {
                servers.push_back(p);
            }
        }
        // Every server is read before anything is printed: unusable input stops the run first.
        std::vector<Server> loaded;
        for (auto& p : servers) loaded.push_back(load_server(p, at, target));
        bool any_fails = false;
        if (fleet && target) std::cout << "CU: " << target_description(*target) << "\n";
        if (fleet) std::cout << preflight_fleet_header();
        for (auto& s : loaded) {
            PreflightResult r = run_preflight(s.scenario, fixes, s.import_findings);
            if (target)
                r.target = target_description(*target);
            any_fails = any_fails || !r.completes;
            // A fleet names each server by its scenario id (an import's is import-<server name>).
            std::cout << (fleet ? preflight_fleet_line(s.scenario.id, r) : preflight_text(r));
        }
        return any_fails ? int(exit_expectation_broke) : int(exit_ok);
    });
}

}  // namespace cusim
