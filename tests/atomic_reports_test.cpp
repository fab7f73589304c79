// Report files are atomic as a set (harness/atomic_file.hpp): a run killed at any step of its
// writer leaves a folder that either checks (`sha256sum -c reports.sha256`) and is one run's
// reports, or does not check; a symlink planted in the folder is never written through; what a
// kill leaves behind is cleared at the next write. The kills come from the writer's test-only
// fault point, CUSIM_TEST_CRASH_AFTER=N (_exit(86) right after its N-th step).
#define BOOST_TEST_MODULE atomic_reports
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <regex>

#include "harness/atomic_file.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using cusim::test::make_temp_dir;
using cusim::test::read_text;
using cusim::test::run_cusim;

namespace {
const std::vector<std::string> reports = {"report.json", "junit.xml", "report.md", "report.html"};
const std::string manifest = cusim::report_manifest_name;
constexpr int killed = 86;

bool is_temporary(const std::string& name) {
    static const std::regex shape(R"(^\.cusim-tmp-[A-Za-z0-9]{12}\..+$)");
    return std::regex_match(name, shape);
}

// Every entry of a folder, name -> content ("->target" for a symlink).
std::map<std::string, std::string> folder(const std::string& dir) {
    std::map<std::string, std::string> out;
    for (auto& e : fs::directory_iterator(dir)) {
        std::string name = e.path().filename().string();
        out[name] = e.is_symlink() ? "->" + fs::read_symlink(e.path()).string() : read_text(e.path().string());
    }
    return out;
}

// What a reader is told to run: exit 0 when every file the manifest lists is the one it lists.
bool manifest_checks(const std::string& dir) {
    return cusim::test::run_command("cd '" + dir + "' && sha256sum --check --strict --quiet " + manifest).exit_code == 0;
}

std::map<std::string, std::string> report_set(const std::string& dir) {
    std::map<std::string, std::string> set;
    for (auto& [name, text] : folder(dir))
        if (!is_temporary(name)) set[name] = text;
    return set;
}

void copy_folder(const std::string& from, const std::string& to) {
    for (auto& e : fs::directory_iterator(from)) fs::copy_file(e.path(), fs::path(to) / e.path().filename());
}
}  // namespace

// A folder holding one run's reports (one scenario) gets another run's (the seed scenarios),
// killed after step 1, 2, 3, ... of the writer until a run goes through.
BOOST_AUTO_TEST_CASE(a_run_killed_at_any_step_never_leaves_a_mixed_set_that_checks) {
    std::string old_dir = make_temp_dir("atomic-old"), new_dir = make_temp_dir("atomic-new");
    BOOST_REQUIRE(run_cusim({"run", "scenarios/seed/healthy.json", "--report-dir", old_dir}).exit_code == 0);
    BOOST_REQUIRE(run_cusim({"run", "scenarios/seed", "--report-dir", new_dir}).exit_code == 0);
    const auto old_set = report_set(old_dir), new_set = report_set(new_dir);
    BOOST_REQUIRE(old_set.size() == 5u);
    BOOST_REQUIRE(new_set.size() == 5u);
    BOOST_REQUIRE(manifest_checks(old_dir));
    for (auto& name : reports) BOOST_REQUIRE(old_set.at(name) != new_set.at(name));

    int mixed = 0, steps = 0;
    for (int n = 1; n < 100; ++n) {
        std::string dir = make_temp_dir("atomic-kill-" + std::to_string(n));
        copy_folder(old_dir, dir);
        auto r = run_cusim({"run", "scenarios/seed", "--report-dir", dir}, "", "", {"CUSIM_TEST_CRASH_AFTER=" + std::to_string(n)});
        if (r.exit_code != killed) {  // the writer has fewer steps than n: the run went through
            BOOST_TEST(r.exit_code == 0, r.output);
            BOOST_TEST((report_set(dir) == new_set));
            steps = n - 1;
            break;
        }
        // Each report is the old one or the new one, whole; nothing else but temporaries.
        int olds = 0, news = 0;
        for (auto& [name, text] : folder(dir)) {
            if (is_temporary(name)) continue;
            bool was_old = old_set.count(name) && text == old_set.at(name);
            bool is_new = new_set.count(name) && text == new_set.at(name);
            BOOST_TEST((was_old || is_new), "killed after step " << n << ": " << name << " is neither run's");
            if (name != manifest) olds += was_old, news += is_new;
        }
        bool has_manifest = fs::exists(dir + "/" + manifest);
        bool checks = has_manifest && manifest_checks(dir);
        // A folder whose reports come from two runs never checks; one that checks is one run's.
        if (olds > 0 && news > 0) {
            ++mixed;
            BOOST_TEST(!checks, "killed after step " << n << ": a mixed set checks");
        }
        if (checks) BOOST_TEST((report_set(dir) == old_set || report_set(dir) == new_set), "killed after step " << n);
        if (has_manifest) BOOST_TEST(checks, "killed after step " << n << ": a manifest that does not check");
        // The next run into the folder clears what the kill left and writes the whole new set.
        auto again = run_cusim({"run", "scenarios/seed", "--report-dir", dir});
        BOOST_TEST(again.exit_code == 0, again.output);
        BOOST_TEST((folder(dir) == new_set), "after step " << n << " and a run: temporaries left or reports wrong");
        BOOST_TEST(manifest_checks(dir));
    }
    // Steps: clear, 4 creates, 8 writes and fsyncs, the manifest's removal and the folder's fsync,
    // 4 renames, the new manifest's 4 steps, the folder's fsync.
    BOOST_TEST(steps >= 20);
    BOOST_TEST(mixed >= 3, "the kills never caught the reports half-replaced");
}

// Symlinks at the manifest, the reports, the names the temporaries had before (`report.json.tmp-PID`
// and `report.html.details.tmp-PID` for the process ids that come next) and the current
// temporaries' shape: cusim replaces or removes the links themselves, never writes where they point.
BOOST_AUTO_TEST_CASE(a_symlink_planted_in_the_folder_is_never_written_through) {
    for (auto command : {std::vector<std::string>{"run", "scenarios/seed"},
                         std::vector<std::string>{"check-tool", "scenarios/runbooks/rebind-both-to-self-signed.ps1", "scenarios/seed"}}) {
        std::string outside = make_temp_dir("atomic-outside-" + command[0]), dir = make_temp_dir("atomic-planted-" + command[0]);
        int planted = 0;
        auto plant = [&](const std::string& name) {
            std::string victim = outside + "/victim-" + std::to_string(planted++);
            if (planted % 2) cusim::test::write_text(victim, "not cusim's\n");  // every other link dangles
            fs::create_symlink(victim, dir + "/" + name);
        };
        plant(manifest);
        for (auto& name : reports) plant(name);
        plant("report.html.details");
        for (auto& name : reports) plant(".cusim-tmp-AAAAAAAAAAAA." + name);
        for (pid_t pid = getpid() + 1; pid < getpid() + 400; ++pid) {
            for (auto& name : reports) plant(name + ".tmp-" + std::to_string(pid));
            plant("report.html.details.tmp-" + std::to_string(pid));
        }
        const auto before = folder(outside);
        command.insert(command.end(), {"--report-dir", dir});
        auto r = run_cusim(command);
        BOOST_TEST(r.exit_code == 0, r.output);
        BOOST_TEST((folder(outside) == before), command[0] << " wrote through a planted symlink");
        BOOST_TEST(manifest_checks(dir), command[0]);
        for (auto& name : {reports[0], reports[1], reports[2], manifest})
            BOOST_TEST(fs::is_regular_file(fs::symlink_status(dir + "/" + name)), command[0] << ": " << name << " is still a link");
        for (auto& [name, text] : folder(dir)) BOOST_TEST(!is_temporary(name), command[0] << ": " << name << " was left in the folder");
    }
}

// simulate's log is written the same way: a link at ExchangeSetup.log is replaced, not followed.
BOOST_AUTO_TEST_CASE(simulate_does_not_write_its_log_through_a_symlink) {
    std::string outside = make_temp_dir("atomic-log-outside"), dir = make_temp_dir("atomic-log");
    cusim::test::write_text(outside + "/victim", "not cusim's\n");
    fs::create_symlink(outside + "/victim", dir + "/ExchangeSetup.log");
    auto r = run_cusim({"simulate", "scenarios/seed/healthy.json", "--log-dir", dir});
    BOOST_TEST(r.exit_code == 0, r.output);
    BOOST_TEST(read_text(outside + "/victim") == "not cusim's\n");
    BOOST_TEST(fs::is_regular_file(fs::symlink_status(dir + "/ExchangeSetup.log")));
    BOOST_TEST(read_text(dir + "/ExchangeSetup.log").find("Starting Microsoft Exchange Server") != std::string::npos);
}

// In process: what the writer removes, what it leaves, and the mode of what it makes.
BOOST_AUTO_TEST_CASE(only_names_of_the_temporaries_shape_are_cleared) {
    std::string dir = make_temp_dir("atomic-stale");
    const std::vector<std::string> stale = {".cusim-tmp-AbCdEf012345.report.json", ".cusim-tmp-zzzzzzzzzzzz.x"};
    const std::vector<std::string> kept = {".cusim-tmp-short.report.json", ".cusim-tmp-AbCdEf012345", "x.cusim-tmp-AbCdEf012345.y",
                                           ".cusim-tmp-AbCdEf01234!.report.json", "report.json.tmp-12345", "notes.txt"};
    for (auto& n : stale) cusim::test::write_text(dir + "/" + n, "left by a kill\n");
    for (auto& n : kept) cusim::test::write_text(dir + "/" + n, "someone's\n");
    cusim::write_file_atomically(dir + "/grade.json", "{}\n");
    for (auto& n : stale) BOOST_TEST(!fs::exists(dir + "/" + n), n);
    for (auto& n : kept) BOOST_TEST(read_text(dir + "/" + n) == "someone's\n", n);
    BOOST_TEST(read_text(dir + "/grade.json") == "{}\n");
}

BOOST_AUTO_TEST_CASE(a_set_not_committed_leaves_the_folder_as_it_was) {
    std::string dir = make_temp_dir("atomic-abandoned");
    {
        cusim::AtomicFileSet set(dir, {"a.txt", "b.txt"}, manifest);
        set.stream(0) << "a\n";
        set.stream(1) << "b\n";
        set.commit();
    }
    BOOST_REQUIRE(manifest_checks(dir));
    auto before = folder(dir);
    {
        cusim::AtomicFileSet set(dir, {"a.txt", "b.txt"}, manifest);
        set.stream(0) << "new a\n";
        set.spool() << "spooled\n";
    }  // an error before commit(): the destructor cleans up
    BOOST_TEST((folder(dir) == before));
    BOOST_TEST(read_text(dir + "/" + manifest).find("  a.txt\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(files_get_the_mode_the_umask_allows) {
    std::string dir = make_temp_dir("atomic-mode");
    for (auto [mask, mode] : {std::pair<mode_t, unsigned>{022, 0644}, {077, 0600}}) {
        mode_t old = umask(mask);
        cusim::write_file_atomically(dir + "/f", "x");
        umask(old);
        struct stat st {};
        BOOST_REQUIRE(stat((dir + "/f").c_str(), &st) == 0);
        BOOST_TEST((st.st_mode & 0777) == mode);
    }
}

// A device or a pipe where a report goes is refused, never replaced by a file: as root,
// `-o /dev/null` once turned /dev/null into a regular file.
BOOST_AUTO_TEST_CASE(a_pipe_where_a_report_goes_is_refused_and_left_alone) {
    std::string dir = make_temp_dir("atomic-fifo");
    BOOST_REQUIRE(mkfifo((dir + "/report.json").c_str(), 0600) == 0);
    auto r = run_cusim({"run", cusim::test::source_path("scenarios/seed/healthy.json"), "--report-dir", dir});
    BOOST_TEST(r.exit_code == 2, r.output);
    BOOST_TEST(r.output.find("report.json: is not a regular file") != std::string::npos, r.output);
    BOOST_TEST(fs::is_fifo(fs::symlink_status(dir + "/report.json")));
}
