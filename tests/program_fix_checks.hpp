#pragma once
// What holds for a program fix fenced and unfenced alike: program_fence_test.cpp runs these
// fenced (bubblewrap), program_fix_test.cpp unfenced (--unfenced). Each writes a fix file into a
// test folder and runs it on the seed scenario `healthy`, in this process.
#include <boost/test/unit_test.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/formats/json_input.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/recovery/program_fix.hpp"
#include "tests/test_support.hpp"

namespace cusim::test {

inline Fix program_fix(const std::string& name, const std::vector<std::string>& argv, int timeout_seconds = 30) {
    std::string dir = make_temp_dir("program-" + name);
    Json fix = {{"id", name}, {"title", "test program " + name}, {"program", argv}, {"timeoutSeconds", timeout_seconds}};
    write_text(dir + "/" + name + ".json", fix.dump());
    return load_fix(dir + "/" + name + ".json");
}

inline RunRecord run_program_fix(const Fix& fix, const ProgramFence& fence) {
    Scenario s = load_scenario(source_path("scenarios/seed/healthy.json"));
    return run_fix(s, run_baseline(s), fix, fence);
}

// What the program printed, with cusim's lines after it.
inline std::string program_output(const RunRecord& r) {
    BOOST_REQUIRE_EQUAL(r.actions.size(), 1u);
    return r.actions.front().output;
}

// The processes (pid and command line) whose command line holds `marker`.
inline std::vector<std::string> processes_with(const std::string& marker) {
    std::vector<std::string> found;
    std::error_code ec;
    for (auto& e : std::filesystem::directory_iterator("/proc", ec)) {
        std::string pid = e.path().filename().string();
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(e.path() / "cmdline", std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string cmdline = ss.str();
        std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
        if (cmdline.find(marker) != std::string::npos) found.push_back(pid + ": " + cmdline);
    }
    return found;
}

// The program sees only the documented variables, not cusim's.
inline void check_clean_environment(const ProgramFence& fence) {
    setenv("CUSIM_TEST_SECRET", "must-not-leak", 1);
    RunRecord r = run_program_fix(program_fix("env", {"env"}), fence);
    unsetenv("CUSIM_TEST_SECRET");
    BOOST_TEST(to_string(r.outcome) == "succeeds", r.error);
    std::set<std::string> names;
    std::istringstream lines(program_output(r));
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("(cusim: ", 0) == 0) continue;
        names.insert(line.substr(0, line.find('=')));
        if (line.rfind("PATH=", 0) == 0) BOOST_TEST(line == "PATH=/usr/local/bin:/usr/bin:/bin");
        if (line.rfind("LANG=", 0) == 0) BOOST_TEST(line == "LANG=C.UTF-8");
    }
    std::set<std::string> documented = {"CUSIM_STATE", "HOME", "LANG", "PATH", "PWD", "TMPDIR"};
    BOOST_TEST(names == documented, program_output(r));
}

// At the timeout the program and its children are killed, what they printed before is kept,
// and when the fix run returns none of them is left. `own_session`: the child calls setsid()
// (only the fence's PID namespace catches that one).
inline void check_tree_killed_at_timeout(const ProgramFence& fence, bool own_session) {
    const std::string marker = "cusim-test-marker-" + std::to_string(getpid()) + (own_session ? "-session" : "-group");
    std::string child = std::string(own_session ? "setsid " : "") + "sh -c 'echo child running; sleep 1000; true' " + marker;
    Fix fix = program_fix(own_session ? "timeout-session" : "timeout-group",
                          {"sh", "-c", child + " & echo parent running; sleep 1000; true"}, 1);
    RunRecord r = run_program_fix(fix, fence);
    BOOST_TEST(to_string(r.outcome) == "invalid");
    BOOST_TEST(r.error.find("stopped after the 1 s timeout") != std::string::npos, r.error);
    BOOST_TEST(program_output(r).find("parent running") != std::string::npos, program_output(r));
    BOOST_TEST(program_output(r).find("child running") != std::string::npos, program_output(r));
    auto left = processes_with(marker);
    BOOST_TEST(left.empty(), "still running after the fix run returned: " << (left.empty() ? "" : left.front()));
}

// The first 64 KiB of the output are kept, then a line says how much was cut.
inline void check_output_capped(const ProgramFence& fence) {
    RunRecord r = run_program_fix(program_fix("loud", {"sh", "-c", "head -c 100000 /dev/zero | tr '\\000' x; echo"}), fence);
    BOOST_TEST(to_string(r.outcome) == "succeeds", r.error);
    const std::string& out = program_output(r);
    BOOST_TEST(out.rfind(std::string(1000, 'x'), 0) == 0);
    BOOST_TEST(out.size() < program_output_limit + 200);
    BOOST_TEST(out.find("(cusim: the output was 100001 bytes; the first 65536 are shown, 34465 were cut)") != std::string::npos,
               out.substr(program_output_limit));
}

}  // namespace cusim::test
