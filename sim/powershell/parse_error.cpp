#include "sim/powershell/parse_error.hpp"

#include <algorithm>

namespace cusim::ps {

std::string format_parse_error(const SourceText& source, const ParseError& error) {
    SourcePos at = source.position(error.offset);
    std::string out = "At " + (source.file().empty() ? std::string("line") : source.file()) + ":" +
                      std::to_string(at.line) + " char:" + std::to_string(at.column) + "\n";
    std::string_view line = source.line_text(at.line);
    out += "+ ";
    out += line;
    out += "\n+ ";
    // The marker: spaces up to the column, then one '~' per character of the extent on this line
    // (PowerShell underlines the offending extent; an empty extent is one '~').
    out += std::string(at.column - 1, ' ');
    std::uint32_t width = 1;
    if (error.end_offset > error.offset) {
        SourcePos end = source.position(error.end_offset);
        if (end.line == at.line) width = std::max<std::uint32_t>(1, end.column - at.column);
        else width = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(line.size()) + 1 - at.column);
    }
    out += std::string(width, '~');
    out += "\n" + error.message + "\n";
    return out;
}

std::string format_parse_errors(const SourceText& source, const std::vector<ParseError>& errors) {
    std::string out;
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i) out += "\n";
        out += format_parse_error(source, errors[i]);
    }
    if (!errors.empty()) {
        out += "    + CategoryInfo          : ParserError: (:) [], ParseException\n";
        out += "    + FullyQualifiedErrorId : " + errors.front().id + "\n";
    }
    return out;
}

}  // namespace cusim::ps
