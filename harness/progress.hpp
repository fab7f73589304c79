#pragma once
// Progress of a long run on stderr (`cusim preflight` over a fleet): only when stderr is a
// terminal and the run has taken more than a second, so a pipe, a file, a test or a short run
// never sees a byte of it. The steady clock times it; nothing the simulator computes reads it.
#include <chrono>
#include <cstdio>
#include <string>

namespace cusim {

class Progress {
public:
    using clock = std::chrono::steady_clock;
    // `unit`: what is counted ("servers"). `terminal`: whether stderr is one (isatty). `now`:
    // the steady clock (tests/progress_test.cpp gives its own, so that no test waits).
    Progress(std::string unit, size_t total, bool terminal, std::FILE* out = stderr, clock::time_point (*now)() = &clock::now);
    ~Progress() { clear(); }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // `done` of the total, in `phase` ("reading", "predicting"); called from one thread. At
    // most ten lines a second are drawn, each over the last.
    void update(const char* phase, size_t done);
    // Removes the line, before the run's own output (or an error) is printed.
    void clear();

private:
    std::string unit_;
    size_t total_;
    bool terminal_;
    std::FILE* out_;
    clock::time_point (*now_)();
    clock::time_point start_, last_{};
    bool shown_ = false;
};

}  // namespace cusim
