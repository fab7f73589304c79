#include "reports/html_text.hpp"

#include <iostream>

namespace cusim {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    // The text between two special characters is copied whole, not a character at a time.
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c != '&' && c != '<' && c != '>' && c != '"' && c != '\'') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += "&#39;";
        }
    }
    out.append(s.data() + run, s.size() - run);
    return out;
}

void append_spool(std::ostream& page, std::iostream& spool) {
    spool.flush();
    if (spool.tellp() > 0) {  // `page << rdbuf()` of an empty spool would set page's failbit
        spool.seekg(0);
        page << spool.rdbuf();
    }
}

}  // namespace cusim
