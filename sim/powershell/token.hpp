#pragma once
// Tokens of the PowerShell language (PowerShell Language Specification 3.0, chapter 2, "Lexical
// structure"). The lexer makes one token at a time in the mode the parser asks for (command or
// expression mode, about_Parsing), so a token records only what it is, its extent and its value.
#include <cstdint>
#include <string>
#include <vector>

namespace cusim::ps {

enum class TokenKind {
    end_of_input,
    newline,             // a statement separator (spec 2.2.2), unless a continuation skips it
    semicolon,
    variable,            // $x ${x} $env:X $_ $? $$ $^
    splatted_variable,   // @name (spec 2.3.6 "splatting")
    number,
    string_verbatim,     // '...' and @'...'@ (value has '' collapsed)
    string_expandable,   // "..." and @"..."@ (parts: text, variables, $( ))
    generic,             // command mode: a bare word (spec 2.3.4 generic-token), maybe with $ parts
    parameter,           // command mode: -Name or -Name:
    stop_parsing,        // --%  (about_Parsing: the rest of the line goes verbatim)
    lparen, rparen, lcurly, rcurly, lbracket, rbracket,
    at_paren,            // @(
    at_curly,            // @{
    dollar_paren,        // $(
    pipe, comma, dot, dotdot, colon_colon, ampersand,
    equals, plus_equals, minus_equals, multiply_equals, divide_equals, remainder_equals,
    plus_plus, minus_minus,
    plus, minus, multiply, divide, remainder, exclaim,
    dash_operator,       // -eq -ceq -like -and -f ...: `op` holds the canonical lower-case spelling
    redirection,         // >  >>  2>  2>&1  *>  ...: `text` holds it
    error,               // a character or sequence the language does not have; the lexer reported it
};

// One piece of an expandable string or bare word (spec 2.3.5.2, about_Quoting_Rules).
struct StringPart {
    enum class Kind { text, variable, subexpression } kind = Kind::text;
    std::string text;           // text: the characters after escapes; variable: the name
    std::string scope;          // variable: "env", "script", ... or ""
    bool braced = false;        // variable: ${...}
    std::uint32_t begin = 0;    // source extent of the part; for a subexpression, of what is
    std::uint32_t end = 0;      // between "$(" and ")"
};

enum class NumberType { int32, int64, decimal, double_ };

struct Token {
    TokenKind kind = TokenKind::end_of_input;
    std::uint32_t begin = 0, end = 0;   // byte offsets into the source
    bool space_before = false;          // whitespace, a comment or a continuation before it
    std::string value;                  // strings: the value; generic: the word after escapes;
                                        // variable: the name; parameter: the name without '-' and ':'
    std::string scope;                  // variable: scope or drive prefix
    bool braced = false;                // variable: ${...}
    bool colon = false;                 // parameter: -Name: (its argument follows)
    bool here = false;                  // string: a here-string
    std::string op;                     // dash_operator: "-eq", "-ceq", "-not", ...
    std::vector<StringPart> parts;      // string_expandable and generic: pieces with $ in them
    NumberType number_type = NumberType::int32;
    long long int_value = 0;            // int32 and int64
    double double_value = 0;            // every number (decimal and double carry their value here)
};

}  // namespace cusim::ps
