// `cusim run [PATH...]`: every scenario, its baseline CU and its fixes; the matrix, and
// report.json / junit.xml / report.md with --report-dir.
#include <chrono>
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

void add_run_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::vector<std::string> paths;
        std::string fixes_dir;
        std::string report_dir;
        bool all_fixes = false;
        bool timings = false;
        int jobs = 0;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "run",
                   "Run every scenario's baseline CU and its fixes, print the outcome matrix",
                   "0 every expectation holds, 1 some expectation broke", action);
    cmd.option("paths", opts->paths, "Scenario files or folders (default: the bundled scenarios)").type("PATH");
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue folder (default: the bundled one)").type("DIR");
    cmd.option("--report-dir", opts->report_dir, "Write report.json, junit.xml and report.md here").type("DIR");
    cmd.flag("--all-fixes", opts->all_fixes, "Run every fix of the catalogue on every scenario");
    cmd.option("--jobs", opts->jobs, "Scenarios run at once (default: one per core); the output does not depend on it");
    cmd.flag("--timings", opts->timings, "Also print how long the run took (reports stay machine-independent otherwise)");
    cmd.action([opts] {
        // steady_clock times the run for --timings only; no simulated date depends on it.
        auto start = std::chrono::steady_clock::now();
        HarnessOptions h;
        h.paths = opts->paths.empty() ? std::vector<std::string>{data_path("scenarios")} : opts->paths;
        h.fixes_dir = opts->fixes_dir.empty() ? data_path("scenarios/fixes") : opts->fixes_dir;
        h.all_fixes = opts->all_fixes;
        if (opts->jobs < 0) throw InputError("--jobs", "must be 0 (one per core) or more");
        h.jobs = unsigned(opts->jobs);
        // Records go to the reports as they come: memory does not grow with the scenarios.
        namespace fs = std::filesystem;
        fs::path dir(opts->report_dir);
        std::unique_ptr<AtomicFileStream> json, junit, markdown;
        std::unique_ptr<RunReportStream> reports;
        bool held = run_harness(
            h,
            [&](const HarnessPlan& plan) {
                RunReportStream::Sinks sinks;
                sinks.matrix = &std::cout;
                if (!opts->report_dir.empty()) {
                    json = std::make_unique<AtomicFileStream>((dir / "report.json").string());
                    junit = std::make_unique<AtomicFileStream>((dir / "junit.xml").string());
                    markdown = std::make_unique<AtomicFileStream>((dir / "report.md").string());
                    sinks.json = &json->stream();
                    sinks.junit = &junit->stream();
                    sinks.markdown = &markdown->stream();
                }
                reports = std::make_unique<RunReportStream>(RunPlan(plan.fix_columns, plan.fix_titles, plan.scenario_ids), sinks);
            },
            [&](ScenarioRecord&& rec) { reports->add(rec); });
        reports->finish();
        if (!opts->report_dir.empty()) {
            json->commit();
            junit->commit();
            markdown->commit();
            std::cout << "wrote " << (dir / "report.json").string() << ", junit.xml, report.md\n";
        }
        if (opts->timings) {
            double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            std::cout << "timings: " << ms << " ms\n";
        }
        return held ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
