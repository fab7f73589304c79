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
