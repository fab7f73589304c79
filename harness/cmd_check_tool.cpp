// `cusim check-tool TOOL [SCENARIOS...]`: a recovery tool (a runbook, or a fix file) as the
// fix of every scenario; with --baseline, the regressions against an earlier report.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "harness/atomic_file.hpp"
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
    };
    auto opts = std::make_shared<Options>();
    Subcommand cmd(app, "check-tool",
                   "Run a recovery tool (runbook .ps1/.cmd, or a fix .json) as the fix on every scenario",
                   "0 no regression, 1 a regression against --baseline", action);
    cmd.option("tool", opts->tool, "The runbook or fix file; after --, the arguments of a PowerShell script (bound to its "
                                   "param() block as powershell.exe -File binds them)").required().type("PATH");
    cmd.option("scenarios", opts->paths, "Scenario files or folders (default: the bundled scenarios)").type("PATH");
    cmd.option("--baseline", opts->baseline, "An earlier report.json of the tool: list regressions and improvements").type("PATH");
    cmd.option("--report-dir", opts->report_dir, "Write report.json, junit.xml, report.md and their manifest reports.sha256 here").type("DIR");
    cmd.flag("--unfenced", opts->unfenced, unfenced_help);
    cmd.action([opts] {
        Fix tool = load_fix_file(opts->tool, script_arguments());
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
        if (!against) return int(exit_ok);
        const ToolComparison& c = *against;
        std::cout << fmt::format("\nAgainst {}: {} regressions, {} improvements\n", opts->baseline, c.regressions.size(),
                                 c.improvements.size());
        for (auto& r : c.regressions) std::cout << "  REGRESSION: " << r << "\n";
        for (auto& i : c.improvements) std::cout << "  improvement: " << i << "\n";
        return c.regressions.empty() ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
