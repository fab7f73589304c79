// `cusim preflight` at fleet scale: N servers, made once under build/bench-preflight/, predicted
// as a whole process without and with --report-dir; prints wall time, CPU time, time per server,
// peak memory (the child's own accounting, wait4) and the reports' size. Numbers, never pass/fail.
// Two fleets: `scenarios`, copies of the bundled seed and forum scenarios (each copy with its own
// id, the checkout's fixtures), and `exports`, copies of the collector folder
// tests/import/ex01-collector (hard links: 10,000 folders take no space), as `cusim import` reads
// a real server. Copies share their certificates, which cusim decodes once per process: a fleet
// whose servers hold distinct certificates pays for each (bench/README.md).
//   cusim_preflight_bench [N ...] [--jobs J] [--fleet scenarios|exports]
//   default: 100 1000 10000, both fleets, cusim's default jobs
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

#include "whole_process.hpp"

namespace fs = std::filesystem;
using namespace cusim::bench;

namespace {

// N copies of the collector's folder, each file a hard link (a copy where links cannot be made).
fs::path make_exports_fleet(size_t n, const fs::path& root) {
    fs::path dir = root / ("exports-" + std::to_string(n));
    if (fs::exists(dir / "done-v1")) return dir;
    fs::remove_all(dir);
    fs::path from = fs::path(CUSIM_SOURCE_DIR) / "tests" / "import" / "ex01-collector";
    for (size_t i = 0; i < n; ++i) {
        fs::path to = dir / ("server-" + std::to_string(i));
        for (auto& e : fs::recursive_directory_iterator(from)) {
            fs::path target = to / fs::relative(e.path(), from);
            if (e.is_directory()) {
                fs::create_directories(target);
                continue;
            }
            fs::create_directories(target.parent_path());
            std::error_code ec;
            fs::create_hard_link(e.path(), target, ec);
            if (ec) fs::copy_file(e.path(), target);
        }
    }
    std::ofstream(dir / "done-v1") << "";
    return dir;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> sizes;
    std::string jobs;
    std::vector<std::string> fleets = {"scenarios", "exports"};
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--jobs" && i + 1 < argc) jobs = argv[++i];
        else if (a == "--fleet" && i + 1 < argc) fleets = {argv[++i]};
        else sizes.push_back(std::stoul(a));
    }
    if (sizes.empty()) sizes = {100, 1000, 10000};
    fs::path root = fs::path(CUSIM_BINARY_DIR) / "bench-preflight";
    // Exit 1 is the CU failing on some server, as the corpus has it.
    std::printf("%-9s %8s %-13s %9s %9s %12s %9s %11s  %s\n", "fleet", "N", "reports", "wall s", "CPU s", "us/server", "peak MB",
                "reports MB", "exit");
    for (auto& fleet : fleets)
    for (size_t n : sizes) {
        fs::path dir = fleet == "exports" ? make_exports_fleet(n, root) : make_fleet(n, root, "done-v1");
        for (bool with_reports : {false, true}) {
            fs::path reports = root / ("reports-" + fleet + "-" + std::to_string(n));
            std::vector<std::string> args = {CUSIM_BINARY, "preflight", dir.string(), "--fixes",
                                              std::string(CUSIM_SOURCE_DIR) + "/scenarios/fixes"};
            if (with_reports) {
                args.push_back("--report-dir");
                args.push_back(reports.string());
            }
            if (!jobs.empty()) {
                args.push_back("--jobs");
                args.push_back(jobs);
            }
            Measured m = run(args);
            double mb = 0;
            if (with_reports)
                for (const char* f : {"preflight.json", "preflight.html"})
                    if (fs::exists(reports / f)) mb += double(fs::file_size(reports / f)) / 1e6;
            std::printf("%-9s %8zu %-13s %9.3f %9.3f %12.1f %9.1f %11.1f  %d\n", fleet.c_str(), n, with_reports ? "--report-dir" : "none", m.wall_s,
                        m.cpu_s, m.wall_s * 1e6 / double(n), double(m.peak_kb) / 1024, mb, m.exit_code);
        }
    }
    return 0;
}
