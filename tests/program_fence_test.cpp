// Program fixes run fenced by bubblewrap (README, "What a program fix may and may not do"):
// writes outside the state folder fail, the whole process tree dies at the timeout (also a
// child that made a session of its own), a clean environment, no network, the output kept
// and capped. Where bubblewrap cannot run here, the test says why and exits 77 (skipped).
#define BOOST_TEST_MODULE program_fence
#include <boost/test/unit_test.hpp>

#include "tests/program_fix_checks.hpp"

using namespace cusim;
using namespace cusim::test;

namespace {
struct NeedsFence {
    NeedsFence() { require_fence(); }
};
BOOST_TEST_GLOBAL_FIXTURE(NeedsFence);

const ProgramFence fenced{};
}  // namespace

BOOST_AUTO_TEST_CASE(writes_outside_the_state_folder_fail) {
    std::string outside = make_temp_dir("program-fence-outside") + "/written-by-the-program";
    std::string in_tmp = "/tmp/cusim-fence-test-" + std::to_string(getpid());
    std::filesystem::remove(in_tmp);
    Fix fix = program_fix("write-outside", {"sh", "-c",
                                            "echo x > " + outside + "; echo y > " + in_tmp +
                                                "; echo z > \"$CUSIM_STATE/../../outside-the-state\"; echo inside > "
                                                "\"$CUSIM_STATE/inside.txt\" && echo wrote inside"});
    RunRecord r = run_program_fix(fix, fenced);
    const std::string& out = program_output(r);
    BOOST_TEST(to_string(r.outcome) == "succeeds", r.error);
    // Read-only outside the state folder; a checkout under /tmp is not there at all inside the
    // fence (its /tmp is its own): either way the write fails.
    BOOST_TEST(out.find("cannot create " + outside) != std::string::npos, out);
    BOOST_TEST(out.find("wrote inside") != std::string::npos, out);
    BOOST_TEST(!std::filesystem::exists(outside));
    BOOST_TEST(!std::filesystem::exists(in_tmp));  // the program's /tmp is its own, and gone
}

BOOST_AUTO_TEST_CASE(the_whole_tree_dies_at_the_timeout_even_a_child_in_its_own_session) {
    check_tree_killed_at_timeout(fenced, true);
}

BOOST_AUTO_TEST_CASE(the_environment_is_clean) { check_clean_environment(fenced); }

BOOST_AUTO_TEST_CASE(no_network_but_loopback) {
    RunRecord r = run_program_fix(program_fix("network", {"cat", "/proc/net/dev"}), fenced);
    BOOST_TEST(to_string(r.outcome) == "succeeds", r.error);
    std::vector<std::string> interfaces;
    std::istringstream lines(program_output(r));
    for (std::string line; std::getline(lines, line);) {
        auto colon = line.find(':');
        if (colon == std::string::npos || line.find('|') != std::string::npos) continue;
        std::string name = line.substr(0, colon);
        name.erase(0, name.find_first_not_of(' '));
        interfaces.push_back(name);
    }
    BOOST_TEST(interfaces == std::vector<std::string>{"lo"}, program_output(r));
}

BOOST_AUTO_TEST_CASE(the_output_is_kept_and_capped) { check_output_capped(fenced); }

BOOST_AUTO_TEST_CASE(no_capabilities_and_limits_set) {
    // CapEff 0: not even uid 0 may remount or raise a limit; the limits cusim sets.
    RunRecord r = run_program_fix(
        program_fix("limits", {"sh", "-c", "grep CapEff /proc/self/status; ulimit -v; ulimit -f; ulimit -t"}, 7), fenced);
    BOOST_TEST(to_string(r.outcome) == "succeeds", r.error);
    BOOST_TEST(program_output(r).find("CapEff:\t0000000000000000\n1048576\n131072\n7\n") == 0, program_output(r));
}
