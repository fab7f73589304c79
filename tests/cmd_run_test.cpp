// The cmd.exe batch language against golden files, one case per file:
//   tests/cmd/run/NAME.cmd       a batch file: each construct with a comment citing where cmd.exe
//                                documents its result
//   tests/cmd/run/NAME.out       the fix run of it on one server (the steps, what each printed,
//                                the verdict): CUSIM_UPDATE_GOLDEN=1 writes it
//   tests/cmd/refuse/NAME.cmd    a batch file the loader refuses (a construct not modelled, a
//                                syntax error, a label that is not there)
//   tests/cmd/refuse/NAME.errors the input error, every problem of the file
// The server is the practical365 forum case (its CU did not run: every check passes), whose clock
// is the simulated clock %DATE% and %TIME% read.
#define BOOST_TEST_MODULE cmd_run
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>

#include "sim/core/input_error.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/runbook.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using namespace cusim;
using namespace cusim::test;

namespace {

std::vector<std::string> cases(const std::string& folder) {
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(source_path(folder)))
        if (e.path().extension() == ".cmd" || e.path().extension() == ".bat") names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string run_case(const std::string& file) {
    Fix fix = load_runbook(source_path("tests/cmd/run/" + file));
    Scenario scenario = load_scenario(source_path("scenarios/forum/practical365-internal-transport-cannot-be-removed.json"));
    Baseline baseline = run_baseline(scenario);
    RunRecord rec = run_fix(scenario, baseline, fix);
    std::string out = "title: " + fix.title + "\n";
    for (auto& a : rec.actions) {
        out += "> [" + a.tool + "] " + a.step + (a.ok ? "" : "   (failed)") + "\n";
        if (!a.output.empty()) out += a.output + "\n";
    }
    out += "== outcome: " + std::string(to_string(rec.outcome)) + "\n";
    if (!rec.error.empty()) out += "== error: " + rec.error + "\n";
    return out;
}

std::string refusal(const std::string& file) {
    try {
        load_runbook(source_path("tests/cmd/refuse/" + file));
    } catch (const InputError& e) {
        std::string text = e.what();
        // The path as this checkout names it: from tests/ on.
        std::string root = source_path("");
        for (size_t at; (at = text.find(root)) != std::string::npos;) text.erase(at, root.size());
        return text + "\n";
    }
    return "LOADED (no input error)\n";
}

std::string golden_of(const std::string& folder, const std::string& file, const std::string& ext) {
    return source_path(folder + "/" + fs::path(file).stem().string() + ext);
}

}  // namespace

BOOST_DATA_TEST_CASE(run_case_output, boost::unit_test::data::make(cases("tests/cmd/run")), file) {
    std::string path = golden_of("tests/cmd/run", file, ".out");
    std::string diff = golden_diff(path, run_case(file));
    BOOST_TEST(diff.empty(), path << " differs (CUSIM_UPDATE_GOLDEN=1 rewrites it):\n" << diff);
}

BOOST_DATA_TEST_CASE(refused_at_load, boost::unit_test::data::make(cases("tests/cmd/refuse")), file) {
    std::string path = golden_of("tests/cmd/refuse", file, ".errors");
    std::string diff = golden_diff(path, refusal(file));
    BOOST_TEST(diff.empty(), path << " differs (CUSIM_UPDATE_GOLDEN=1 rewrites it):\n" << diff);
}

BOOST_AUTO_TEST_CASE(there_are_cases) {
    BOOST_TEST(cases("tests/cmd/run").size() >= 5u);
    BOOST_TEST(cases("tests/cmd/refuse").size() >= 3u);
}
