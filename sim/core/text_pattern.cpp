#include "sim/core/text_pattern.hpp"

#include <fmt/format.h>

#include "sim/core/input_error.hpp"

namespace cusim {

namespace {
struct Piece {
    enum Kind { literal, capture, wildcard } kind;
    std::string text;  // for a literal
};

std::vector<Piece> compile(std::string_view pattern) {
    std::vector<Piece> pieces;
    std::string literal;
    auto flush = [&] {
        if (!literal.empty()) pieces.push_back({Piece::literal, literal});
        literal.clear();
    };
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}') {
            flush();
            pieces.push_back({Piece::capture, ""});
            ++i;
        } else if (c == '*') {
            flush();
            pieces.push_back({Piece::wildcard, ""});
        } else {
            literal += c;
        }
    }
    flush();
    return pieces;
}

// Every step of the search counts: a hostile line cannot make it run for ever.
constexpr size_t kStepBudget = 20'000'000;

// Matches pieces[k..] at exactly `at`; on success fills `captures`.
bool match_at(std::string_view text, size_t at, const std::vector<Piece>& pieces, size_t k,
              std::vector<std::string>& captures, size_t& steps) {
    if (++steps > kStepBudget)
        throw InputError("", fmt::format("a line of {} characters is too costly to search for a pattern", text.size()));
    if (k == pieces.size()) return true;
    const Piece& p = pieces[k];
    if (p.kind == Piece::literal) {
        if (text.compare(at, p.text.size(), p.text) != 0) return false;
        return match_at(text, at + p.text.size(), pieces, k + 1, captures, steps);
    }
    // A capture or wildcard: one or more characters, the longest first.
    if (k + 1 == pieces.size()) {
        if (at >= text.size()) return false;
        if (p.kind == Piece::capture) captures.emplace_back(text.substr(at));
        return true;
    }
    const Piece& next = pieces[k + 1];
    if (next.kind != Piece::literal) {
        // Two variable pieces in a row: the first takes one character, the rest the others.
        if (at >= text.size()) return false;
        size_t mark = captures.size();
        if (p.kind == Piece::capture) captures.emplace_back(text.substr(at, 1));
        if (match_at(text, at + 1, pieces, k + 1, captures, steps)) return true;
        captures.resize(mark);
        return false;
    }
    // Try each occurrence of the next literal, last first (greedy).
    for (size_t end = text.rfind(next.text); end != std::string_view::npos && end > at; end = end == 0 ? std::string_view::npos : text.rfind(next.text, end - 1)) {
        size_t mark = captures.size();
        if (p.kind == Piece::capture) captures.emplace_back(text.substr(at, end - at));
        if (match_at(text, end, pieces, k + 1, captures, steps)) return true;
        captures.resize(mark);
    }
    return false;
}

// The literals must occur in order at least once: one pass, and most lines are ruled out here.
bool literals_in_order(std::string_view text, const std::vector<Piece>& pieces) {
    size_t at = 0;
    for (auto& p : pieces) {
        if (p.kind != Piece::literal) {
            ++at;  // a variable piece takes at least one character
            continue;
        }
        at = text.find(p.text, at);
        if (at == std::string_view::npos) return false;
        at += p.text.size();
    }
    return at <= text.size();
}
}  // namespace

std::optional<std::vector<std::string>> match_text(std::string_view text, std::string_view pattern) {
    std::vector<Piece> pieces = compile(pattern);
    if (pieces.empty()) return std::vector<std::string>{};
    if (!literals_in_order(text, pieces)) return std::nullopt;
    std::vector<std::string> captures;
    size_t steps = 0;
    if (pieces.front().kind == Piece::literal) {
        // Unanchored: try each place the first literal occurs.
        for (size_t at = text.find(pieces.front().text); at != std::string_view::npos; at = text.find(pieces.front().text, at + 1)) {
            captures.clear();
            if (match_at(text, at, pieces, 0, captures, steps)) return captures;
        }
        return std::nullopt;
    }
    for (size_t at = 0; at < text.size(); ++at) {
        captures.clear();
        if (match_at(text, at, pieces, 0, captures, steps)) return captures;
    }
    return std::nullopt;
}

}  // namespace cusim

namespace cusim {
namespace {

char fold_case(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// Whether the pattern element at `p` matches `c`; moves `next` past the element. A `[` with no
// closing `]` is a literal, as WildcardPattern takes it.
bool element_matches(std::string_view pattern, size_t p, char c, size_t& next, bool case_sensitive) {
    auto fold = [case_sensitive](char x) { return case_sensitive ? x : fold_case(x); };
    char pc = pattern[p];
    if (pc == '`' && p + 1 < pattern.size()) {
        next = p + 2;
        return fold(pattern[p + 1]) == fold(c);
    }
    if (pc == '[') {
        size_t close = pattern.find(']', p + 1);
        if (close != std::string_view::npos && close > p + 1) {
            next = close + 1;
            for (size_t i = p + 1; i < close; ++i) {
                if (i + 2 < close && pattern[i + 1] == '-') {
                    if (fold(c) >= fold(pattern[i]) && fold(c) <= fold(pattern[i + 2])) return true;
                    i += 2;
                } else if (fold(pattern[i]) == fold(c)) {
                    return true;
                }
            }
            return false;
        }
    }
    next = p + 1;
    return pc == '?' || fold(pc) == fold(c);
}

}  // namespace

bool like_match(std::string_view pattern, std::string_view text, bool case_sensitive) {
    // The usual wildcard walk: on a mismatch, go back to the last `*` and let it take one more
    // character.
    size_t p = 0, t = 0, star = std::string_view::npos, star_text = 0;
    while (t < text.size()) {
        size_t next = 0;
        if (p < pattern.size() && pattern[p] == '*') {
            star = ++p;
            star_text = t;
        } else if (p < pattern.size() && element_matches(pattern, p, text[t], next, case_sensitive)) {
            p = next;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star;
            t = ++star_text;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace cusim
