#pragma once
// Reading JSON input files with errors that name the file and the line (syntax) or the
// JSON pointer (meaning), as DEVELOPERS.md asks of every bad input.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace cusim {

using Json = nlohmann::ordered_json;  // keeps file order, for messages and summaries

Json load_json_file(const std::string& path);

// A cursor on one JSON value that knows its file and pointer, so that every accessor
// can throw an InputError that says where.
class JsonAt {
public:
    JsonAt(const Json& value, std::string file, std::string pointer)
        : value_(&value), file_(std::move(file)), pointer_(std::move(pointer)) {}

    const Json& value() const { return *value_; }
    const std::string& file() const { return file_; }
    const std::string& pointer() const { return pointer_.empty() ? root_pointer() : pointer_; }

    bool has(const std::string& key) const;
    JsonAt at(const std::string& key) const;     // required member
    JsonAt at(size_t index) const;
    std::optional<JsonAt> find(const std::string& key) const;
    std::vector<JsonAt> items() const;           // array elements
    std::vector<std::pair<std::string, JsonAt>> members() const;  // object members, in file order

    std::string str() const;
    std::string str(const std::string& key) const { return at(key).str(); }
    std::string str_or(const std::string& key, const std::string& fallback) const;
    std::vector<std::string> strings(const std::string& key) const;  // optional array of strings
    // An integer that fits a long long (a larger one is an error, never a wrapped value).
    long long integer() const;
    // An integer in [min, max], else an error naming the range: every number that sizes a
    // duration, a date or an allocation is read through this.
    long long integer_in(long long min, long long max) const;
    bool boolean_or(const std::string& key, bool fallback) const;

    [[noreturn]] void fail(const std::string& message) const;
    void require_object() const;
    // Rejects members that are not listed: a typo must not be silently ignored.
    void allow_only(std::initializer_list<const char*> keys) const { allow_only(std::vector<const char*>(keys)); }
    void allow_only(const std::vector<const char*>& keys) const;

private:
    static const std::string& root_pointer() {
        static const std::string root = "/";
        return root;
    }
    const Json* value_;
    std::string file_, pointer_;
};

}  // namespace cusim
