// `cusim run [PATH...]`: every scenario, its baseline CU and its fixes; the matrix, and
// report.json / junit.xml / report.md / report.html with --report-dir.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "harness/atomic_file.hpp"
#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "harness/runner.hpp"
#include "reports/run_reports.hpp"
#include "sim/core/input_error.hpp"

namespace cusim {

namespace {
// --width 0 (not given): the terminal's width when stdout is one, else 100, so what goes to a
// pipe, a file or a test is the same on every machine. --color: see use_color (no-color.org).
TerminalStyle terminal_style(int width, const std::string& color) {
    TerminalStyle style;
    bool terminal = isatty(STDOUT_FILENO) == 1;
    if (width > 0)
        style.width = size_t(width);
    else if (winsize ws{}; terminal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        style.width = std::max<size_t>(40, ws.ws_col);  // the narrowest layout --width accepts
    ColorMode mode = color == "always" ? ColorMode::always : color == "never" ? ColorMode::never : ColorMode::automatic;
    if (color != "auto" && color != "always" && color != "never") throw InputError("--color", "must be auto, always or never");
    style.color = use_color(mode, terminal, std::getenv("NO_COLOR"));
    return style;
}
}  // namespace

void add_run_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::vector<std::string> paths;
        std::string fixes_dir;
        std::string report_dir;
        bool all_fixes = false;
        bool timings = false;
        bool unfenced = false;
        int jobs = 0;
        int width = 0;
        std::string color = "auto";
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "run",
                   "Run every scenario's baseline CU and its fixes, print the outcome matrix",
                   "0 every expectation holds, 1 some expectation broke", action);
    cmd.option("paths", opts->paths, "Scenario files or folders (default: the bundled scenarios)").type("PATH");
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue folder (default: the bundled one)").type("DIR");
    cmd.option("--report-dir", opts->report_dir, "Write report.json, junit.xml, report.md, report.html and their manifest reports.sha256 here").type("DIR");
    cmd.flag("--all-fixes", opts->all_fixes, "Run every fix of the catalogue on every scenario");
    cmd.option("--jobs", opts->jobs, "Scenarios run at once (default: one per core); the output does not depend on it");
    cmd.option("--width", opts->width,
               "Columns the matrix and its details fit (default: the terminal's width, or 100 when stdout is not a terminal)")
        .range(40, 1000);
    cmd.option("--color", opts->color,
               "Colour the outcomes: auto (when stdout is a terminal and NO_COLOR is unset or empty), always, never")
        .show_default();
    cmd.flag("--timings", opts->timings, "Also print how long the run took (reports stay machine-independent otherwise)");
    cmd.flag("--unfenced", opts->unfenced, unfenced_help);
    cmd.action([opts] {
        // steady_clock times the run for --timings only; no simulated date depends on it.
        auto start = std::chrono::steady_clock::now();
        HarnessOptions h;
        h.paths = opts->paths.empty() ? std::vector<std::string>{data_path("scenarios")} : opts->paths;
        h.fixes_dir = opts->fixes_dir.empty() ? data_path("scenarios/fixes") : opts->fixes_dir;
        h.all_fixes = opts->all_fixes;
        h.fence.unfenced = opts->unfenced;
        if (opts->jobs < 0) throw InputError("--jobs", "must be 0 (one per core) or more");
        h.jobs = unsigned(opts->jobs);
        TerminalStyle style = terminal_style(opts->width, opts->color);
        // Records go to the reports as they come: memory does not grow with the scenarios.
        namespace fs = std::filesystem;
        fs::path dir(opts->report_dir);
        // The four reports are one set (harness/atomic_file.hpp): replaced together, vouched for by
        // reports.sha256 once all are in place.
        std::unique_ptr<AtomicFileSet> files;
        std::unique_ptr<RunReportStream> reports;
        bool held = run_harness(
            h,
            [&](const HarnessPlan& plan) {
                RunReportStream::Sinks sinks;
                sinks.matrix = &std::cout;
                if (!opts->report_dir.empty()) {
                    files = std::make_unique<AtomicFileSet>(
                        opts->report_dir, std::vector<std::string>{"report.json", "junit.xml", "report.md", "report.html"},
                        report_manifest_name);
                    sinks.json = &files->stream(0);
                    sinks.junit = &files->stream(1);
                    sinks.markdown = &files->stream(2);
                    sinks.html = &files->stream(3);
                    sinks.html_spool = &files->spool();
                }
                reports = std::make_unique<RunReportStream>(
                    RunPlan(plan.fix_columns, plan.fix_titles, plan.scenario_ids, style), sinks);
            },
            [&](ScenarioRecord&& rec) { reports->add(rec); });
        reports->finish();
        if (files) {
            files->commit();
            std::cout << "wrote " << (dir / "report.json").string() << ", junit.xml, report.md, report.html, "
                      << report_manifest_name << "\n";
        }
        if (opts->timings) {
            double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            std::cout << "timings: " << ms << " ms\n";
        }
        return held ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
