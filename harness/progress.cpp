#include "harness/progress.hpp"

namespace cusim {

Progress::Progress(std::string unit, size_t total, bool terminal, std::FILE* out, clock::time_point (*now)())
    : unit_(std::move(unit)), total_(total), terminal_(terminal), out_(out), now_(now), start_(now()) {}

void Progress::update(const char* phase, size_t done) {
    if (!terminal_) return;
    auto now = now_();
    if (now - start_ < std::chrono::seconds(1)) return;
    if (shown_ && now - last_ < std::chrono::milliseconds(100) && done != total_) return;
    last_ = now;
    shown_ = true;
    // \r and erase-to-end-of-line: each line over the last, nothing left of a longer one.
    std::fprintf(out_, "\r\033[K%s %zu/%zu %s", phase, done, total_, unit_.c_str());
    std::fflush(out_);
}

void Progress::clear() {
    if (!shown_) return;
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
    shown_ = false;
}

}  // namespace cusim
