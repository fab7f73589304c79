#include "sim/formats/json_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "sim/core/input_error.hpp"
#include "sim/x509/x509.hpp"

namespace cusim {

namespace {
// nlohmann parses and destroys without recursion, but copying a value recurses once per level:
// `"days": [[[[...]]]]` a million deep overflowed the stack when a fix's actions were copied
// (issue 18: no recursion whose depth the input controls). No cusim file nests past a handful of
// levels; deeper is refused before parsing, naming the line where it goes too deep.
constexpr int deepest_json = 64;

void refuse_deep_nesting(const std::string& text, const std::string& path) {
    int depth = 0, line = 1;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (c == '\n') ++line;
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest_json)
                throw InputError(path, fmt::format("line {}", line),
                                 fmt::format("JSON nested more than {} levels deep", deepest_json));
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}
}  // namespace

Json load_json_file(const std::string& path) {
    // Decoded first (a JSON file saved by PowerShell's Out-File is UTF-16LE); the lines of errors
    // are the text's.
    std::string text = read_text_file(path);
    refuse_deep_nesting(text, path);
    Bytes data(text.begin(), text.end());
    try {
        return Json::parse(data.begin(), data.end());
    } catch (const Json::parse_error& e) {
        size_t offset = std::min(e.byte, data.size());
        int line = 1 + int(std::count(data.begin(), data.begin() + long(offset ? offset - 1 : 0), '\n'));
        std::string msg = e.what();
        // nlohmann's text starts with "[json.exception.parse_error.101] parse error at line 3, column 5: ".
        auto colon = msg.find(": ");
        if (colon != std::string::npos) msg = msg.substr(colon + 2);
        throw InputError(path, fmt::format("line {}", line), "malformed JSON: " + msg);
    } catch (const Json::out_of_range& e) {
        // A number too large for a double (found by tests/fuzz): nlohmann says "number overflow
        // parsing '1e999'" without an offset, so the line is where that text first occurs.
        std::string msg = e.what();
        auto colon = msg.find("] ");
        if (colon != std::string::npos) msg = msg.substr(colon + 2);
        std::string location;
        auto open = msg.find('\''), close = msg.rfind('\'');
        if (open != std::string::npos && close > open) {
            std::string text = msg.substr(open + 1, close - open - 1);
            auto at = std::search(data.begin(), data.end(), text.begin(), text.end());
            if (at != data.end()) location = fmt::format("line {}", 1 + std::count(data.begin(), at, '\n'));
        }
        throw InputError(path, location, "malformed JSON: " + msg);
    }
}

static std::string escape_pointer_token(const std::string& key) {
    std::string s;
    for (char c : key) s += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return s;
}

static const char* type_name(const Json& v) { return v.type_name(); }

void JsonAt::fail(const std::string& message) const { throw InputError(file_, pointer(), message); }

void JsonAt::require_object() const {
    if (!value_->is_object()) fail(fmt::format("expected an object, found {}", type_name(*value_)));
}

bool JsonAt::has(const std::string& key) const { return value_->is_object() && value_->contains(key); }

std::optional<JsonAt> JsonAt::find(const std::string& key) const {
    require_object();
    auto it = value_->find(key);
    if (it == value_->end()) return std::nullopt;
    return JsonAt(*it, file_, pointer_ + "/" + escape_pointer_token(key));
}

JsonAt JsonAt::at(const std::string& key) const {
    if (auto v = find(key)) return *v;
    fail(fmt::format("missing required member '{}'", key));
}

JsonAt JsonAt::at(size_t index) const {
    if (!value_->is_array() || index >= value_->size()) fail(fmt::format("no element {}", index));
    return JsonAt((*value_)[index], file_, pointer_ + "/" + std::to_string(index));
}

std::vector<JsonAt> JsonAt::items() const {
    if (!value_->is_array()) fail(fmt::format("expected an array, found {}", type_name(*value_)));
    std::vector<JsonAt> out;
    for (size_t i = 0; i < value_->size(); ++i) out.push_back(at(i));
    return out;
}

std::vector<std::pair<std::string, JsonAt>> JsonAt::members() const {
    require_object();
    std::vector<std::pair<std::string, JsonAt>> out;
    for (auto it = value_->begin(); it != value_->end(); ++it)
        out.emplace_back(it.key(), JsonAt(it.value(), file_, pointer_ + "/" + escape_pointer_token(it.key())));
    return out;
}

std::string JsonAt::str() const {
    if (!value_->is_string()) fail(fmt::format("expected a string, found {}", type_name(*value_)));
    return value_->get<std::string>();
}

std::string JsonAt::str_or(const std::string& key, const std::string& fallback) const {
    auto v = find(key);
    return v ? v->str() : fallback;
}

std::vector<std::string> JsonAt::strings(const std::string& key) const {
    std::vector<std::string> out;
    if (auto v = find(key))
        for (auto& item : v->items()) out.push_back(item.str());
    return out;
}

long long JsonAt::integer() const {
    if (!value_->is_number_integer()) fail(fmt::format("expected an integer, found {}", type_name(*value_)));
    // nlohmann keeps 2^63 and above as unsigned: get<long long>() would wrap it.
    if (value_->is_number_unsigned() && value_->get<unsigned long long>() > (unsigned long long)LLONG_MAX)
        fail(fmt::format("{} is too large (at most {})", value_->get<unsigned long long>(), LLONG_MAX));
    return value_->get<long long>();
}

long long JsonAt::integer_in(long long min, long long max) const {
    long long v = integer();
    if (v < min || v > max) fail(fmt::format("{} is out of range: expected {} to {}", v, min, max));
    return v;
}

bool JsonAt::boolean_or(const std::string& key, bool fallback) const {
    auto v = find(key);
    if (!v) return fallback;
    if (!v->value().is_boolean()) v->fail(fmt::format("expected true or false, found {}", type_name(v->value())));
    return v->value().get<bool>();
}

void JsonAt::allow_only(const std::vector<const char*>& keys) const {
    require_object();
    for (auto it = value_->begin(); it != value_->end(); ++it) {
        if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }))
            JsonAt(it.value(), file_, pointer_ + "/" + escape_pointer_token(it.key()))
                .fail(fmt::format("unknown member '{}'", it.key()));
    }
}

}  // namespace cusim
