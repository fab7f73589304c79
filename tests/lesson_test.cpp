// The lessons of the training lab: each matches the schema, each is solved by a scripted
// session among the golden CLI cases, and a session is graded by the server it leaves,
// not by the commands typed.
#define BOOST_TEST_MODULE lessons
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <set>
#include <sstream>

#include "harness/lab.hpp"
#include "sim/checks/health_checks.hpp"
#include "sim/lab/lesson.hpp"
#include "sim/recovery/fix_run.hpp"
#include "tests/test_support.hpp"

using namespace cusim;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> all_lessons() { return find_lessons(cusim::test::source_path("lessons")); }

// Runs a lab session with `typed` as standard input; returns the exit code.
int session(const std::string& lesson_id, const std::string& typed, std::string& output) {
    Lesson lesson = load_lesson(cusim::test::source_path("lessons/" + lesson_id + ".json"));
    std::istringstream in(typed);
    std::ostringstream out;
    int code = run_lab(lesson, in, out, LabOptions{});
    output = out.str();
    return code;
}
}  // namespace

BOOST_AUTO_TEST_CASE(lessons_match_the_schema) {
    auto r = cusim::test::validate_json("lessons/lesson.schema.json", cusim::test::source_path("lessons"));
    BOOST_TEST(r.exit_code == 0, r.output);
}

BOOST_AUTO_TEST_CASE(at_least_six_lessons_from_easy_to_hard) {
    std::set<int> levels;
    for (auto& f : all_lessons()) levels.insert(load_lesson(f).level);
    BOOST_TEST(all_lessons().size() >= 6u);
    BOOST_TEST(levels.size() >= 3u);
}

// The golden case lab-ID.solution must exist and expect a passing session (exit 0).
BOOST_AUTO_TEST_CASE(every_lesson_has_a_scripted_solution) {
    for (auto& f : all_lessons()) {
        std::string id = load_lesson(f).id;
        fs::path test = cusim::test::source_path("tests/cli/lab-" + id + ".solution.test");
        BOOST_TEST_CONTEXT(id) {
            BOOST_REQUIRE_MESSAGE(fs::exists(test), test.string() << " is missing");
            std::string spec = cusim::test::read_text(test.string());
            BOOST_TEST(spec.find("RUN: lab " + id) != std::string::npos);
            BOOST_TEST(spec.find("STDIN: tests/lab/" + id + ".solution.txt") != std::string::npos);
            BOOST_TEST(spec.find("EXIT: 0") != std::string::npos);
        }
    }
}

// Typing the lesson's own hints as commands does nothing to the server: the grade stays.
BOOST_AUTO_TEST_CASE(doing_nothing_fails_every_lesson) {
    for (auto& f : all_lessons()) {
        std::string id = load_lesson(f).id, out;
        BOOST_TEST(session(id, "check\nquit\n", out) == 1, id << "\n" << out);
        BOOST_TEST(out.find("NOT YET") != std::string::npos, id);
    }
}

// What a briefing quotes ("Something went wrong", "Mailbox role: Transport service") is a symptom
// the trainee must be able to see on the lab's server: in `status`, or in what setup printed and
// logged. A briefing that promises one symptom while `status` shows another misleads the trainee.
BOOST_AUTO_TEST_CASE(what_a_briefing_quotes_is_what_the_server_shows) {
    for (auto& f : all_lessons()) {
        Lesson lesson = load_lesson(f);
        std::string out;
        session(lesson.id, "status\nquit\n", out);
        std::string shown = out.substr(out.find("> status"));
        Baseline baseline = run_baseline(lesson.scenario);
        shown += baseline.record.console + baseline.record.log;
        for (auto& c : run_health_checks(lesson.scenario.state)) shown += c.detail;
        size_t open = 0;
        int quoted = 0;
        while ((open = lesson.briefing.find('"', open)) != std::string::npos) {
            size_t close = lesson.briefing.find('"', open + 1);
            BOOST_REQUIRE_MESSAGE(close != std::string::npos, lesson.id << ": unbalanced quote in the briefing");
            std::string phrase = lesson.briefing.substr(open + 1, close - open - 1);
            BOOST_TEST(shown.find(phrase) != std::string::npos,
                       lesson.id << ": the briefing quotes \"" << phrase << "\", which the lab's server does not show");
            open = close + 1;
            ++quoted;
        }
    }
}

BOOST_AUTO_TEST_CASE(the_end_of_input_ends_the_session_like_quit) {
    std::string out;
    BOOST_TEST(session("expired-iis-cert", "hint\n", out) == 1);
    BOOST_TEST(out.find("Session over. NOT YET") != std::string::npos, out);
}

// Undo goes back one command: the server and the shell's variables (the session is run again
// up to the command before). A refused line ran nothing: undo says so, and the next undo takes
// back the command before it.
BOOST_AUTO_TEST_CASE(undo_restores_the_server_and_the_variables) {
    std::string out;
    session("expired-iis-cert",
            "Remove-Item Cert:\\LocalMachine\\My\\C52BCE4604932B5FDAD6D6F14C9B6F0B6899A737\n"
            "undo\n"
            "certutil -store my C52BCE4604932B5FDAD6D6F14C9B6F0B6899A737\n"
            "$t = \"X\"\n"
            "$u = \"Y\"\n"
            "undo\n"
            "Write-Output \"[$t][$u]\"\n"
            "Get-Frobnicator\n"
            "undo\n"
            "undo\n"
            "undo\n"
            "Write-Output \"[$t][$u]\"\n"
            "undo\nundo\nundo\nquit\n",
            out);
    BOOST_TEST(out.find("Cert Hash(sha1): c52bce4604932b5fdad6d6f14c9b6f0b6899a737") != std::string::npos, out);
    BOOST_TEST(out.find("\n[X][]\n") != std::string::npos, out);
    BOOST_TEST(out.find("Nothing to undo: the last line was refused and changed nothing. Type undo again to take back: "
                        "Write-Output") != std::string::npos,
               out);
    BOOST_TEST(out.find("\n[][]\n") != std::string::npos, out);
    BOOST_TEST(out.find("Nothing to undo.\n") != std::string::npos, out);
}

// Hints cost 5 points each, even when the server ends healthy.
BOOST_AUTO_TEST_CASE(hints_cost_points) {
    std::string out;
    int code = session("one-binding-stale",
                       "hint\nhint\n"
                       "IIS-EditSiteBinding -Site \"Default Web Site\" -Binding \"127.0.0.1:443:\" -Certificate \"Microsoft Exchange\"\n"
                       "setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF\n"
                       "quit\n",
                       out);
    BOOST_TEST(code == 0, out);
    BOOST_TEST(out.find("Session over. PASSED: score 90/100") != std::string::npos, out);
    BOOST_TEST(out.find("2 hints used") != std::string::npos, out);
}

// The CU goes through, but the self-signed certificate the Back End used is gone: the
// session fails and says what the trainee broke on the way.
BOOST_AUTO_TEST_CASE(breaking_what_worked_is_named_and_costs_points) {
    std::string solution = cusim::test::read_text(cusim::test::source_path("tests/lab/expired-iis-cert.solution.txt"));
    std::string out;
    int code = session("expired-iis-cert",
                       "Remove-Item Cert:\\LocalMachine\\My\\C52BCE4604932B5FDAD6D6F14C9B6F0B6899A737\n" + solution, out);
    BOOST_TEST(code == 1, out);
    BOOST_TEST(out.find("backend-444 fails (it worked before: you broke it)") != std::string::npos, out);
    BOOST_TEST(out.find("the self-signed \"Microsoft Exchange\" certificate was deleted") != std::string::npos, out);
}

// The trainer's JSON has the documented shape, for a failing session with variants too.
BOOST_AUTO_TEST_CASE(the_report_matches_its_schema) {
    std::string dir = cusim::test::make_temp_dir("lab-report");
    for (std::string session : {"expired-iis-cert.solution", "expired-iis-cert.wrong-one-binding"}) {
        std::string report = dir + "/" + session + ".json";
        auto r = cusim::test::run_cusim({"lab", "expired-iis-cert", "--report", report}, "",
                                        cusim::test::source_path("tests/lab/" + session + ".txt"));
        BOOST_TEST(r.exit_code == (session.find("wrong") == std::string::npos ? 0 : 1), r.output);
        auto v = cusim::test::validate_json("lessons/lab-report.schema.json", report);
        BOOST_TEST(v.exit_code == 0, session << "\n" << v.output);
    }
}
