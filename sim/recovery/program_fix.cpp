#include "sim/recovery/program_fix.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <thread>

#include "sim/x509/cert_file.hpp"
#include "sim/core/input_error.hpp"
#include "sim/checks/state_diff.hpp"
#include "sim/formats/state_files.hpp"

namespace cusim {
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "cusim-state-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot make a temporary folder");
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// Whether `unshare -rn` can give the program a network namespace of its own here.
bool can_isolate_network() {
    static const bool ok = [] {
        if (!fs::exists("/usr/bin/unshare")) return false;
        return std::system("/usr/bin/unshare -rn /bin/true >/dev/null 2>&1") == 0;
    }();
    return ok;
}

struct ProgramResult {
    int exit_code = -1;
    bool timed_out = false;
    std::string output;
};

ProgramResult run_program(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& tmp, int timeout_seconds) {
    std::vector<std::string> cmd;
    if (can_isolate_network()) cmd = {"/usr/bin/unshare", "-rn", "--"};
    cmd.insert(cmd.end(), argv.begin(), argv.end());
    fs::path out_file = tmp / "program-output.txt";
    // Everything the child needs is made before fork(): other threads (`cusim run --jobs`)
    // may hold the allocator's lock at that moment, so the child only calls async-signal-safe
    // functions until it execs.
    std::vector<char*> args;
    for (auto& a : cmd) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_strings = {"CUSIM_STATE=" + cwd.string(), "TMPDIR=" + tmp.string(), "HOME=" + tmp.string()};
    for (char** e = environ; *e; ++e) {
        std::string v = *e;
        if (v.rfind("CUSIM_STATE=", 0) != 0 && v.rfind("TMPDIR=", 0) != 0 && v.rfind("HOME=", 0) != 0) env_strings.push_back(v);
    }
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        setpgid(0, 0);
        int fd = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, 0);
        if (chdir(cwd.c_str()) != 0) _exit(126);
        execvpe(args[0], args.data(), envp.data());  // glibc searches PATH without allocating
        _exit(127);
    }
    ProgramResult r;
    // A wall-clock limit on the tool (not a simulated date): the only use of real time here.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    int status = 0;
    while (true) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            r.timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!r.timed_out) r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (fs::exists(out_file)) {
        Bytes b = read_file_bytes(out_file.string());
        r.output.assign(b.begin(), b.end());
    }
    return r;
}

}  // namespace

FixStep make_program_step(const std::vector<std::string>& argv_in, int timeout_seconds, const std::string& fix_path) {
    // Arguments that name files beside the fix become absolute: the program runs elsewhere.
    std::vector<std::string> argv = argv_in;
    fs::path folder = fs::absolute(fix_path).parent_path();
    for (auto& a : argv)
        if (fs::exists(folder / a)) a = fs::weakly_canonical(folder / a).string();
    std::string shown = fmt::format("{}", fmt::join(argv_in, " "));
    FixStep step;
    step.action = "program";
    step.tool = "program";
    step.summary = "program: " + shown;
    step.run = [argv, timeout_seconds, shown](ActionContext& ctx) -> ActionResult {
        TempDir tmp;
        fs::path state_dir = tmp.path / "state", program_tmp = tmp.path / "tmp";
        fs::create_directories(program_tmp);
        export_state(ctx.state, state_dir.string());
        ProgramResult r = run_program(argv, state_dir, program_tmp, timeout_seconds);
        std::string output = r.output;
        if (!can_isolate_network()) output += "(cusim: this machine cannot give the program a network namespace of its own)\n";
        if (r.timed_out) return {false, output + fmt::format("{}: stopped after the {} s timeout", shown, timeout_seconds)};
        if (r.exit_code != 0) return {false, output + fmt::format("{}: exit code {}", shown, r.exit_code)};
        try {
            ctx.state = import_state(state_dir.string(), ctx.state);
        } catch (const InputError& e) {
            // What the program left behind is unusable: report it with the file and line,
            // relative to the state folder.
            std::string what = e.what();
            std::string prefix = state_dir.string() + "/";
            for (size_t pos; (pos = what.find(prefix)) != std::string::npos;) what.replace(pos, prefix.size(), "state/");
            return {false, output + "the state the program left is unusable: " + what};
        }
        return {true, output};
    };
    return step;
}

}  // namespace cusim
