// `cusim preflight PATH... [--at DATE] [--target VERSION] [--report-dir DIR]`: the CU predicted on a real
// server (a folder of exports), a scenario, or a fleet (a folder of such folders and scenarios), before it
// runs; preflight.json and preflight.html with --report-dir.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

#include "harness/atomic_file.hpp"
#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "harness/progress.hpp"
#include "harness/run_in_order.hpp"
#include "reports/preflight_files.hpp"
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

// The servers of a fleet folder, in one walk (a fleet of 10,000 export folders spent a fifth of
// its time listing folders when the export folders and the scenario files each had a walk of
// their own): each folder of exports below it, one server with nothing inside it another, and
// each scenario file elsewhere, as find_scenario_files finds them (a .json, not a .schema., not
// below a fixes/, runbooks/ or tools/ folder, where an export folder still may be). A folder
// that cannot be listed is an error naming it: a fleet must never silently lose servers.
std::vector<fs::path> fleet_members(const fs::path& dir) {
    static const std::set<std::string> not_scenarios = {"fixes", "runbooks", "tools"};
    std::vector<fs::path> out;
    std::error_code ec;
    int no_scenarios_below = -1;  // the depth of the fixes/, runbooks/ or tools/ folder being walked
    auto it = fs::recursive_directory_iterator(dir, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (no_scenarios_below >= 0 && it.depth() <= no_scenarios_below) no_scenarios_below = -1;
        std::error_code type_ec;
        if (it->is_directory(type_ec)) {
            if (is_exports_folder(it->path())) {
                out.push_back(it->path());
                it.disable_recursion_pending();
            } else if (no_scenarios_below < 0 && not_scenarios.count(it->path().filename().string())) {
                no_scenarios_below = it.depth();
            }
            continue;
        }
        const fs::path& p = it->path();
        if (no_scenarios_below < 0 && p.extension() == ".json" && p.filename().string().find(".schema.") == std::string::npos &&
            it->is_regular_file(type_ec))
            out.push_back(p);
    }
    if (ec) throw InputError(it == fs::recursive_directory_iterator() ? dir.string() : it->path().string(),
                             "cannot list the folder: " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

void add_preflight_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::vector<std::string> paths;
        std::string at, fixes_dir, target, report_dir;
        int jobs = 0;
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
    cmd.option("--report-dir", opts->report_dir,
               "Write preflight.json, preflight.html (a row and a drawing of its https per server) and their manifest "
               "reports.sha256 here")
        .type("DIR");
    cmd.option("--jobs", opts->jobs, "Servers predicted at once (default: one per core); the output does not depend on it");
    cmd.action([opts] {
        std::optional<SimTime> at;
        if (!opts->at.empty()) at = parse_clock_or_throw(opts->at, "--at", "");
        const UpgradeTarget* target = parse_target_option(opts->target);
        if (opts->jobs < 0) throw InputError("--jobs", "must be 0 (one per core) or more");
        unsigned jobs = job_count(unsigned(opts->jobs));
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
        // Progress on stderr, for a terminal and a run of more than a second only.
        Progress progress("servers", servers.size(), isatty(STDERR_FILENO) == 1);
        // A line to the same terminal would land after the progress text: it is taken away first.
        bool stdout_terminal = isatty(STDOUT_FILENO) == 1;
        // Every server is read before anything is printed: unusable input stops the run first,
        // and the first bad one in the fleet's order is the error, whatever the threads did.
        struct Loaded {
            std::optional<Server> server;
            std::exception_ptr error;
        };
        std::vector<Server> loaded;
        loaded.reserve(servers.size());
        run_in_order<Loaded>(
            servers.size(), jobs, 64 * size_t(jobs),
            [&](size_t i) {
                Loaded l;
                try {
                    l.server = load_server(servers[i], at, target);
                } catch (...) {
                    l.error = std::current_exception();
                }
                return l;
            },
            [&](Loaded&& l) {
                if (l.error) std::rethrow_exception(l.error);
                loaded.push_back(std::move(*l.server));
                progress.update("reading", loaded.size());
            });
        // The reports are one set (harness/atomic_file.hpp), as `cusim run`'s: replaced together,
        // vouched for by reports.sha256 once both are in place. Opened before any server runs,
        // so that a folder cusim cannot write into stops the run at once.
        std::unique_ptr<AtomicFileSet> files;
        std::unique_ptr<PreflightReportStream> reports;
        if (!opts->report_dir.empty()) {
            files = std::make_unique<AtomicFileSet>(opts->report_dir, std::vector<std::string>{"preflight.json", "preflight.html"},
                                                    report_manifest_name);
            reports = std::make_unique<PreflightReportStream>(
                PreflightReportStream::Sinks{&files->stream(0), &files->stream(1), &files->spool()});
        }
        bool any_fails = false;
        size_t done = 0;
        if (fleet && target) std::cout << "CU: " << target_description(*target) << "\n";
        if (fleet) std::cout << preflight_fleet_header();
        run_in_order<PreflightResult>(
            loaded.size(), jobs, 16 * size_t(jobs),
            [&](size_t i) {
                PreflightResult r = run_preflight(loaded[i].scenario, fixes, loaded[i].import_findings);
                if (target) r.target = target_description(*target);
                return r;
            },
            [&](PreflightResult&& r) {
                Server& s = loaded[done++];
                any_fails = any_fails || !r.completes;
                if (stdout_terminal) progress.clear();
                // A fleet names each server by its scenario id (an import's is import-<server name>).
                std::cout << (fleet ? preflight_fleet_line(s.scenario.id, r) : preflight_text(r));
                if (reports) reports->add(s.scenario.id, s.where, r);
                // Its state is no longer needed (the workers are past it): memory falls as the fleet runs.
                s.scenario = Scenario{};
                progress.update("predicting", done);
            });
        progress.clear();
        if (reports) {
            reports->finish();
            files->commit();
            std::cout << "wrote " << (fs::path(opts->report_dir) / "preflight.json").string() << ", preflight.html, "
                      << report_manifest_name << "\n";
        }
        return any_fails ? int(exit_expectation_broke) : int(exit_ok);
    });
}

}  // namespace cusim
