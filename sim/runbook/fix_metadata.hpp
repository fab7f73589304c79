#pragma once
// What the loaders of every runbook language share. A runbook's header comments carry its fix's
// metadata: "title: ...", "when: before-cu" (or after-failure), "source: ...", "id: ...";
// otherwise the first comment is the title. And the problems found at load, all in one error.
#include <string>
#include <vector>

#include "sim/recovery/fix.hpp"

namespace cusim {

// One header comment's text (after its # or :: or rem). `first_comment` says whether it is the
// first; `path` and `line` name it in the error of a bad `when:`. `prose`: a line of comment-based
// help, where "When: the certificate expired" is a sentence, not a bad `when:`.
void read_metadata_comment(const std::string& comment, Fix& fix, bool& first_comment, const std::string& path, int line,
                           bool prose = false);

// The problems of a file ("LINE[:COLUMN]: why"), as one input error naming the first line, and
// every problem with the file's path when there are several.
[[noreturn]] void throw_load_problems(const std::string& path, const std::vector<std::string>& problems);

}  // namespace cusim
