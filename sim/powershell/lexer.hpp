#pragma once
// The PowerShell tokenizer (PowerShell Language Specification 3.0, chapter 2; about_Parsing,
// about_Quoting_Rules, about_Special_Characters). PowerShell tokenizes the same characters
// differently in argument mode and in expression mode (about_Parsing: "Get-ChildItem
// Cert:\LocalMachine\My" is a command with a bare-word argument, "$a -gt 5" is an expression), so
// the lexer makes one token at a time, in the mode the parser asks for, from an offset the parser
// may go back to. It never recurses: an expandable string's $( ... ) is found by a loop with a
// stack of its own, bounded, and the parser parses its inside later.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/powershell/parse_error.hpp"
#include "sim/powershell/source_text.hpp"
#include "sim/powershell/token.hpp"

namespace cusim::ps {

enum class LexMode {
    command,     // arguments: bare words, -Parameters, numbers only when a whole word
    expression,  // operators, numbers, variables
    member,      // after '.' or '::': a member name (an identifier), else as expression
    type_name,   // after '[': a type name (identifier characters, dots, backticks, '+')
};

class Lexer {
public:
    // Errors go to `errors` (an error at the same offset with the same id is reported once:
    // the parser may lex the same characters twice, in two modes).
    Lexer(const SourceText& source, std::vector<ParseError>& errors, std::uint32_t max_nesting);

    // Lexes [begin, end) of the source: the whole script, or the inside of a "$( )".
    void reset(std::uint32_t begin, std::uint32_t end);
    std::uint32_t offset() const { return pos_; }
    std::uint32_t limit() const { return limit_; }
    void seek(std::uint32_t pos) { pos_ = pos; }

    Token next(LexMode mode);

    // The text of [begin, end).
    std::string_view slice(std::uint32_t begin, std::uint32_t end) const;
    // Everything up to the end of the line, for --% (about_Parsing, "stop-parsing token").
    Token rest_of_line();
    // A string nested deeper than the bound was met: the parser reports it and stops.
    bool too_deep() const { return too_deep_; }

    void error(std::uint32_t begin, std::uint32_t end, std::string id, std::string message);

private:
    struct Builder;
    bool skip_trivia();
    Token scan(LexMode mode);
    Token scan_command(Token t);
    Token scan_expression(Token t);
    Token scan_generic(Token t);
    bool scan_number(Token& t, LexMode mode);
    bool scan_variable(Token& t);
    void scan_verbatim_body(Token& t, std::size_t quote_len);
    void scan_expandable_body(Token& t, std::size_t quote_len);
    bool scan_here_string(Token& t, bool expandable);
    bool scan_dollar(Builder& b);
    std::uint32_t find_subexpression_end(std::uint32_t inner_begin);
    std::uint32_t scan_braced_name(std::uint32_t open, std::string& name);
    std::uint32_t scan_var_name(std::uint32_t p, std::string& scope, std::string& name);
    void scan_escape(Builder& b);

    bool is_identifier_char(std::uint32_t p) const;
    bool is_var_char(std::uint32_t p) const;
    std::uint32_t char_len(std::uint32_t p) const;
    char at(std::uint32_t p) const { return p < limit_ ? text_[p] : '\0'; }
    std::size_t single_quote(std::uint32_t p) const;
    std::size_t double_quote(std::uint32_t p) const;
    std::size_t dash(std::uint32_t p) const;
    std::size_t whitespace(std::uint32_t p) const;
    bool force_start_new_token(std::uint32_t p) const;
    static bool plain_word_char(char c);
    bool at_line_start(std::uint32_t p) const;

    const SourceText& source_;
    std::string_view text_;
    std::vector<ParseError>& errors_;
    std::uint32_t max_nesting_;
    std::uint32_t pos_ = 0, limit_ = 0;
    bool too_deep_ = false;
};

// The dash operators (about_Operators): "eq" -> true, "ceq" -> true, "foo" -> false.
bool is_dash_operator(std::string_view lower_name);

}  // namespace cusim::ps
