#pragma once
// "did you mean": the known name closest to a mistyped one (a fix id, a lesson id, a subcommand),
// as git and cargo offer it. Nothing when no name is close enough: a wild guess is worse than none.
#include <optional>
#include <string>
#include <vector>

namespace cusim {

// The candidate at the smallest edit distance (case-insensitive) from `word`, if that distance is at
// most a third of the word's length (at least 2); or the only candidate that starts with `word`.
std::optional<std::string> closest_name(const std::string& word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" (to append to an error message).
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace cusim
