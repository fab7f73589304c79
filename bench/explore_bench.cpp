// `cusim explore` in process: states a second for one built-in fix, with --jobs 1 and 2 (and any
// counts given), the explorer's hot loop as the command runs it, after a warm-up that makes the
// certificate pool and the memo's first certificates. Numbers, never pass/fail.
//   cusim_explore_bench [STATES] [FIX] [JOBS ...]    default: 20000 rebind-both-to-self-signed 1 2
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/explore/explorer.hpp"
#include "sim/formats/input_paths.hpp"
#include "sim/runbook/fix_files.hpp"

int main(int argc, char** argv) {
    using namespace cusim;
    set_fixtures_root(std::string(CUSIM_SOURCE_DIR) + "/fixtures");
    std::uint64_t states = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000;
    std::string fix_id = argc > 2 ? argv[2] : "rebind-both-to-self-signed";
    std::vector<unsigned> jobs;
    for (int i = 3; i < argc; ++i) jobs.push_back(unsigned(std::atoi(argv[i])));
    if (jobs.empty()) jobs = {1, 2};
    std::vector<Fix> catalogue = load_fix_catalogue(std::string(CUSIM_SOURCE_DIR) + "/scenarios/fixes");
    ExploreTarget target;
    for (auto& f : catalogue)
        if (f.id == fix_id) target.fixes.push_back(&f);
    if (target.fixes.empty()) {
        std::fprintf(stderr, "no fix %s\n", fix_id.c_str());
        return 2;
    }
    // Warm-up: the pool, the key pool and the certificates setup makes at the clocks explored.
    run_explore(ExploreOptions{99, 2000, 1, {}, {}}, target);
    for (unsigned j : jobs) {
        // steady_clock times the run only; no simulated date depends on it.
        // CPU time too: on a machine shared with other builds the wall time says how busy it was,
        // states per CPU-second what one core does.
        timespec cpu0{}, cpu1{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
        auto start = std::chrono::steady_clock::now();
        ExploreResult r = run_explore(ExploreOptions{1, states, j, {}, {}}, target);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
        double cpu = double(cpu1.tv_sec - cpu0.tv_sec) + double(cpu1.tv_nsec - cpu0.tv_nsec) / 1e9;
        std::printf("explore --fix %s --states %llu --jobs %u: %.2f s wall, %.0f states/s; %.2f CPU-s, %.0f states per "
                    "CPU-second; %zu counterexamples\n",
                    fix_id.c_str(), (unsigned long long)r.states, j, s, double(r.states) / s, cpu, double(r.states) / cpu,
                    r.counterexamples.size());
    }
    return 0;
}
