#pragma once
// A runbook's header comments carry its fix's metadata, for every runbook language: "title: ...",
// "when: before-cu" (or after-failure), "source: ...", "id: ..."; otherwise the first comment is
// the title.
#include <string>

#include "sim/recovery/fix.hpp"

namespace cusim {

// One header comment's text (after its # or :: or rem). `first_comment` says whether it is the
// first; `path` and `line` name it in the error of a bad `when:`.
void read_metadata_comment(const std::string& comment, Fix& fix, bool& first_comment, const std::string& path, int line);

}  // namespace cusim
