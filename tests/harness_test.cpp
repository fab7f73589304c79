// `cusim run` end to end: the seed matrix and the three reports are pinned as golden
// files; reports are deterministic, machine-independent and well-formed; a broken
// expectation gives exit 1 and a JUnit failure; inputs are never written.
#define BOOST_TEST_MODULE harness
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <pugixml.hpp>

#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/fix_files.hpp"
#include "sim/runbook/runbook.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using cusim::test::read_text;
using cusim::test::source_path;

namespace {
void compare_golden(const std::string& name, const std::string& actual) {
    std::string expected = source_path("tests/golden/run-seed/" + name);
    if (cusim::test::update_golden()) cusim::test::write_text(expected, actual);
    std::string diff = cusim::test::line_diff(read_text(expected), actual);
    BOOST_TEST(diff.empty(), name << " differs:\n" << diff);
}

std::map<std::string, std::string> snapshot(const std::vector<std::string>& dirs) {
    std::map<std::string, std::string> files;
    for (auto& d : dirs)
        for (auto& e : fs::recursive_directory_iterator(source_path(d)))
            if (e.is_regular_file()) files[e.path().string()] = read_text(e.path().string());
    return files;
}
}  // namespace

BOOST_AUTO_TEST_CASE(seed_matrix_and_reports_are_the_golden_ones) {
    std::string dir = cusim::test::make_temp_dir("run-seed");
    auto r = cusim::test::run_cusim({"run", "scenarios/seed", "--report-dir", dir});
    BOOST_TEST(r.exit_code == 0, r.output);
    std::string matrix = r.output.substr(0, r.output.find("wrote "));
    compare_golden("matrix.txt", matrix);
    compare_golden("report.json", read_text(dir + "/report.json"));
    compare_golden("junit.xml", read_text(dir + "/junit.xml"));
    compare_golden("report.md", read_text(dir + "/report.md"));
    compare_golden("report.html", read_text(dir + "/report.html"));
    // Atomic writes leave no temporary files behind (nor report.html's spool of details): the
    // four reports and their manifest, which sha256sum checks.
    std::set<std::string> files;
    for (auto& e : fs::directory_iterator(dir)) files.insert(e.path().filename().string());
    BOOST_TEST((files == std::set<std::string>{"report.json", "junit.xml", "report.md", "report.html", "reports.sha256"}));
    auto check = cusim::test::run_command("cd '" + dir + "' && sha256sum --check --strict reports.sha256");
    BOOST_TEST(check.exit_code == 0, check.output);
}

// The whole bundled corpus (seed + forum cases): the matrix and report.md are pinned.
BOOST_AUTO_TEST_CASE(bundled_matrix_and_report_md_are_the_golden_ones) {
    std::string dir = cusim::test::make_temp_dir("run-all");
    auto r = cusim::test::run_cusim({"run", "--report-dir", dir});
    BOOST_TEST(r.exit_code == 0, r.output);
    std::string matrix = r.output.substr(0, r.output.find("wrote "));
    for (auto [name, text] : {std::pair<std::string, std::string>{"matrix.txt", matrix}, {"report.md", read_text(dir + "/report.md")}}) {
        std::string expected = source_path("tests/golden/run-all/" + name);
        if (cusim::test::update_golden()) cusim::test::write_text(expected, text);
        std::string diff = cusim::test::line_diff(read_text(expected), text);
        BOOST_TEST(diff.empty(), name << " differs:\n" << diff);
    }
}

BOOST_AUTO_TEST_CASE(fix_schema_names_every_action_of_the_catalogue) {
    auto listed = cusim::test::run_cusim({"fixes", "--actions"});
    std::string schema = read_text(source_path("scenarios/fix.schema.json"));
    std::istringstream in(listed.output);
    int n = 0;
    for (std::string line; std::getline(in, line); ++n) {
        std::string name = line.substr(0, line.find(' '));
        BOOST_TEST(schema.find("\"" + name + "\"") != std::string::npos, name << " is missing from fix.schema.json");
    }
    BOOST_TEST(n >= 20);
}

BOOST_AUTO_TEST_CASE(two_runs_give_byte_identical_reports) {
    std::string a = cusim::test::make_temp_dir("run-a"), b = cusim::test::make_temp_dir("run-b");
    BOOST_REQUIRE(cusim::test::run_cusim({"run", "--report-dir", a}).exit_code == 0);
    BOOST_REQUIRE(cusim::test::run_cusim({"run", "--report-dir", b}).exit_code == 0);
    for (auto name : {"report.json", "junit.xml", "report.md", "report.html"}) {
        BOOST_TEST(read_text(a + "/" + name) == read_text(b + "/" + name), name);
        BOOST_TEST(read_text(a + "/" + name).find(CUSIM_SOURCE_DIR) == std::string::npos, name << " holds an absolute path");
    }
}

// Scenarios run on several threads; nothing printed or written may depend on how many. The
// runbook catalogue makes every script fix run on many scenarios at once, each run with its
// own variables ($cert = ...).
BOOST_AUTO_TEST_CASE(the_number_of_jobs_changes_no_byte) {
    for (std::string fixes : {"scenarios/fixes", "scenarios/runbooks"}) {
        std::map<std::string, std::string> first;
        for (std::string jobs : {"1", "2", "5"}) {
            std::string dir = cusim::test::make_temp_dir("run-jobs-" + jobs);
            auto r = cusim::test::run_cusim({"run", "--all-fixes", "--fixes", fixes, "--jobs", jobs, "--report-dir", dir});
            BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.output);
            std::map<std::string, std::string> now = {{"matrix", r.output.substr(0, r.output.find("wrote "))}};
            for (auto name : {"report.json", "junit.xml", "report.md", "report.html"}) now[name] = read_text(dir + "/" + name);
            if (first.empty()) first = now;
            for (auto& [name, text] : now) BOOST_TEST(text == first[name], fixes << ": " << name << " differs with --jobs " << jobs);
        }
    }
}

BOOST_AUTO_TEST_CASE(report_json_matches_its_schema) {
    std::string dir = cusim::test::make_temp_dir("run-schema");
    BOOST_REQUIRE(cusim::test::run_cusim({"run", "--all-fixes", "--report-dir", dir}).exit_code == 0);
    auto v = cusim::test::validate_json("scenarios/report.schema.json", dir + "/report.json");
    BOOST_TEST(v.exit_code == 0, v.output);
}

BOOST_AUTO_TEST_CASE(fix_files_match_their_schema) {
    auto v = cusim::test::validate_json("scenarios/fix.schema.json", source_path("scenarios/fixes"));
    BOOST_TEST(v.exit_code == 0, v.output);
}

BOOST_AUTO_TEST_CASE(junit_has_the_shape_ci_tools_read) {
    std::string dir = cusim::test::make_temp_dir("run-junit");
    auto r = cusim::test::run_cusim({"run", "scenarios/seed", "tests/harness/broken-expectation", "--report-dir", dir});
    BOOST_TEST(r.exit_code == 1, r.output);
    pugi::xml_document doc;
    BOOST_REQUIRE(doc.load_file((dir + "/junit.xml").c_str()));
    auto suites = doc.child("testsuites");
    int total = 0, failures = 0;
    for (auto suite : suites.children("testsuite")) {
        int tests = 0, failed = 0;
        for (auto tc : suite.children("testcase")) {
            ++tests;
            if (tc.child("failure")) {
                ++failed;
                BOOST_TEST(!std::string(tc.child("failure").attribute("message").value()).empty());
            }
        }
        BOOST_TEST(suite.attribute("tests").as_int() == tests);
        BOOST_TEST(suite.attribute("failures").as_int() == failed);
        total += tests;
        failures += failed;
    }
    BOOST_TEST(suites.attribute("tests").as_int() == total);
    BOOST_TEST(suites.attribute("failures").as_int() == failures);
    BOOST_TEST(failures == 1);
    auto failed_case = doc.select_node("//testcase[failure]").node();
    BOOST_TEST(std::string(failed_case.attribute("name").value()) == "rebind-one-to-self-signed");
    BOOST_TEST(std::string(failed_case.child("failure").attribute("message").value()) ==
               "expected succeeds, got fails (System.Security.Cryptography.CryptographicException: The certificate is expired.)");
}

BOOST_AUTO_TEST_CASE(run_never_writes_its_inputs) {
    auto before = snapshot({"scenarios", "fixtures", "tests/harness"});
    std::string dir = cusim::test::make_temp_dir("run-inputs");
    cusim::test::run_cusim({"run", "--all-fixes", "scenarios", "tests/harness", "--report-dir", dir});
    BOOST_TEST((snapshot({"scenarios", "fixtures", "tests/harness"}) == before));
}

BOOST_AUTO_TEST_CASE(every_fix_of_the_catalogue_runs_on_every_seed_scenario) {
    auto r = cusim::test::run_cusim({"run", "--all-fixes", "scenarios/seed"});
    BOOST_TEST(r.exit_code == 0, r.output);
    BOOST_TEST(r.output.find("internal error") == std::string::npos);
    BOOST_TEST(r.output.find(" - ") == std::string::npos);
}

// Every built-in fix that can be typed as commands has a runbook of the same id in
// scenarios/runbooks/; run as the fix, it must get the verdict the scenarios expect.
BOOST_AUTO_TEST_CASE(runbooks_get_the_verdicts_of_the_fixes_they_write_out) {
    std::map<std::string, cusim::Fix> runbooks;
    for (auto& e : fs::directory_iterator(source_path("scenarios/runbooks")))
        if (cusim::is_runbook_file(e.path().string())) {
            cusim::Fix f = cusim::load_runbook(e.path().string());
            runbooks.emplace(f.id, f);
        }
    for (auto& f : cusim::load_fix_catalogue(source_path("scenarios/fixes")))
        BOOST_TEST(runbooks.count(f.id) == 1u, "the built-in fix " << f.id << " has no runbook in scenarios/runbooks/");
    int compared = 0;
    for (auto& file : cusim::find_scenario_files(source_path("scenarios"))) {
        cusim::Scenario s = cusim::load_scenario(file);
        std::optional<cusim::Baseline> baseline;
        for (auto& fe : s.expectations.fixes) {
            auto rb = runbooks.find(fe.fix_id);
            if (rb == runbooks.end()) continue;
            if (!baseline) baseline = cusim::run_baseline(s);
            cusim::RunRecord r = cusim::run_fix(s, *baseline, rb->second);
            BOOST_TEST(to_string(r.outcome) == to_string(fe.outcome), s.id << " x " << fe.fix_id << ": " << r.error);
            ++compared;
        }
    }
    BOOST_TEST(compared >= 40);
}
