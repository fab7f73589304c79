#pragma once
// A parse error as PowerShell's ParseException reports one: where (offset into the script), the
// error id of PowerShell's ParserStrings resource (MissingEndCurlyBrace, UnexpectedToken, ...) and
// the message in its words. A script's errors are all collected (the parser recovers at statement
// boundaries) and printed together, each as
//   At FILE:LINE char:COLUMN
//   + the line
//   +     ~~~~
//   message
// followed once by the CategoryInfo and FullyQualifiedErrorId lines of the first error, the layout
// Windows PowerShell 5.1 prints for a script that does not parse.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/powershell/source_text.hpp"

namespace cusim::ps {

struct ParseError {
    std::uint32_t offset = 0;      // where the marker starts
    std::uint32_t end_offset = 0;  // where it ends (== offset: one '~' at the position)
    std::string id;                // PowerShell's error id
    std::string message;
    // The parse reached the end of the input with the construct still open (an unclosed brace,
    // parenthesis, string or here-string, an operator or pipe with nothing after it): the
    // ParseError.IncompleteInput of PowerShell's parser, on which a console asks for more lines
    // with its ">>" prompt instead of reporting the error (IncompleteParseException: "A host can
    // catch this exception and then prompt for additional input to complete the parse",
    // learn.microsoft.com/dotnet/api/system.management.automation.incompleteparseexception).
    bool incomplete_input = false;
};

std::string format_parse_error(const SourceText& source, const ParseError& error);
std::string format_parse_errors(const SourceText& source, const std::vector<ParseError>& errors);

}  // namespace cusim::ps
