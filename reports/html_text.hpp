#pragma once
// What the HTML reports (report.html, preflight.html) share: the escaping every text of a page
// goes through.
#include <string>
#include <string_view>

namespace cusim {

// `&`, `<`, `>`, `"` and `'` as entities: texts (titles, errors, subjects, tool output) hold
// them, and attribute values are quoted with `"`.
std::string html_escape(std::string_view s);

}  // namespace cusim
