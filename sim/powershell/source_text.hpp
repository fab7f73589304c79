#pragma once
// A script's text and where each offset is: line and column as PowerShell counts them (both from 1,
// columns in characters, so a position names what an admin sees in an editor). Every AST node and
// every parse error keeps an offset into this text; the line and column are computed once per node.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cusim::ps {

struct SourcePos {
    std::uint32_t offset = 0;  // byte offset into the UTF-8 text
    std::uint32_t line = 1;    // from 1
    std::uint32_t column = 1;  // from 1, in Unicode code points
};

// Where the last position was, so that the next one on the same line is counted from there (a
// parser asks for positions in text order, mostly): keeps a long line from costing its length
// per node. Owned by the caller, so a SourceText stays safe to share between threads.
struct PositionHint {
    std::uint32_t offset = 0, line = 0, column = 0;
};

class SourceText {
public:
    // `file` is the name errors print (as given: a path relative to the caller is fine).
    SourceText(std::string file, std::string text);

    const std::string& file() const { return file_; }
    std::string_view text() const { return text_; }
    SourcePos position(std::uint32_t offset) const;
    SourcePos position(std::uint32_t offset, PositionHint& hint) const;
    // The text of line `line` (from 1), without its newline; "" past the end.
    std::string_view line_text(std::uint32_t line) const;
    std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

private:
    std::string file_;
    std::string text_;
    std::vector<std::uint32_t> line_starts_;
    std::vector<bool> line_ascii_;  // a line of ASCII only: its column is its byte distance
};

}  // namespace cusim::ps
