#include "reports/text_layout.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace cusim {

bool use_color(ColorMode mode, bool stdout_is_terminal, const char* no_color_env) {
    if (mode != ColorMode::automatic) return mode == ColorMode::always;
    return stdout_is_terminal && (no_color_env == nullptr || *no_color_env == '\0');
}

size_t display_width(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
            size_t m = s.find('m', i);
            if (m != std::string_view::npos) {
                i = m;
                continue;
            }
        }
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;  // not a UTF-8 continuation byte
    }
    return n;
}

namespace {
// The longest prefix of `word` that takes at most `columns` columns, cut between code points.
size_t prefix_bytes(std::string_view word, size_t columns) {
    size_t n = 0, i = 0;
    for (; i < word.size(); ++i) {
        bool starts = (static_cast<unsigned char>(word[i]) & 0xC0) != 0x80;
        if (starts && n++ == columns) break;
    }
    return i;
}
}  // namespace

std::string wrap(std::string_view first, std::string_view text, size_t width, size_t hang) {
    std::string out(first), line_indent(hang, ' ');
    size_t col = display_width(first);
    bool line_has_word = false;  // a word of `text` is on the current line
    size_t start_col = col;
    auto new_line = [&] {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        out += "\n" + line_indent;
        col = start_col = hang;
        line_has_word = false;
    };
    for (size_t i = 0; i < text.size();) {
        if (text[i] == ' ' || text[i] == '\n') {
            ++i;
            continue;
        }
        size_t end = text.find_first_of(" \n", i);
        if (end == std::string_view::npos) end = text.size();
        std::string_view word = text.substr(i, end - i);
        i = end;
        while (!word.empty()) {
            size_t w = display_width(word), sep = line_has_word ? 1 : 0;
            if (col + sep + w <= width) {
                if (sep) out += ' ';
                out += word;
                col += sep + w;
                line_has_word = true;
                break;
            }
            // Too long for what is left of this line: on the next line, or cut when it is longer
            // than a whole line (a list of thumbprints, a .NET exception's full name).
            bool first_line = start_col > hang;
            if (line_has_word || (first_line && w <= (width > hang ? width - hang : 0))) {
                new_line();
                continue;
            }
            size_t here = width > col ? width - col : 0;
            if (here == 0 && first_line) {
                new_line();
                continue;
            }
            here = std::max<size_t>(here, 1);  // a width narrower than the indent still ends
            size_t cut = prefix_bytes(word, here);
            out += word.substr(0, cut);
            col += display_width(word.substr(0, cut));
            line_has_word = true;  // the rest goes on the next line
            word.remove_prefix(cut);
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
}

std::string paint(std::string_view text, Outcome o, bool broken, bool color) {
    if (!color) return std::string(text);
    const char* code = "";
    switch (o) {
        case Outcome::succeeds: code = "32"; break;
        case Outcome::fails: code = "31"; break;
        case Outcome::partial: code = "33"; break;
        case Outcome::invalid: code = "35"; break;
        case Outcome::unmodelled: code = "36"; break;
    }
    return std::string("\x1b[") + (broken ? "1;" : "") + code + "m" + std::string(text) + "\x1b[0m";
}

std::string bold(std::string_view text, bool color) {
    return color ? "\x1b[1m" + std::string(text) + "\x1b[0m" : std::string(text);
}

std::string fix_label(const std::string& fix_id) {
    std::string label;
    size_t i = 0;
    while (i < fix_id.size()) {
        size_t end = fix_id.find_first_of("-_. ", i);
        if (end == std::string::npos) end = fix_id.size();
        std::string word = fix_id.substr(i, end - i);
        i = end + 1;
        if (word.empty()) continue;
        bool digits = std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); });
        if (digits)
            label += word;
        else
            label += char(std::toupper(static_cast<unsigned char>(word[0])));
    }
    return label.empty() ? fix_id : label;
}

std::vector<std::string> fix_labels(const std::vector<std::string>& fix_ids) {
    std::vector<std::string> labels;
    std::map<std::string, int> uses;
    for (auto& id : fix_ids) ++uses[fix_label(id)];
    for (auto& id : fix_ids) {
        std::string l = fix_label(id);
        labels.push_back(uses[l] > 1 ? id : l);
    }
    return labels;
}

}  // namespace cusim
