// `cusim run` at fleet scale: N copies of the bundled corpus (seed and forum scenarios, each
// copy with its own ids), run as a whole process with its reports; prints wall time, time
// per scenario and peak memory (the child's own accounting, wait4). Numbers, never pass/fail.
//   cusim_fleet_bench [N ...] [--jobs J]      default: 30 1000 10000, cusim's default jobs
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The corpus' scenario files with their folder ("seed", "forum") relative to scenarios/.
std::vector<std::pair<std::string, std::string>> corpus() {
    std::vector<std::pair<std::string, std::string>> files;
    for (const char* folder : {"seed", "forum"})
        for (auto& e : fs::directory_iterator(fs::path(CUSIM_SOURCE_DIR) / "scenarios" / folder))
            if (e.path().extension() == ".json") files.emplace_back(folder, read(e.path()));
    return files;
}

// N scenarios: copies of the corpus, ids suffixed with the copy's number, their fixtures the
// checkout's.
fs::path make_fleet(size_t n, const fs::path& root) {
    fs::path dir = root / ("fleet-" + std::to_string(n));
    if (fs::exists(dir / "done-v2")) return dir;
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto files = corpus();
    for (size_t i = 0; i < n; ++i) {
        auto& [folder, text] = files[i % files.size()];
        size_t copy = i / files.size();
        std::string t = text;
        const std::string key = "\"id\": \"";
        size_t at = t.find(key);
        size_t end = t.find('"', at + key.size());
        std::string id = t.substr(at + key.size(), end - at - key.size());
        t.replace(at + key.size(), id.size(), id + "-c" + std::to_string(copy));
        // The fixtures a scenario names are the checkout's (the trusted fixtures folder is cusim's
        // data folder's, never one found near the input).
        const std::string rel = "\"../../fixtures/", abs = "\"" + std::string(CUSIM_SOURCE_DIR) + "/fixtures/";
        for (size_t p = t.find(rel); p != std::string::npos; p = t.find(rel, p + abs.size())) t.replace(p, rel.size(), abs);
        fs::path out = dir / ("c" + std::to_string(copy)) / folder;
        fs::create_directories(out);
        std::ofstream(out / (id + ".json"), std::ios::binary) << t;
    }
    std::ofstream(dir / "done-v2") << "";
    return dir;
}

struct Measured {
    double wall_s = 0;
    long peak_kb = 0;
    int exit_code = -1;
};

Measured run(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    // steady_clock times the child process; no simulated date depends on it.
    std::fflush(stdout);
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout)) _exit(127);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Measured m;
    m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.peak_kb = usage.ru_maxrss;
    m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> sizes;
    std::string jobs;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--jobs" && i + 1 < argc) jobs = argv[++i];
        else sizes.push_back(std::stoul(a));
    }
    if (sizes.empty()) sizes = {30, 1000, 10000};
    fs::path root = fs::path(CUSIM_BINARY_DIR) / "bench-fleet";
    std::printf("%8s %10s %14s %10s %12s  %s\n", "N", "wall s", "us/scenario", "peak MB", "report MB", "exit");
    for (size_t n : sizes) {
        fs::path dir = make_fleet(n, root);
        fs::path reports = root / ("reports-" + std::to_string(n));
        std::vector<std::string> args = {CUSIM_BINARY, "run", dir.string(), "--fixes",
                                          std::string(CUSIM_SOURCE_DIR) + "/scenarios/fixes", "--report-dir", reports.string()};
        if (!jobs.empty()) {
            args.push_back("--jobs");
            args.push_back(jobs);
        }
        Measured m = run(args);
        double report_mb = fs::exists(reports / "report.json") ? double(fs::file_size(reports / "report.json")) / 1e6 : 0;
        std::printf("%8zu %10.3f %14.1f %10.1f %12.1f  %d\n", n, m.wall_s, m.wall_s * 1e6 / double(n), double(m.peak_kb) / 1024,
                    report_mb, m.exit_code);
    }
    return 0;
}
