// `cusim run [PATH...]`: every scenario, its baseline CU and its fixes; the matrix, and
// report.json / junit.xml / report.md with --report-dir.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "harness/atomic_file.hpp"
#include "harness/commands.hpp"
#include "harness/runner.hpp"
#include "reports/run_reports.hpp"

namespace cusim {

void add_run_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::vector<std::string> paths;
        std::string fixes_dir = "scenarios/fixes";
        std::string report_dir;
        bool all_fixes = false;
        bool timings = false;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "run",
                   "Run every scenario's baseline CU and its fixes, print the outcome matrix.\n"
                   "Exit codes: 0 every expectation holds, 1 some expectation broke, 2 unusable input, 3 internal error",
                   action);
    cmd.option("paths", opts->paths, "Scenario files or folders (default: scenarios)");
    cmd.option("--fixes", opts->fixes_dir, "The fix catalogue folder").show_default();
    cmd.option("--report-dir", opts->report_dir, "Write report.json, junit.xml and report.md here");
    cmd.flag("--all-fixes", opts->all_fixes, "Run every fix of the catalogue on every scenario");
    cmd.flag("--timings", opts->timings, "Also print how long the run took (reports stay machine-independent otherwise)");
    cmd.action([opts] {
        // steady_clock times the run for --timings only; no simulated date depends on it.
        auto start = std::chrono::steady_clock::now();
        HarnessOptions h;
        if (!opts->paths.empty()) h.paths = opts->paths;
        h.fixes_dir = opts->fixes_dir;
        h.all_fixes = opts->all_fixes;
        HarnessResult result = run_harness(h);
        RunReportInput in{result.scenarios, result.fix_columns, result.fix_titles};
        std::cout << matrix_text(in);
        if (!opts->report_dir.empty()) {
            namespace fs = std::filesystem;
            fs::path dir(opts->report_dir);
            write_file_atomically((dir / "report.json").string(), report_json(in));
            write_file_atomically((dir / "junit.xml").string(), junit_xml(in));
            write_file_atomically((dir / "report.md").string(), report_markdown(in));
            std::cout << "wrote " << (dir / "report.json").string() << ", junit.xml, report.md\n";
        }
        if (opts->timings) {
            double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            std::cout << "timings: " << ms << " ms\n";
        }
        return result.all_held() ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
