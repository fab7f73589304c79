#pragma once
// What the whole-process benchmarks share (fleet_bench: cusim run; preflight_bench: cusim
// preflight): a fleet of N scenarios made once from the corpus, and a child process timed with
// its own resource accounting.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace cusim::bench {
namespace fs = std::filesystem;

inline std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The corpus' scenario files with their folder ("seed", "forum") relative to scenarios/.
inline std::vector<std::pair<std::string, std::string>> corpus() {
    std::vector<std::pair<std::string, std::string>> files;
    for (const char* folder : {"seed", "forum"})
        for (auto& e : fs::directory_iterator(fs::path(CUSIM_SOURCE_DIR) / "scenarios" / folder))
            if (e.path().extension() == ".json") files.emplace_back(folder, read(e.path()));
    return files;
}

// N scenarios under root/fleet-N: copies of the corpus, ids suffixed with the copy's number, their
// fixtures the checkout's (the trusted fixtures folder is cusim's data folder's, never one found
// near the input). Made once: `done` marks a finished fleet (a new name when the making changes).
inline fs::path make_fleet(size_t n, const fs::path& root, const std::string& done) {
    fs::path dir = root / ("fleet-" + std::to_string(n));
    if (fs::exists(dir / done)) return dir;
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
        const std::string rel = "\"../../fixtures/", abs = "\"" + std::string(CUSIM_SOURCE_DIR) + "/fixtures/";
        for (size_t p = t.find(rel); p != std::string::npos; p = t.find(rel, p + abs.size())) t.replace(p, rel.size(), abs);
        fs::path out = dir / ("c" + std::to_string(copy)) / folder;
        fs::create_directories(out);
        std::ofstream(out / (id + ".json"), std::ios::binary) << t;
    }
    std::ofstream(dir / done) << "";
    return dir;
}

struct Measured {
    double wall_s = 0, cpu_s = 0;
    long peak_kb = 0;
    int exit_code = -1;
};

// Runs the command with stdout and stderr to /dev/null (not a terminal: no progress, as in a
// script); wall time by steady_clock (no simulated date depends on it), CPU and peak memory the
// child's own accounting.
inline Measured run(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::fflush(stdout);
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Measured m;
    m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.cpu_s = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    m.peak_kb = usage.ru_maxrss;
    m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m;
}

}  // namespace cusim::bench
