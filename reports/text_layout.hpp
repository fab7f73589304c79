#pragma once
// Laying text out for a terminal: the width text takes on screen, words wrapped to a width
// with a hanging indent, ANSI colour, and the short column labels of fixes.
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/outcome.hpp"

namespace cusim {

// How `cusim run` prints: the width its lines must fit and whether outcomes are coloured.
// The defaults are what goes to a pipe or a file (and to tests): 100 columns, no colour.
struct TerminalStyle {
    size_t width = 100;
    bool color = false;
};

enum class ColorMode { automatic, always, never };
// no-color.org: colour when asked for (`always`, which overrides NO_COLOR as a command-line
// option should), or in `automatic` mode when stdout is a terminal and NO_COLOR is unset or empty.
bool use_color(ColorMode mode, bool stdout_is_terminal, const char* no_color_env);

// Columns `s` takes on screen: UTF-8 code points, ANSI colour sequences (ESC [ ... m) count none.
size_t display_width(std::string_view s);

// `first` (already laid out: an indent, a label, a verdict) followed by the words of `text`,
// in lines of at most `width` columns; lines after the first start with `hang` spaces. Breaks
// at spaces, and inside a word only when the word is longer than a whole line. Each line ends
// with "\n"; no line ends with a space.
std::string wrap(std::string_view first, std::string_view text, size_t width, size_t hang);

// `text` in the colour of an outcome (succeeds green, fails red, partial yellow, invalid
// magenta; bold when it broke an expectation), or as it is when `color` is false.
std::string paint(std::string_view text, Outcome o, bool broken, bool color);
std::string bold(std::string_view text, bool color);

// The column label of each fix: the first letter of each word of its id, words of digits whole,
// upper case ("rebind-both-to-self-signed" -> RBTSS, "netsh-rebind-443" -> NR443). It depends on
// the id alone, so a fix has the same label whichever scenarios and fixes a run holds (numbering
// the columns F1, F2, ... gave a fix another label whenever the set of fixes changed). Fixes of one
// run whose labels would be the same are labelled by their ids instead (the catalogue has no such
// pair: tests/text_layout_test.cpp checks it).
std::string fix_label(const std::string& fix_id);
std::vector<std::string> fix_labels(const std::vector<std::string>& fix_ids);

}  // namespace cusim
