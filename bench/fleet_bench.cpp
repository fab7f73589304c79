// `cusim run` at fleet scale: N copies of the bundled corpus (seed and forum scenarios, each
// copy with its own ids), run as a whole process with its reports; prints wall time, time
// per scenario and peak memory (the child's own accounting, wait4). Numbers, never pass/fail.
//   cusim_fleet_bench [N ...] [--jobs J]      default: 30 1000 10000, cusim's default jobs
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "whole_process.hpp"

namespace fs = std::filesystem;
using namespace cusim::bench;

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
        fs::path dir = make_fleet(n, root, "done-v2");
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
