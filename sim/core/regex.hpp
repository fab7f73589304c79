#pragma once
// Regular expressions with bounded time and memory, on PCRE2 (Debian's libpcre2-8).
//
// std::regex recursed once per character of the text: a 30,000-character runbook line overflowed
// the stack, and a user's `-match "(.*.*.*.*)*z"` backtracked for minutes (both found by fuzzing,
// issue 18). PCRE2's matcher keeps its backtracking state on the heap, and every match here runs
// under a match limit (steps) and a depth limit, so the worst a pattern can do is fail with
// RegexLimit. PCRE2's syntax is also the nearest Debian has to .NET's, which PowerShell's
// `-match`, `-replace` and `switch -Regex` use (Perl-style classes, lookarounds, named groups).
//
// Nothing else in cusim includes <regex>; tests/layering_test.cpp keeps it so.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cusim {

// The pattern does not compile: `what` is PCRE2's message, `offset` the byte in the pattern.
class RegexSyntaxError : public std::runtime_error {
public:
    RegexSyntaxError(const std::string& what, size_t offset) : std::runtime_error(what), offset_(offset) {}
    size_t offset() const { return offset_; }

private:
    size_t offset_;
};

// A match ran into its step or depth limit: the pattern backtracks too much on this text.
class RegexLimit : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

class RegexMatch {
public:
    // Group 0 is the whole match; a group that did not take part is "" and !matched(i).
    std::string operator[](size_t i) const { return i < groups_.size() && groups_[i] ? *groups_[i] : std::string(); }
    bool matched(size_t i) const { return i < groups_.size() && groups_[i].has_value(); }
    size_t position() const { return position_; }  // of group 0, in bytes
    size_t length() const { return groups_.empty() || !groups_[0] ? 0 : groups_[0]->size(); }
    size_t size() const { return groups_.size(); }

private:
    friend class Regex;
    std::vector<std::optional<std::string>> groups_;
    size_t position_ = 0;
};

class Regex {
public:
    enum Flags : unsigned { none = 0, icase = 1, dotall = 2 };  // dotall: `.` matches a newline too
    // Throws RegexSyntaxError. Patterns are UTF-8; text that is not valid UTF-8 still matches
    // byte by byte where it is (PCRE2_MATCH_INVALID_UTF).
    explicit Regex(std::string_view pattern, unsigned flags = none);
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;

    // The whole text matches (std::regex_match). Throws RegexLimit.
    bool full_match(std::string_view text, RegexMatch* m = nullptr) const;
    // Some part of the text matches, the first from `start` (std::regex_search). Throws RegexLimit.
    bool search(std::string_view text, RegexMatch* m = nullptr, size_t start = 0) const;
    // Every non-overlapping match, in order (std::sregex_iterator). Throws RegexLimit.
    std::vector<RegexMatch> find_all(std::string_view text) const;

    const std::string& pattern() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool run(std::string_view text, size_t start, unsigned options, RegexMatch* m) const;
};

}  // namespace cusim
