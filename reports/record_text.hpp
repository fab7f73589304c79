#pragma once
// What the report writers say about a record in a line: shared by the matrix, report.md,
// junit.xml and report.html (internal to reports/).
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "reports/text_layout.hpp"
#include "sim/recovery/run_record.hpp"

namespace cusim::record_text {

inline const RunRecord* find_run(const ScenarioRecord& s, const std::string& fix_id) {
    for (auto& r : s.fixes)
        if (r.fix_id == fix_id) return &r;
    return nullptr;
}

inline bool run_broken(const ScenarioRecord& s, const std::string& run) {
    return std::any_of(s.expectations.broken.begin(), s.expectations.broken.end(), [&](auto& b) { return b.run == run; });
}

inline std::string one_line(std::string s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
    for (size_t pos; (pos = s.find('\n')) != std::string::npos;) s.replace(pos, 1, " / ");
    return s;
}

// One line on why a run did not succeed.
inline std::string why(const RunRecord& r) {
    switch (r.outcome) {
        case Outcome::succeeds: return "";
        case Outcome::fails: return r.failed_step + ": " + one_line(r.error);
        case Outcome::invalid:
        case Outcome::unmodelled: return one_line(r.error);
        case Outcome::partial: {
            std::vector<std::string> ids;
            for (auto* c : r.failed_checks()) ids.push_back(c->id + " (" + c->detail + ")");
            return fmt::format("failed checks: {}", fmt::join(ids, "; "));
        }
    }
    return "";
}

// `s` padded with spaces to `width` columns (as display_width counts them).
inline std::string pad(const std::string& s, size_t width) {
    size_t w = display_width(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

inline std::string trim_right(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

}  // namespace cusim::record_text
