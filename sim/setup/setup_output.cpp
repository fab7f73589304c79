#include "sim/setup/setup_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace cusim {

void SetupLog::write(int level, std::string_view text) {
    long long second = ms_ / 1000;
    // The date part changes once a second at most; formatting it is most of a line's cost.
    if (second != stamp_second_) {
        stamp_second_ = second;
        stamp_ = format_setup_log_stamp(start_ + std::chrono::seconds{second}, 0);
        stamp_.resize(stamp_.size() - 3);  // keeps "....ss.0"
    }
    int ms = int(ms_ % 1000);
    text_.reserve(text_.size() + stamp_.size() + text.size() + 12);
    text_ += '[';
    text_ += stamp_;
    text_ += char('0' + ms / 100);
    text_ += char('0' + ms / 10 % 10);
    text_ += char('0' + ms % 10);
    text_ += "] [";
    text_ += char('0' + level);
    text_ += "] ";
    text_ += text;
    text_ += '\n';
}

void SetupConsole::text(const std::string& text) {
    // Line by line as getline splits it: every line ends with '\n', a missing last one added.
    if (text.empty() || !keep_) return;
    text_ += text;
    if (text.back() != '\n') text_ += '\n';
}

void SetupConsole::wrapped(const std::string& text) {
    if (!keep_) return;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) text_ += '\n';
        for (size_t pos = 0; pos < line.size(); pos += size_t(width_)) {
            text_.append(line, pos, size_t(width_));
            text_ += '\n';
        }
    }
}

void SetupConsole::progress(const std::string& step, const std::string& status) {
    if (!keep_) return;
    size_t left = 4 + step.size();
    int pad = width_ - 1 - int(left) - int(status.size());
    text_ += "    ";
    text_ += step;
    text_.append(size_t(std::max(pad, 1)), ' ');
    text_ += status;
    text_ += '\n';
}

}  // namespace cusim
