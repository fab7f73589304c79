#pragma once
// What the HTML reports (report.html, preflight.html) share: the escaping every text of a page
// goes through, and the spool their per-item sections wait in while the table above them grows.
#include <iosfwd>
#include <string>
#include <string_view>

namespace cusim {

// `&`, `<`, `>`, `"` and `'` as entities: texts (titles, errors, subjects, tool output) hold
// them, and attribute values are quoted with `"`.
std::string html_escape(std::string_view s);

// The spooled sections, appended to the page (an empty spool appends nothing).
void append_spool(std::ostream& page, std::iostream& spool);

}  // namespace cusim
