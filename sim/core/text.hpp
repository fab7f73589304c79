#pragma once
// Small text helpers shared by the simulator and the reports.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace cusim {

// Windows compares names (hosts, subjects, stores) without regard to case.
// One ASCII letter in lower case, anything else as it is: what std::tolower does in the "C"
// locale (cusim never sets another), without a library call per character (names are lowered
// for every variable, member and command a script uses).
constexpr char ascii_lower_char(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

inline bool iequals(const std::string& a, const std::string& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower_char(x) == ascii_lower_char(y); });
}

// ASCII lower case: Windows names, cmdlets and log patterns compare without regard to case.
inline std::string ascii_lower(std::string s) {
    for (char& c : s) c = ascii_lower_char(c);
    return s;
}

inline std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
    return s;
}

// "a\nb\n" -> {"a", "b"}: the lines of a text, without their newlines.
inline std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF): text that
// ends up in a certificate or a report must be text.
inline bool is_utf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        size_t n = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : 4;
        if (n == 4 || i + n >= s.size()) return false;
        unsigned cp = n == 0 ? b : b & (0x3F >> n);
        for (size_t k = 1; k <= n; ++k) {
            auto c = static_cast<unsigned char>(s[i + k]);
            if ((c >> 6) != 0x2) return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        static constexpr unsigned smallest[] = {0, 0x80, 0x800, 0x10000};
        if (cp < smallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

// Text from input as it may be printed to a terminal: valid UTF-8 and printable ASCII kept (with
// newlines and tabs), every other byte as \xHH. An error may quote what a parser last read, and a
// hostile file must not reach the terminal as raw bytes or escape sequences (issue 18).
inline std::string printable(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            if ((b >= 0x20 && b < 0x7F) || b == '\n' || b == '\t') out += char(b);
            else out += std::string("\\x") + hex[b >> 4] + hex[b & 15];
            ++i;
            continue;
        }
        size_t n = (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (n && i + n <= s.size() && is_utf8(s.substr(i, n))) {
            out += s.substr(i, n);
            i += n;
        } else {
            out += std::string("\\x") + hex[b >> 4] + hex[b & 15];
            ++i;
        }
    }
    return out;
}

}  // namespace cusim
