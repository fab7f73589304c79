#pragma once
// The PowerShell parser: a script's text to its syntax tree (PowerShell Language Specification
// 3.0, chapter 8 "Statements" and chapter 7 "Expressions"), or every syntax error of the file,
// each with its line, column and PowerShell's message (the parser recovers at the next statement
// and goes on, as PowerShell's does, so one run reports them all).
//
// Never a crash, never unbounded recursion: nesting (parentheses, blocks, subexpressions,
// unary operators, member accesses, casts) deeper than `max_nesting` is an error that stops the
// parse, and so is the error count reaching `max_errors`.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/powershell/ast.hpp"
#include "sim/powershell/parse_error.hpp"
#include "sim/powershell/source_text.hpp"

namespace cusim::ps {

struct ParseOptions {
    std::uint32_t max_nesting = 100;
    std::size_t max_errors = 100;
};

struct ParsedScript {
    std::shared_ptr<const SourceText> source;
    ScriptBlockPtr script;           // null only when the parse stopped (nesting limit, error count)
    std::vector<ParseError> errors;  // in the order found
    bool ok() const { return errors.empty() && script != nullptr; }
    // Every error in PowerShell's layout ("" when there is none).
    std::string error_text() const;
};

// `file` is the name errors print. The text is UTF-8 with LF line ends (decode_text's output).
ParsedScript parse_script(std::string file, std::string text, const ParseOptions& options = {});

// Reads and decodes the file (UTF-8 with or without BOM, UTF-16: sim/core/text_decode), then
// parses it; errors name `path` as given. Throws InputError when the file cannot be read.
ParsedScript parse_script_file(const std::string& path, const ParseOptions& options = {});

}  // namespace cusim::ps
