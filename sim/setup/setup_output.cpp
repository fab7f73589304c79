#include "sim/setup/setup_output.hpp"

#include <fmt/format.h>

#include <sstream>

namespace cusim {

void SetupLog::line(int level, const std::string& text) {
    // A small, deterministic spread of a few milliseconds between lines. The stamp's four digits
    // are the milliseconds zero-padded (every stamp of the real logs is .0000-.0999, facts.md 1c2).
    ms_ += (counter_++ * 2654435761u >> 7) % 4;
    long long second = ms_ / 1000;
    // The date part changes once a second at most; formatting it is most of a line's cost.
    if (second != stamp_second_) {
        stamp_second_ = second;
        stamp_ = format_setup_log_stamp(start_ + std::chrono::seconds{second}, 0);
        stamp_.resize(stamp_.size() - 3);  // keeps "....ss.0"
    }
    int ms = int(ms_ % 1000);
    std::string out;
    out.reserve(stamp_.size() + text.size() + 12);
    out += '[';
    out += stamp_;
    out += char('0' + ms / 100);
    out += char('0' + ms / 10 % 10);
    out += char('0' + ms % 10);
    out += "] [";
    out += char('0' + level);
    out += "] ";
    out += text;
    lines_.push_back(std::move(out));
}

std::string SetupLog::text() const {
    std::string out;
    for (auto& l : lines_) out += l + "\n";
    return out;
}

void SetupConsole::text(const std::string& text) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
}

void SetupConsole::wrapped(const std::string& text) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) lines_.emplace_back();
        for (size_t pos = 0; pos < line.size(); pos += size_t(width_)) lines_.push_back(line.substr(pos, size_t(width_)));
    }
}

void SetupConsole::progress(const std::string& step, const std::string& status) {
    std::string left = "    " + step;
    int pad = width_ - 1 - int(left.size()) - int(status.size());
    lines_.push_back(left + std::string(size_t(std::max(pad, 1)), ' ') + status);
}

std::string SetupConsole::str() const {
    std::string out;
    for (auto& l : lines_) out += l + "\n";
    return out;
}

}  // namespace cusim
