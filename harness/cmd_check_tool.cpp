// `cusim check-tool TOOL [SCENARIOS...]`: a recovery tool (a runbook, or a fix file) as the
// fix of every scenario; with --baseline, the regressions against an earlier report.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "harness/atomic_file.hpp"
#include "sim/core/input_error.hpp"
#include "harness/commands.hpp"
#include "harness/data_dir.hpp"
#include "harness/runner.hpp"
#include "reports/run_reports.hpp"
#include "sim/runbook/fix_files.hpp"

#include <optional>

namespace cusim {

namespace {
std::vector<std::string>& stored_script_arguments() {
    static std::vector<std::string> args;
    return args;
}
}  // namespace

void set_script_arguments(std::vector<std::string> args) { stored_script_arguments() = std::move(args); }
const std::vector<std::string>& script_arguments() { return stored_script_arguments(); }

void add_check_tool_command(CLI::App& app, CommandAction& action) {
    struct Options {
        std::string tool;
        std::vector<std::string> paths;
        std::string baseline;
        std::string report_dir;
        bool unfenced = false;
        std::string expect;
        std::string answers;
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "check-tool",
                   "Run a recovery tool (runbook .ps1/.cmd, or a fix .json) as the fix on every scenario",
                   "0 no regression (and every scenario as --expect says), 1 a regression against --baseline or a scenario below --expect", action);
    cmd.option("tool", opts->tool, "The runbook or fix file; after --, the arguments of a PowerShell script (bound to its "
                                   "param() block as powershell.exe -File binds them)").required().type("PATH");
    cmd.option("scenarios", opts->paths, "Scenario files or folders (default: the bundled scenarios)").type("PATH");
    cmd.option("--baseline", opts->baseline, "An earlier report.json of the tool: list regressions and improvements").type("PATH");
    cmd.option("--report-dir", opts->report_dir, "Write report.json, junit.xml, report.md and their manifest reports.sha256 here").type("DIR");
    cmd.flag("--unfenced", opts->unfenced, unfenced_help);
    cmd.option("--expect", opts->expect,
               "succeeds or partial: exit 1 when the tool ends worse than that on some scenario (for a tool author's CI)")
        .type("OUTCOME");
    cmd.option("--answers", opts->answers,
               "A file of answers for a PowerShell script's Read-Host, one a line, in order (each run starts from the first); "
               "out of answers, Read-Host is the NonInteractive error")
        .type("FILE");
    cmd.action([opts] {
        std::vector<std::string> answers;
        if (!opts->answers.empty()) {
            std::ifstream f(opts->answers, std::ios::binary);
            if (!f) throw InputError(opts->answers, "", "the answers file cannot be read");
            std::string line;
            while (std::getline(f, line)) {
                if (!line.empty() && line.back() == '\r') line.pop_back();
                answers.push_back(line);
            }
        }
        Fix tool = load_fix_file(opts->tool, script_arguments(), answers);
        HarnessResult result = run_tool(opts->paths.empty() ? std::vector<std::string>{data_path("scenarios")} : opts->paths, tool,
                                        ProgramFence{opts->unfenced});
        RunReportInput in{result.scenarios, result.fix_columns, result.fix_titles};
        // The baseline is read before the reports are written: `--baseline D/report.json
        // --report-dir D` compared the run with the report it had just replaced.
        std::optional<ToolComparison> against;
        if (!opts->baseline.empty()) against = compare_with_baseline(result, opts->baseline);
        std::cout << matrix_text(in);
        if (!opts->report_dir.empty()) {
            // One set, as run's (harness/atomic_file.hpp): replaced together, with reports.sha256.
            AtomicFileSet files(opts->report_dir, {"report.json", "junit.xml", "report.md"}, report_manifest_name);
            files.stream(0) << report_json(in);
            files.stream(1) << junit_xml(in);
            files.stream(2) << report_markdown(in);
            files.commit();
            std::cout << "wrote " << (std::filesystem::path(opts->report_dir) / "report.json").string()
                      << ", junit.xml, report.md, " << report_manifest_name << "\n";
        }
        // --expect: the tool's own bar, scenario by scenario (succeeds > partial > fails, invalid).
        std::vector<std::string> below;
        if (!opts->expect.empty()) {
            if (opts->expect != "succeeds" && opts->expect != "partial")
                throw InputError("--expect", "", "'" + opts->expect + "' is not an outcome to expect: succeeds or partial");
            for (auto& sc : result.scenarios)
                for (auto& r : sc.fixes) {
                    bool ok = r.outcome == Outcome::succeeds || (opts->expect == "partial" && r.outcome == Outcome::partial);
                    if (!ok) below.push_back(fmt::format("{}: {} (expected {})", sc.id, to_string(r.outcome), opts->expect));
                }
            std::cout << fmt::format("\nExpected {} on every scenario: {} below it\n", opts->expect, below.size());
            for (auto& b : below) std::cout << "  BELOW: " << b << "\n";
        }
        if (!against) return below.empty() ? int(exit_ok) : int(exit_expectation_broke);
        const ToolComparison& c = *against;
        std::cout << fmt::format("\nAgainst {}: {} regressions, {} improvements\n", opts->baseline, c.regressions.size(),
                                 c.improvements.size());
        for (auto& r : c.regressions) std::cout << "  REGRESSION: " << r << "\n";
        for (auto& i : c.improvements) std::cout << "  improvement: " << i << "\n";
        return c.regressions.empty() && below.empty() ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
