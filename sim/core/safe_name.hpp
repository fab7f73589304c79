#pragma once
// Names from input that may become one component of a path. A scenario's id names the default
// log folder of `cusim simulate` (cusim-logs/<id>): an id such as `../x` or `/tmp/x` would
// write anywhere, so the loader refuses it and the code that builds the path checks again.
#include <string>
#include <string_view>

namespace cusim {

// Longer names are no use in a matrix or a folder listing, and stay far below NAME_MAX.
constexpr size_t max_name_length = 100;

// "" when `name` is safe as one path component: 1 to max_name_length characters of a-z, 0-9,
// '.' and '-', starting with a letter or a digit, without "..". Otherwise why not, in words.
// (No '/', '\\', NUL, control character or leading '.' can get through.)
std::string unsafe_name_reason(std::string_view name);

// The rule above in one sentence, for error messages.
extern const char* const safe_name_rule;

// `name` quoted for an error message: at most 40 characters, anything not printable ASCII as
// \xHH, so a hostile name cannot reach the terminal as control characters.
std::string quoted_name(std::string_view name);

}  // namespace cusim
