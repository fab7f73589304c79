#pragma once
// The two things setup writes: the console (80 columns, hard-wrapped like conhost) and
// ExchangeSetup.log (`[MM/dd/yyyy HH:mm:ss.ffff] [N] text`). Timestamps come from the
// simulated clock only.
#include <chrono>
#include <string>
#include <vector>

#include "sim/core/sim_time.hpp"

namespace cusim {

class SetupLog {
public:
    explicit SetupLog(SimTime start) : start_(start) {}
    // Multi-line text keeps its continuation lines unprefixed, as real logs do.
    void line(int level, const std::string& text);
    void advance(std::chrono::seconds s) { ms_ += s.count() * 1000; }
    SimTime now() const { return start_ + std::chrono::seconds{ms_ / 1000}; }
    // The first whole second after the last line: where the next run or action may start, so that
    // the log's stamps never go backwards.
    SimTime end() const { return start_ + std::chrono::seconds{ms_ / 1000 + 1}; }
    const std::vector<std::string>& lines() const { return lines_; }
    std::string text() const;

private:
    SimTime start_;
    long long ms_ = 71;  // milliseconds since the start
    unsigned counter_ = 0;
    std::vector<std::string> lines_;
    long long stamp_second_ = -1;
    std::string stamp_;  // "MM/dd/yyyy HH:mm:ss.0" of stamp_second_
};

class SetupConsole {
public:
    explicit SetupConsole(int width) : width_(width) {}
    void text(const std::string& text);
    // Stack frames reach the console broken at the width, mid-word (facts.md 1b).
    void wrapped(const std::string& text);
    void blank() { lines_.emplace_back(); }
    void progress(const std::string& step, const std::string& status);  // "    Step ..... COMPLETED"
    const std::vector<std::string>& lines() const { return lines_; }
    std::string str() const;

private:
    int width_;
    std::vector<std::string> lines_;
};

}  // namespace cusim
