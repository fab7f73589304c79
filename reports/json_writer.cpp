#include "reports/json_writer.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace cusim {

void append_json_string(std::string& out, std::string_view s) {
    // nlohmann's rules with ensure_ascii off: the short escapes, \u00xx for other control
    // characters, UTF-8 as it is. Anything non-ASCII goes through nlohmann itself, which also
    // refuses invalid UTF-8 as it always did.
    for (unsigned char c : s)
        if (c >= 0x80) {
            out += nlohmann::json(std::string(s)).dump();
            return;
        }
    out += '"';
    // Runs of characters that need no escape are copied whole: report.json is some 20 KB of
    // such text per scenario, and a character at a time was 9% of a fleet run's instructions.
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        char ch = s[i];
        if (ch != '"' && ch != '\\' && static_cast<unsigned char>(ch) >= 0x20) continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: out += fmt::format("\\u{:04x}", static_cast<unsigned char>(ch));
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

void JsonWriter::indent(size_t level) { out_.append(2 * (size_t(base_) + level), ' '); }

void JsonWriter::element() {
    if (after_key_) {  // the member's value follows its key on the same line
        after_key_ = false;
        return;
    }
    if (stack_.empty()) return;
    Level& l = stack_.back();
    out_ += l.empty ? "\n" : ",\n";
    l.empty = false;
    indent(stack_.size());
}

JsonWriter& JsonWriter::begin_object() {
    element();
    out_ += '{';
    stack_.push_back({true});
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    element();
    out_ += '[';
    stack_.push_back({false});
    return *this;
}

void JsonWriter::close(char c) {
    bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) {
        out_ += '\n';
        indent(stack_.size());
    }
    out_ += c;
}

JsonWriter& JsonWriter::end_object() {
    close('}');
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    close(']');
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
    element();
    append_json_string(out_, k);
    out_ += ": ";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    element();
    append_json_string(out_, s);
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    element();
    out_ += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::value(long long n) {
    element();
    out_ += std::to_string(n);
    return *this;
}

JsonWriter& JsonWriter::value(size_t n) {
    element();
    out_ += std::to_string(n);
    return *this;
}

JsonWriter& JsonWriter::null() {
    element();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& list) {
    begin_array();
    for (auto& s : list) value(s);
    return end_array();
}

}  // namespace cusim
