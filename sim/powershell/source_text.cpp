#include "sim/powershell/source_text.hpp"

#include <algorithm>

namespace cusim::ps {

SourceText::SourceText(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {
    line_starts_.push_back(0);
    line_ascii_.push_back(true);
    for (std::uint32_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') {
            line_starts_.push_back(i + 1);
            line_ascii_.push_back(true);
        } else if (static_cast<unsigned char>(text_[i]) & 0x80) {
            line_ascii_.back() = false;
        }
    }
}

SourcePos SourceText::position(std::uint32_t offset, PositionHint& hint) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    // The hint's line first: the parser asks for many positions on one line.
    std::uint32_t line = hint.line;
    if (line == 0 || line > line_starts_.size() || offset < line_starts_[line - 1] ||
        (line < line_starts_.size() && offset >= line_starts_[line])) {
        auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        line = static_cast<std::uint32_t>(it - line_starts_.begin());
    }
    std::uint32_t start = line_starts_[line - 1];
    if (line_ascii_[line - 1]) return SourcePos{offset, line, offset - start + 1};
    auto count = [&](std::uint32_t from, std::uint32_t to) {
        std::uint32_t n = 0;
        for (std::uint32_t i = from; i < to; ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++n;  // not a UTF-8 continuation byte
        return n;
    };
    std::uint32_t column;
    if (hint.line == line && hint.offset <= offset) column = hint.column + count(hint.offset, offset);
    else if (hint.line == line && offset - start > hint.offset - offset) column = hint.column - count(offset, hint.offset);
    else column = 1 + count(start, offset);
    hint = PositionHint{offset, line, column};
    return SourcePos{offset, line, column};
}

SourcePos SourceText::position(std::uint32_t offset) const {
    PositionHint fresh;
    return position(offset, fresh);
}

std::string_view SourceText::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    std::uint32_t start = line_starts_[line - 1];
    std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
    return std::string_view(text_).substr(start, end - start);
}

}  // namespace cusim::ps
