// The lab's PowerShell console (sim/runbook/shell_session): when it asks for more lines (">>"),
// and what Tab completes, against golden files:
//   tests/lab/completion/NAME.txt        "# scenario: PATH" first; then each line is a line typed
//                                        up to the Tab key, or "> INPUT", an input run before (to
//                                        set variables or load a module)
//   tests/lab/completion/NAME.expected   each line and the candidates Tab offers, in order
// A new case is a new file; CUSIM_UPDATE_GOLDEN=1 writes the .expected files.
#define BOOST_TEST_MODULE shell_session
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>

#include "sim/core/text.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/runbook/shell_session.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using namespace cusim;
using namespace cusim::test;

namespace {

std::vector<std::string> completion_cases() {
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(source_path("tests/lab/completion")))
        if (e.path().extension() == ".txt") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

BOOST_DATA_TEST_CASE(completion_case, boost::unit_test::data::make(completion_cases()), name) {
    std::string base = source_path("tests/lab/completion/" + name);
    auto lines = split_lines(read_text(base + ".txt"));
    BOOST_REQUIRE(!lines.empty() && lines[0].rfind("# scenario: ", 0) == 0);
    Scenario scenario = load_scenario(source_path(lines[0].substr(12)));
    ServerState state = scenario.state;
    ShellSession session(base + ".txt");
    ActionContext ctx{state, scenario};
    std::string out;
    for (size_t i = 1; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (line.rfind("> ", 0) == 0) {
            auto o = session.run(line.substr(2), ctx);
            out += line + (o.result.ok ? "\n" : "\n  (failed: " + o.result.error_summary + ")\n");
            continue;
        }
        auto c = session.complete(line, state);
        out += line + "<Tab>\n";
        for (auto& candidate : c.candidates) out += "  " + candidate + "\n";
        if (c.candidates.empty()) out += "  (nothing)\n";
    }
    std::string diff = golden_diff(base + ".expected", out);
    BOOST_TEST(diff.empty(), name << ": completions differ from " << name << ".expected\n" << diff);
}

// When the console asks for more lines (ParseError.IncompleteInput): an open construct at the
// end of the input; a complete statement, or one wrong before its end, runs (or is refused) now.
BOOST_AUTO_TEST_CASE(incomplete_input_asks_for_more_lines) {
    for (const char* open : {"foreach ($c in $certs) {", "if ($x) {", "Get-ChildItem Cert:\\LocalMachine\\My |",
                             "$x = (Get-Date", "Write-Host \"not ended", "$s = @'", "<# a comment", "$a = @{",
                             "try { Get-Item x } catch {", "$x = 1 +", "Get-WebBinding -Name `", "function f {"})
        BOOST_TEST(ShellSession::needs_more_input(open), open);
    for (const char* complete : {"Get-ChildItem", "foreach ($c in $certs) { $c }", "$x = 1 + 2", "if ($x) { } else { }",
                                 "Write-Host 'done'", "$x = (1 + 2) )", "$a = @{ a = 1 }", "Get-Item x }"})
        BOOST_TEST(!ShellSession::needs_more_input(complete), complete);
}
