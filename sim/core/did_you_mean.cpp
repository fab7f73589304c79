#include "sim/core/did_you_mean.hpp"

#include <algorithm>
#include <cctype>

#include "sim/core/text.hpp"

namespace cusim {

namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}
}  // namespace

std::optional<std::string> closest_name(const std::string& word, const std::vector<std::string>& candidates) {
    if (word.empty()) return std::nullopt;
    std::string w = ascii_lower(word);
    std::optional<std::string> best;
    size_t best_distance = std::max<size_t>(2, w.size() / 3) + 1;
    std::vector<std::string> prefixed;
    for (const auto& c : candidates) {
        std::string lc = ascii_lower(c);
        if (lc.rfind(w, 0) == 0) prefixed.push_back(c);
        size_t d = edit_distance(w, lc);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    if (best) return best;
    if (prefixed.size() == 1) return prefixed.front();
    return std::nullopt;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    auto name = closest_name(word, candidates);
    return name ? "; did you mean '" + *name + "'?" : "";
}

}  // namespace cusim
