#pragma once
// The two things setup writes: the console (80 columns, hard-wrapped like conhost) and
// ExchangeSetup.log (`[MM/dd/yyyy HH:mm:ss.ffff] [N] text`). Timestamps come from the
// simulated clock only.
#include <chrono>
#include <string>
#include <string_view>
#include <type_traits>

#include "sim/core/sim_time.hpp"

namespace cusim {

class SetupLog {
public:
    // `keep` false: the lines are counted and timed (the clock after the run is the same) but not
    // written, for callers that need setup's verdict and state only (SetupOptions::texts).
    explicit SetupLog(SimTime start, bool keep = true) : start_(start), keep_(keep) {}
    // Multi-line text keeps its continuation lines unprefixed, as real logs do.
    void line(int level, std::string_view text) {
        // A small, deterministic spread of a few milliseconds between lines. The stamp's four digits
        // are the milliseconds zero-padded (every stamp of the real logs is .0000-.0999, facts.md 1c2).
        ms_ += (counter_++ * 2654435761u >> 7) % 4;
        if (keep_) write(level, text);  // a quiet run only counts and times its lines, inline
    }
    // A line whose text is made only when it is kept: in a quiet run, building the lines nobody
    // reads was most of setup's cost. Counted and timed the same either way.
    template <typename Make, typename = std::enable_if_t<std::is_invocable_v<Make>>>
    void line(int level, Make&& make) {
        if (keep_) line(level, std::string_view(make()));
        else line(level, std::string_view{});
    }
    bool keeps() const { return keep_; }  // false: a quiet run, whose lines nobody reads
    void advance(std::chrono::seconds s) { ms_ += s.count() * 1000; }
    SimTime now() const { return start_ + std::chrono::seconds{ms_ / 1000}; }
    // The first whole second after the last line: where the next run or action may start, so that
    // the log's stamps never go backwards.
    SimTime end() const { return start_ + std::chrono::seconds{ms_ / 1000 + 1}; }
    const std::string& text() const { return text_; }
    std::string take_text() { return std::move(text_); }  // at the end of a run: the text, not a copy

private:
    void write(int level, std::string_view text);
    SimTime start_;
    bool keep_ = true;
    long long ms_ = 71;  // milliseconds since the start
    unsigned counter_ = 0;
    // The log as it will be written: a setup run has some 230 lines and `cusim run` makes several
    // runs per scenario, so one growing text instead of a string per line and a join at the end.
    std::string text_;
    long long stamp_second_ = -1;
    std::string stamp_;  // "MM/dd/yyyy HH:mm:ss.0" of stamp_second_
};

class SetupConsole {
public:
    explicit SetupConsole(int width, bool keep = true) : width_(width), keep_(keep) {}
    bool keeps() const { return keep_; }  // false: a quiet run, whose console nobody reads
    void text(const std::string& text);
    // Stack frames reach the console broken at the width, mid-word (facts.md 1b).
    void wrapped(const std::string& text);
    void blank() {
        if (keep_) text_ += '\n';
    }
    void progress(const std::string& step, const std::string& status);  // "    Step ..... COMPLETED"
    const std::string& str() const { return text_; }
    std::string take_str() { return std::move(text_); }

private:
    int width_;
    bool keep_ = true;
    std::string text_;  // every line with its '\n', as str() hands it out
};

}  // namespace cusim
