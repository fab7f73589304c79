#pragma once
// JSON text written as it goes, in exactly the layout nlohmann's dump(2) gives (two-space
// indent, "key": value, empty containers as {} and []), so report.json's bytes are what they
// were when it was a document. Building the document was most of `cusim run`'s time at
// fleet scale (ordered_json allocates for every member).
#include <string>
#include <string_view>
#include <vector>

namespace cusim {

class JsonWriter {
public:
    // `depth`: the indentation level the first value starts at (a streamed array element: 2).
    explicit JsonWriter(std::string& out, int depth = 0) : out_(out), base_(depth) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);  // the next value is this member's

    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b);
    JsonWriter& value(long long n);
    JsonWriter& value(int n) { return value(static_cast<long long>(n)); }
    JsonWriter& value(size_t n);
    JsonWriter& null();
    JsonWriter& string_or_null(const std::string& s) { return s.empty() ? null() : value(s); }
    JsonWriter& strings(const std::vector<std::string>& list);

private:
    struct Level {
        bool object;
        bool empty = true;
    };
    void element();  // the separator and indent before an array element or a member
    void indent(size_t level);
    void close(char c);

    std::string& out_;
    int base_;
    std::vector<Level> stack_;
    bool after_key_ = false;
};

// A string as nlohmann's dump() writes it, quotes included.
void append_json_string(std::string& out, std::string_view s);

}  // namespace cusim
