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

namespace cusim {

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
    cmd.option("tool", opts->tool, "The runbook or fix file").required().type("PATH");
    cmd.option("scenarios", opts->paths, "Scenario files or folders (default: the bundled scenarios)").type("PATH");
    cmd.option("--baseline", opts->baseline, "An earlier report.json of the tool: list regressions and improvements").type("PATH");
    cmd.option("--report-dir", opts->report_dir, "Write report.json, junit.xml and report.md here").type("DIR");
    cmd.flag("--unfenced", opts->unfenced, unfenced_help);
    cmd.action([opts] {
        Fix tool = load_fix_file(opts->tool);
        HarnessResult result = run_tool(opts->paths.empty() ? std::vector<std::string>{data_path("scenarios")} : opts->paths, tool,
                                        ProgramFence{opts->unfenced});
        RunReportInput in{result.scenarios, result.fix_columns, result.fix_titles};
        std::cout << matrix_text(in);
        if (!opts->report_dir.empty()) {
            std::filesystem::path dir(opts->report_dir);
            write_file_atomically((dir / "report.json").string(), report_json(in));
            write_file_atomically((dir / "junit.xml").string(), junit_xml(in));
            write_file_atomically((dir / "report.md").string(), report_markdown(in));
            std::cout << "wrote " << (dir / "report.json").string() << ", junit.xml, report.md\n";
        }
        if (opts->baseline.empty()) return int(exit_ok);
        ToolComparison c = compare_with_baseline(result, opts->baseline);
        std::cout << fmt::format("\nAgainst {}: {} regressions, {} improvements\n", opts->baseline, c.regressions.size(),
                                 c.improvements.size());
        for (auto& r : c.regressions) std::cout << "  REGRESSION: " << r << "\n";
        for (auto& i : c.improvements) std::cout << "  improvement: " << i << "\n";
        return c.regressions.empty() ? int(exit_ok) : int(exit_expectation_broke);
    });
}

}  // namespace cusim
