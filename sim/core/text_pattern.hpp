#pragma once
// Patterns for lines of text that users give us (setup logs): literal text with `{}` captures
// and `*` wildcards, no regular expressions. std::regex recurses once per character on patterns
// like `(.+)`, which overflows the stack on a long log line; this matcher's recursion depth is the
// number of pieces in the pattern, never the length of the text.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cusim {

// Searches `text` for `pattern` anywhere in it (as PowerShell's Select-String does). A `{}` or
// `*` matches one or more characters, greedily (as `(.+)`: the longest that still lets the rest
// match); `{}` is captured. Everything else is literal, backslashes included (Windows paths):
// a pattern cannot match a literal `*` or `{}`. Returns the captures, in order.
std::optional<std::vector<std::string>> match_text(std::string_view text, std::string_view pattern);

}  // namespace cusim

namespace cusim {

// PowerShell's -like (WildcardPattern, about_Wildcards): the whole text matches `pattern`, where
// `*` is any run of characters, `?` one character, `[abc]` / `[a-z]` one of a set, and a backtick
// escapes the next character; case-insensitive (ASCII letters) as -like is, or case-sensitive as -clike. No recursion and no
// regular expression: the time is at most the product of the two lengths.
bool like_match(std::string_view pattern, std::string_view text, bool case_sensitive = false);

}  // namespace cusim
