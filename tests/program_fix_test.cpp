// Program fixes wherever they run: refused, saying why, where bubblewrap cannot fence them (and
// --unfenced not given); with --unfenced a clean environment, the program's process group
// killed at the timeout, the output capped; and the temporary folders a killed cusim left
// behind removed by the next one, nothing else. None of these needs bubblewrap.
#define BOOST_TEST_MODULE program_fix
#include <boost/test/unit_test.hpp>
#include <sys/file.h>
#include <sys/wait.h>
#include <fcntl.h>

#include "tests/program_fix_checks.hpp"

using namespace cusim;
using namespace cusim::test;
namespace fs = std::filesystem;

namespace {
const ProgramFence unfenced{true};
}  // namespace

BOOST_AUTO_TEST_CASE(refused_where_bubblewrap_cannot_run) {
    RunRecord r = run_program_fix(program_fix("refused", {"true"}), ProgramFence{false, "/nonexistent/bwrap"});
    BOOST_TEST(to_string(r.outcome) == "invalid");
    BOOST_TEST(r.error == "program: true: not run: program fixes run fenced, and /nonexistent/bwrap is not installed "
                          "(Debian package bubblewrap); --unfenced runs them without the fence");
}

BOOST_AUTO_TEST_CASE(unfenced_the_environment_is_clean) { check_clean_environment(unfenced); }

BOOST_AUTO_TEST_CASE(unfenced_the_process_group_dies_at_the_timeout) { check_tree_killed_at_timeout(unfenced, false); }

BOOST_AUTO_TEST_CASE(unfenced_the_output_is_kept_and_capped) { check_output_capped(unfenced); }

BOOST_AUTO_TEST_CASE(a_killed_cusims_state_folders_are_removed_by_the_next_and_nothing_else) {
    std::string tmp = make_temp_dir("stale-state");
    pid_t dead = fork();
    if (dead == 0) _exit(0);
    waitpid(dead, nullptr, 0);
    auto folder = [&](const std::string& name) {
        fs::create_directories(tmp + "/" + name + "/state/certificates");
        write_text(tmp + "/" + name + "/state/clock.txt", "2024-06-12T00:00:00Z\n");
        return tmp + "/" + name;
    };
    std::string d = std::to_string(dead);
    std::string stale = folder("cusim-state-" + d + "-Ab12Cd");
    std::string live = folder("cusim-state-" + std::to_string(getpid()) + "-Live01");  // this test is alive
    std::string locked = folder("cusim-state-" + d + "-Lock01");                         // alive in another PID namespace
    std::string other = folder("other-" + d + "-Ab12Cd");
    std::string longer = folder("cusim-state-" + d + "-Ab12Cd7");
    std::string old_name = folder("cusim-state-Ab12Cd");  // an older cusim's: whose, nobody can tell
    std::string target = folder("target");
    fs::create_directory_symlink(target, tmp + "/cusim-state-" + d + "-Link01");
    write_text(tmp + "/cusim-state-" + d + "-File01", "a file\n");
    int lock = open(locked.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    BOOST_REQUIRE(lock >= 0);
    BOOST_REQUIRE(flock(lock, LOCK_EX) == 0);

    std::string fixes = make_temp_dir("stale-state-fix");
    write_text(fixes + "/true.json", R"({"id": "true", "title": "does nothing", "program": ["true"], "timeoutSeconds": 10})");
    auto r = run_cusim({"simulate", "scenarios/seed/healthy.json", "--fix", fixes + "/true.json", "--unfenced", "--log-dir",
                        fixes + "/logs"},
                       "", "", {"TMPDIR=" + tmp});
    close(lock);
    BOOST_TEST(r.exit_code == 0, r.output);
    BOOST_TEST(!fs::exists(stale));
    for (auto& kept : {live, locked, other, longer, old_name, target + "/state/clock.txt"})
        BOOST_TEST(fs::exists(kept), kept << " was removed");
    BOOST_TEST(fs::is_symlink(tmp + "/cusim-state-" + d + "-Link01"));
    BOOST_TEST(fs::is_regular_file(tmp + "/cusim-state-" + d + "-File01"));
    // and cusim removed its own
    std::vector<std::string> left;
    for (auto& e : fs::directory_iterator(tmp)) left.push_back(e.path().filename().string());
    BOOST_TEST(left.size() == 8u);
}
