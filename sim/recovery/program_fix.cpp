#include "sim/recovery/program_fix.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <utility>

#include "sim/checks/state_diff.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/state_files.hpp"

namespace cusim {
namespace fs = std::filesystem;

namespace {

// What a program fix may use (README, "What a program fix may and may not do").
constexpr const char* clean_path = "/usr/local/bin:/usr/bin:/bin";
constexpr rlim_t memory_limit = rlim_t(1) << 30;      // RLIMIT_AS, each process
constexpr rlim_t file_size_limit = rlim_t(64) << 20;  // RLIMIT_FSIZE, each file it writes (its output too)
constexpr rlim_t open_files_limit = 256;              // RLIMIT_NOFILE
constexpr rlim_t process_limit = 256;                 // RLIMIT_NPROC inside the sandbox's user namespace
constexpr const char* prlimit_program = "/usr/bin/prlimit";
constexpr const char* state_prefix = "cusim-state-";
constexpr int probe_timeout_seconds = 10;

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        reset(std::exchange(o.fd_, -1));
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    int get() const { return fd_; }
    void reset(int fd = -1) {
        if (fd_ >= 0) close(fd_);
        fd_ = fd;
    }

private:
    int fd_ = -1;
};

int pidfd_open_of(pid_t pid) { return int(syscall(SYS_pidfd_open, pid, 0)); }
int pidfd_kill(int pidfd) { return int(syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0)); }

// A fresh folder `cusim-state-<pid>-XXXXXX` in the temporary directory, locked (flock) while this
// process uses it, removed at the end. The pid and the lock let a later cusim tell a folder a
// killed cusim left behind (remove_stale_state_folders).
struct StateFolder {
    fs::path path;
    Fd lock;
    StateFolder() {
        fs::path dir = fs::temp_directory_path();
        static std::once_flag stale_once;
        std::call_once(stale_once, [&] { remove_stale_state_folders(dir.string()); });
        std::string tmpl = (dir / fmt::format("{}{}-XXXXXX", state_prefix, getpid())).string();
        if (!mkdtemp(tmpl.data()))
            throw std::runtime_error(fmt::format("cannot make a temporary folder in {}: {}", dir.string(), std::strerror(errno)));
        path = tmpl;
        lock = Fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (lock.get() >= 0) flock(lock.get(), LOCK_EX);
    }
    StateFolder(const StateFolder&) = delete;
    StateFolder& operator=(const StateFolder&) = delete;
    ~StateFolder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// An anonymous file in `dir` for the program's standard output and error: nobody can name it,
// so the program cannot remove it, and it is read after the whole process tree is gone.
Fd output_file(const fs::path& dir) {
    Fd fd(open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (fd.get() >= 0) return fd;
    std::string tmpl = (dir / "output-XXXXXX").string();
    fd = Fd(mkostemp(tmpl.data(), O_CLOEXEC));
    if (fd.get() < 0) throw std::runtime_error(fmt::format("cannot make a file in {}: {}", dir.string(), std::strerror(errno)));
    unlink(tmpl.c_str());
    return fd;
}

// The first program_output_limit bytes (cut at a character boundary), then how much was left out.
std::string read_output(int fd) {
    struct stat st {};
    if (fstat(fd, &st) != 0) return "";
    size_t size = size_t(st.st_size), want = std::min(size, program_output_limit + 4);
    std::string out(want, '\0');
    size_t got = 0;
    while (got < want) {
        ssize_t n = pread(fd, out.data() + got, want - got, off_t(got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += size_t(n);
    }
    out.resize(got);
    if (size <= program_output_limit) return out;
    size_t keep = std::min(out.size(), program_output_limit);
    while (keep > 0 && keep < out.size() && (static_cast<unsigned char>(out[keep]) & 0xC0) == 0x80) --keep;
    out.resize(keep);
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out + fmt::format("(cusim: the output was {} bytes; the first {} are shown, {} were cut)\n", size, keep, size - keep);
}

// argv[0] as the program would be found in the clean PATH ("" when it is not there). A name with
// a slash is used as it is (relative to the state folder, as the program's working directory).
std::string find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    std::string_view dirs = clean_path;
    while (!dirs.empty()) {
        size_t colon = dirs.find(':');
        fs::path candidate = fs::path(std::string(dirs.substr(0, colon))) / name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) return candidate.string();
        dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    }
    return "";
}

// bubblewrap's command line around the program: namespaces of its own (user where the machine
// allows it, PID, network, IPC, UTS, cgroup, mount), no capabilities, its own session, killed
// with cusim; the machine read-only, a private /tmp, /dev and /proc; the fix's folder readable;
// the state folder and its TMPDIR writable. An empty state folder is the probe's run.
std::vector<std::string> fence_command(const std::string& bwrap, const std::string& state, const std::string& tmp,
                                       const std::string& fix_folder, const std::vector<std::string>& program) {
    std::vector<std::string> c = {bwrap,   "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                                  "--ro-bind", "/",          "/",                 "--dev",         "/dev",       "--proc",
                                  "/proc",     "--tmpfs",    "/tmp"};
    if (!fix_folder.empty()) c.insert(c.end(), {"--ro-bind", fix_folder, fix_folder});
    if (!state.empty()) c.insert(c.end(), {"--bind", state, state, "--bind", tmp, tmp, "--chdir", state});
    else c.insert(c.end(), {"--chdir", "/"});
    c.insert(c.end(), {"--info-fd", "3", "--"});
    // RLIMIT_NPROC counts every process of a user, and root not at all; set inside the sandbox's
    // user namespace it counts the program's own processes (Linux 5.14 and later).
    if (geteuid() != 0 && access(prlimit_program, X_OK) == 0) {
        struct rlimit now {};
        getrlimit(RLIMIT_NPROC, &now);
        rlim_t n = std::min(process_limit, now.rlim_max);
        c.insert(c.end(), {prlimit_program, fmt::format("--nproc={}:{}", n, n), "--"});
    }
    c.insert(c.end(), program.begin(), program.end());
    return c;
}

rlimit capped(int resource, rlim_t wanted_soft, rlim_t wanted_hard) {
    struct rlimit now {};
    getrlimit(resource, &now);
    rlim_t hard = std::min(wanted_hard, now.rlim_max);
    return {std::min(wanted_soft, hard), hard};
}

// Starts `argv` (argv[0] a path) in a session of its own with `env` only, in `cwd`, its
// output into `output_fd`, under the limits; `info_fd` (or -1) becomes its fd 3.
pid_t start_process(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& cwd,
                    int output_fd, int info_fd, rlim_t cpu_seconds) {
    // Everything the child needs is made before fork(): other threads (`cusim run --jobs`)
    // may hold the allocator's lock at that moment, so the child only makes system calls
    // until it execs.
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    const struct {
        int resource;
        rlimit value;
    } limits[] = {
        {RLIMIT_CPU, capped(RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)},
        {RLIMIT_AS, capped(RLIMIT_AS, memory_limit, memory_limit)},
        {RLIMIT_FSIZE, capped(RLIMIT_FSIZE, file_size_limit, file_size_limit)},
        {RLIMIT_NOFILE, capped(RLIMIT_NOFILE, open_files_limit, open_files_limit)},
        {RLIMIT_CORE, {0, 0}},
    };
    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0) return pid;
    // The child: async-signal-safe calls only.
    setsid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // cusim killed: so is the program (or bwrap, which then kills its tree)
    if (getppid() != parent) _exit(125);
    int out = fcntl(output_fd, F_DUPFD, 10);
    int info = info_fd >= 0 ? fcntl(info_fd, F_DUPFD, 10) : -1;
    int null = open("/dev/null", O_RDONLY);
    if (out < 0 || null < 0 || (info_fd >= 0 && info < 0)) _exit(125);
    if (dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) _exit(125);
    if (info >= 0 && dup2(info, 3) < 0) _exit(125);
    int first_closed = info >= 0 ? 4 : 3;
    if (close_range(unsigned(first_closed), ~0U, 0) != 0)
        for (int fd = first_closed; fd < 4096; ++fd) close(fd);
    for (auto& l : limits)
        if (setrlimit(l.resource, &l.value) != 0) _exit(125);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    execve(args[0], args.data(), envp.data());
    _exit(127);
}

// The outside pid of the sandbox's PID 1, from bwrap's --info-fd JSON ({"child-pid": N, ...}); 0 until known.
pid_t child_pid_of(const std::string& info) {
    size_t at = info.find("\"child-pid\"");
    if (at == std::string::npos) return 0;
    at = info.find_first_of("0123456789", at);
    if (at == std::string::npos) return 0;
    size_t end = info.find_first_not_of("0123456789", at);
    if (end == std::string::npos || end - at > 9) return 0;  // not all of the number has arrived
    return pid_t(std::stol(info.substr(at, end - at)));
}

// Whether a process of the group `pgid` is left that is not a zombie (/proc/PID/stat: "pid (comm) S ppid pgrp ...").
bool group_has_live_process(pid_t pgid) {
    std::error_code ec;
    for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        Fd fd(open((it->path() / "stat").c_str(), O_RDONLY | O_CLOEXEC));
        char buf[512];
        ssize_t n = fd.get() >= 0 ? read(fd.get(), buf, sizeof buf - 1) : -1;
        if (n <= 0) continue;
        std::string_view stat(buf, size_t(n));
        size_t paren = stat.rfind(')');
        if (paren == std::string_view::npos || paren + 4 >= stat.size()) continue;
        char state = stat[paren + 2];
        long ppid = 0, pgrp = 0;
        if (std::sscanf(std::string(stat.substr(paren + 4)).c_str(), "%ld %ld", &ppid, &pgrp) != 2) continue;
        if (pgrp == pgid && state != 'Z' && state != 'X') return true;
    }
    return false;
}

struct Exit {
    int code = -1;  // 128 + signal when killed
    bool timed_out = false;
};

// Waits for `pid` until the deadline, then kills the whole tree; returns once every process of
// it is gone. Fenced: the sandbox's PID 1 is killed, the kernel kills every process of its
// namespace (also one that called setsid()), and bwrap exits only after they all have. Unfenced:
// the process group of the program's session is killed (a process that made a session of its
// own escapes: the README says so).
Exit wait_for(pid_t pid, int info_read, int timeout_seconds, bool fenced) {
    // A wall-clock limit on the program (not a simulated date): the only use of real time here.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    Fd pidfd(pidfd_open_of(pid)), sandbox;
    std::string info;
    Exit e;
    auto read_info = [&] {
        char buf[512];
        ssize_t got = read(info_read, buf, sizeof buf);
        if (got > 0) {
            info.append(buf, size_t(got));
            if (sandbox.get() < 0)
                if (pid_t child = child_pid_of(info)) sandbox = Fd(pidfd_open_of(child));
        } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
            info_read = -1;  // closed (the caller closes its end)
        }
    };
    while (true) {
        siginfo_t si{};
        if (waitid(P_PID, id_t(pid), &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid) break;  // exited, not reaped
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            e.timed_out = true;
            if (info_read >= 0) read_info();  // the sandbox's pid may have come during the last wait
            break;
        }
        pollfd fds[2];
        nfds_t n = 0;
        if (pidfd.get() >= 0) fds[n++] = {pidfd.get(), POLLIN, 0};
        if (info_read >= 0) fds[n++] = {info_read, POLLIN, 0};
        // Without a pidfd (Linux before 5.3) the exit is seen by looking every 10 ms.
        int wait_ms = pidfd.get() >= 0 ? int(std::min<long long>(left, 60'000)) : int(std::min<long long>(left, 10));
        if (poll(fds, n, wait_ms) < 0 && errno != EINTR) {
            pidfd.reset();
            info_read = -1;
            continue;
        }
        if (info_read >= 0) read_info();
    }
    if (e.timed_out) {
        // The sandbox's PID 1 first: bwrap (`pid`) exits once the namespace is empty, so waiting
        // for bwrap is waiting for the whole tree.
        if (sandbox.get() >= 0) pidfd_kill(sandbox.get());
        else kill(pid, SIGKILL);
        siginfo_t si{};
        while (waitid(P_PID, id_t(pid), &si, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
        }
    }
    // Whatever is left of the program's process group; `pid` is not reaped yet, so the group's
    // id cannot belong to anyone else. Unfenced, the fix run returns when they are gone (they die
    // in a few milliseconds; a process stuck in the kernel is not waited for beyond 2 s).
    if (kill(-pid, SIGKILL) == 0 && !fenced)
        for (int i = 0; i < 1000 && group_has_live_process(pid); ++i) poll(nullptr, 0, 2);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!e.timed_out) e.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return e;
}

struct ProgramResult {
    Exit exit;
    std::string output;
};

// Runs a fenced (bwrap's command line) or unfenced command with the limits and the timeout.
ProgramResult run_command(const std::vector<std::string>& command, const std::vector<std::string>& env,
                          const std::string& cwd, const fs::path& output_dir, int timeout_seconds, bool fenced) {
    Fd out = output_file(output_dir);
    Fd info_read, info_write;
    if (fenced) {
        int p[2];
        if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("cannot make a pipe");
        info_read = Fd(p[0]);
        info_write = Fd(p[1]);
    }
    pid_t pid = start_process(command, env, cwd, out.get(), info_write.get(), rlim_t(timeout_seconds));
    if (pid < 0) throw std::runtime_error(fmt::format("cannot start a process: {}", std::strerror(errno)));
    info_write.reset();
    ProgramResult r;
    r.exit = wait_for(pid, info_read.get(), timeout_seconds, fenced);
    r.output = read_output(out.get());
    return r;
}

FenceStatus probe_fence(const std::string& bwrap) {
    if (access(bwrap.c_str(), X_OK) != 0) return {false, bwrap + " is not installed (Debian package bubblewrap)"};
    try {
        ProgramResult r = run_command(fence_command(bwrap, "", "", "", {"/bin/true"}), program_environment("/", "/"), "/",
                                      fs::temp_directory_path(), probe_timeout_seconds, true);
        if (!r.exit.timed_out && r.exit.code == 0) return {true, ""};
        std::string first = r.output.substr(0, r.output.find('\n'));
        return {false, fmt::format("{} cannot make its namespaces here ({}{})", bwrap,
                                   r.exit.timed_out ? "no answer in 10 s" : fmt::format("exit code {}", r.exit.code),
                                   first.empty() ? "" : ": " + first)};
    } catch (const std::exception& ex) {
        return {false, fmt::format("{} could not be tried: {}", bwrap, ex.what())};
    }
}

std::string exit_detail(int code) {
    if (code == 128 + SIGXCPU) return " (SIGXCPU: its CPU time limit)";
    if (code == 128 + SIGXFSZ) return " (SIGXFSZ: a file reached the 64 MiB limit)";
    return "";
}

}  // namespace

std::vector<std::string> program_environment(const std::string& state, const std::string& tmp) {
    // PWD as bubblewrap sets it (--chdir), so that both ways of running see the same six.
    return {std::string("PATH=") + clean_path, "HOME=" + tmp,        "TMPDIR=" + tmp,
            "CUSIM_STATE=" + state,             "LANG=C.UTF-8",    "PWD=" + state};
}

FenceStatus program_fence_status(const std::string& bwrap) {
    static std::mutex m;
    static std::map<std::string, FenceStatus> probed;
    std::lock_guard lock(m);  // the first program fix of a run probes; the others wait for its answer
    auto it = probed.find(bwrap);
    if (it == probed.end()) it = probed.emplace(bwrap, probe_fence(bwrap)).first;
    return it->second;
}

int remove_stale_state_folders(const std::string& dir) {
    int removed = 0;
    const size_t prefix = std::strlen(state_prefix);
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        // cusim-state-<pid>-<six characters of mkdtemp>, nothing else
        std::string name = it->path().filename().string();
        if (name.compare(0, prefix, state_prefix) != 0) continue;
        std::string rest = name.substr(prefix);
        size_t dash = rest.find('-');
        if (dash == std::string::npos || dash == 0 || dash > 9 || rest.size() != dash + 7) continue;
        if (!std::all_of(rest.begin(), rest.begin() + long(dash), [](char c) { return c >= '0' && c <= '9'; })) continue;
        if (!std::all_of(rest.begin() + long(dash) + 1, rest.end(), [](char c) { return std::isalnum((unsigned char)c); }))
            continue;
        pid_t owner = pid_t(std::stol(rest.substr(0, dash)));
        if (owner <= 0 || owner == getpid()) continue;
        if (kill(owner, 0) == 0 || errno != ESRCH) continue;  // alive (EPERM: someone else's, alive)
        std::string path = it->path().string();
        struct stat before {}, opened {};
        if (lstat(path.c_str(), &before) != 0 || !S_ISDIR(before.st_mode) || before.st_uid != geteuid()) continue;
        Fd fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (fd.get() < 0 || fstat(fd.get(), &opened) != 0 || opened.st_dev != before.st_dev || opened.st_ino != before.st_ino)
            continue;
        // A cusim of another PID namespace (the same pid number, alive there) still holds its lock.
        if (flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;
        std::error_code rm;
        fs::remove_all(path, rm);  // does not follow symbolic links inside
        if (!rm) ++removed;
    }
    return removed;
}

FixStep make_program_step(const std::vector<std::string>& argv_in, int timeout_seconds, const std::string& fix_path) {
    // Arguments that name files beside the fix become absolute: the program runs elsewhere.
    std::vector<std::string> argv = argv_in;
    fs::path folder = fs::weakly_canonical(fs::absolute(fix_path).parent_path());
    // An absolute argument stays as written (made canonical, /proc/net/dev was /proc/<cusim's pid>/net/dev).
    for (auto& a : argv) {
        std::error_code ec;
        if (!a.empty() && fs::path(a).is_relative() && fs::exists(folder / a, ec)) a = fs::weakly_canonical(folder / a).string();
    }
    std::string shown = fmt::format("{}", fmt::join(argv_in, " "));
    FixStep step;
    step.action = "program";
    step.tool = "program";
    step.summary = "program: " + shown;
    step.run = [argv, timeout_seconds, shown, fix_folder = folder.string()](ActionContext& ctx) -> ActionResult {
        bool fenced = !ctx.fence.unfenced;
        if (fenced) {
            FenceStatus fence = program_fence_status(ctx.fence.bwrap);
            if (!fence.available)
                return {false, fmt::format("{}: not run: program fixes run fenced, and {}; --unfenced runs them without the "
                                           "fence",
                                           shown, fence.why)};
        }
        std::vector<std::string> program = argv;
        program[0] = find_program(argv[0]);
        if (program[0].empty()) return {false, fmt::format("{}: {} is not in PATH={}", shown, argv[0], clean_path)};
        try {
            StateFolder tmp;
            fs::path state_dir = tmp.path / "state", program_tmp = tmp.path / "tmp";
            fs::create_directories(program_tmp);
            export_state(ctx.state, state_dir.string());
            std::vector<std::string> command =
                fenced ? fence_command(ctx.fence.bwrap, state_dir.string(), program_tmp.string(), fix_folder, program) : program;
            ProgramResult r = run_command(command, program_environment(state_dir.string(), program_tmp.string()),
                                          state_dir.string(), tmp.path, timeout_seconds, fenced);
            std::string output = r.output;
            if (!fenced) output += "(cusim: run without the fence, as --unfenced asked)\n";
            if (r.exit.timed_out) return {false, output + fmt::format("{}: stopped after the {} s timeout", shown, timeout_seconds)};
            if (r.exit.code != 0)
                return {false, output + fmt::format("{}: exit code {}{}", shown, r.exit.code, exit_detail(r.exit.code))};
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
        } catch (const std::runtime_error& e) {  // the machine's refusal: no temporary folder, no fork
            return {false, fmt::format("{}: could not be run: {}", shown, e.what())};
        }
    };
    return step;
}

}  // namespace cusim
