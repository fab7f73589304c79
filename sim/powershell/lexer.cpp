#include "sim/powershell/lexer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace cusim::ps {

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_high(char c) { return (static_cast<unsigned char>(c) & 0x80) != 0; }
}  // namespace

// Identifier characters (spec 2.3.1): letters, digits, '_', and letters beyond ASCII. A non-ASCII
// character counts as a letter unless it is punctuation or space: Latin-1's U+00A0-U+00BF, the
// General Punctuation block U+2000-U+206F (the smart quotes and dashes PowerShell takes as quotes
// and dashes), CJK punctuation U+3000-U+303F and the byte-order mark.
bool Lexer::is_identifier_char(std::uint32_t p) const {
    char c = at(p);
    if (!is_high(c)) return is_ascii_letter(c) || is_digit(c) || c == '_';
    unsigned char b0 = static_cast<unsigned char>(c), b1 = static_cast<unsigned char>(at(p + 1)),
                  b2 = static_cast<unsigned char>(at(p + 2));
    if (b0 == 0xC2 && b1 >= 0xA0 && b1 <= 0xBF) return false;
    if (b0 == 0xE2 && b1 >= 0x80 && b1 <= 0x81) return false;
    if (b0 == 0xE3 && b1 == 0x80) return false;
    if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) return false;
    return true;
}
// An unbraced variable name (spec 2.3.6: variable-characters; '?' is a name character in Windows
// PowerShell 5.1, which is why "$name?" names the variable "name?").
bool Lexer::is_var_char(std::uint32_t p) const { return is_identifier_char(p) || at(p) == '?'; }
// The length of the character at p (UTF-8), at least 1.
std::uint32_t Lexer::char_len(std::uint32_t p) const {
    unsigned char b = static_cast<unsigned char>(at(p));
    std::uint32_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return std::min<std::uint32_t>(n, limit_ - p);
}

namespace {

// The lexer's errors that only the end of the input raises: the text is open, not wrong.
bool id_runs_to_end(const std::string& id) {
    return id == "TerminatorExpectedAtEndOfString" || id == "MissingTerminatorMultiLineComment";
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Windows PowerShell's escape sequences in expandable strings (about_Special_Characters):
// `0 `a `b `f `n `r `t `v; any other character after a backtick stands for itself (`` ` `$ `").
// `e and `u{} came with PowerShell 6 and are not escapes in 5.1.
char escape_char(char c) {
    switch (c) {
    case '0': return '\0';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return c;
    }
}

constexpr std::array<std::string_view, 22> k_plain_operators = {
    "and", "or", "xor", "not", "band", "bor", "bxor", "bnot", "shl", "shr", "f", "is", "isnot", "as",
    "join", "split", "replace", "eq", "ne", "gt", "ge", "lt"};
// The comparison operators that have case-sensitive ('c') and explicitly insensitive ('i') forms
// (about_Comparison_Operators; -split and -replace too, about_Split, about_Comparison_Operators).
constexpr std::array<std::string_view, 15> k_case_operators = {
    "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "contains", "notcontains",
    "in", "notin", "replace"};

}  // namespace

bool is_dash_operator(std::string_view n) {
    for (auto op : k_plain_operators)
        if (n == op) return true;
    for (auto op : k_case_operators)
        if (n == op) return true;
    if (n.size() > 1 && (n[0] == 'c' || n[0] == 'i')) {
        auto rest = n.substr(1);
        if (rest == "split") return true;
        for (auto op : k_case_operators)
            if (rest == op) return true;
    }
    return false;
}

// Text pieces and $-parts of an expandable string or a bare word, as they are scanned.
struct Lexer::Builder {
    explicit Builder(Token& t) : token(t) {}
    Token& token;
    std::string pending;
    std::uint32_t pending_begin = 0;
    bool has_parts = false;
    void add_text(char c, std::uint32_t at) {
        if (pending.empty()) pending_begin = at;
        pending.push_back(c);
        token.value.push_back(c);
    }
    void add_text(std::string_view s, std::uint32_t at) {
        if (pending.empty()) pending_begin = at;
        pending += s;
        token.value += s;
    }
    void flush(std::uint32_t at) {
        if (pending.empty()) return;
        StringPart p;
        p.kind = StringPart::Kind::text;
        p.text = std::move(pending);
        p.begin = pending_begin;
        p.end = at;
        token.parts.push_back(std::move(p));
        pending.clear();
    }
    void add_part(StringPart p) {
        flush(p.begin);
        has_parts = true;
        token.parts.push_back(std::move(p));
    }
    // A string without $-parts keeps only its value.
    void finish(std::uint32_t at) {
        if (!has_parts) {
            token.parts.clear();
            pending.clear();
            return;
        }
        flush(at);
    }
};

Lexer::Lexer(const SourceText& source, std::vector<ParseError>& errors, std::uint32_t max_nesting)
    : source_(source), text_(source.text()), errors_(errors), max_nesting_(max_nesting) {
    reset(0, static_cast<std::uint32_t>(text_.size()));
    // A UTF-8 byte-order mark is not part of the script.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void Lexer::reset(std::uint32_t begin, std::uint32_t end) {
    pos_ = begin;
    limit_ = end;
}

std::string_view Lexer::slice(std::uint32_t begin, std::uint32_t end) const {
    begin = std::min<std::uint32_t>(begin, static_cast<std::uint32_t>(text_.size()));
    if (end < begin) end = begin;
    return text_.substr(begin, end - begin);
}

void Lexer::error(std::uint32_t begin, std::uint32_t end, std::string id, std::string message) {
    for (auto& e : errors_)
        if (e.offset == begin && e.id == id) return;
    ParseError e{begin, end, std::move(id), std::move(message)};
    // A string, here-string or block comment that runs to the end of the input.
    e.incomplete_input = id_runs_to_end(e.id);
    errors_.push_back(std::move(e));
}

// The quote and dash characters PowerShell also accepts (CharTraits.cs, SpecialChars: text pasted
// from a blog or a word processor): ‘ ’ ‚ ‛ for ', “ ” „ for ", – — ― for -.
std::size_t Lexer::single_quote(std::uint32_t p) const {
    if (at(p) == '\'') return 1;
    if (p + 2 < limit_ && text_[p] == '\xE2' && text_[p + 1] == '\x80' &&
        (text_[p + 2] >= '\x98' && text_[p + 2] <= '\x9B'))
        return 3;
    return 0;
}
std::size_t Lexer::double_quote(std::uint32_t p) const {
    if (at(p) == '"') return 1;
    if (p + 2 < limit_ && text_[p] == '\xE2' && text_[p + 1] == '\x80' &&
        (text_[p + 2] >= '\x9C' && text_[p + 2] <= '\x9E'))
        return 3;
    return 0;
}
std::size_t Lexer::dash(std::uint32_t p) const {
    if (at(p) == '-') return 1;
    if (p + 2 < limit_ && text_[p] == '\xE2' && text_[p + 1] == '\x80' &&
        (text_[p + 2] >= '\x93' && text_[p + 2] <= '\x95'))
        return 3;
    return 0;
}
// Spaces, tabs, vertical tab, form feed, no-break space, next line and the Unicode spaces
// (CharTraits.cs IsWhitespace: char.IsSeparator beyond Latin-1). Newlines are tokens, not space.
std::size_t Lexer::whitespace(std::uint32_t p) const {
    char c = at(p);
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r') return 1;
    if (c == '\xC2' && (at(p + 1) == '\xA0' || at(p + 1) == '\x85')) return 2;
    unsigned char third = static_cast<unsigned char>(at(p + 2));
    if (c == '\xE2' && at(p + 1) == '\x80' && ((third >= 0x80 && third <= 0x8A) || third == 0xAF)) return 3;
    if (c == '\xE3' && at(p + 1) == '\x80' && at(p + 2) == '\x80') return 3;
    return 0;
}
// The characters that end a bare word or a number in argument mode (CharTraits.cs,
// ForceStartNewToken): whitespace, newline, & ( ) , ; { | } and the end.
bool Lexer::force_start_new_token(std::uint32_t p) const {
    if (p >= limit_) return true;
    char c = text_[p];
    switch (c) {
    case '\n': case '&': case '(': case ')': case ',': case ';': case '{': case '|': case '}': case '\0':
        return true;
    default:
        return whitespace(p) != 0;
    }
}
// An ASCII character that a bare word takes as text whatever comes next: none of the
// characters that end the word, escape, quote or start a $-part. Bytes beyond ASCII are left to
// the slow path (some are quotes, dashes or spaces).
bool Lexer::plain_word_char(char c) {
    switch (c) {
    case '\n': case '&': case '(': case ')': case ',': case ';': case '{': case '|': case '}': case '\0':
    case ' ': case '\t': case '\v': case '\f': case '\r': case '`': case '\'': case '"': case '$':
        return false;
    default:
        return !is_high(c);
    }
}
bool Lexer::at_line_start(std::uint32_t p) const { return p == 0 || text_[p - 1] == '\n'; }

// Whitespace, comments (spec 2.2.3: '#' to the end of the line, "<# ... #>" across lines) and a
// backtick before a newline (spec 2.2.4, line continuation) separate tokens and are skipped.
bool Lexer::skip_trivia() {
    bool skipped = false;
    while (pos_ < limit_) {
        if (std::size_t w = whitespace(pos_)) {
            pos_ += static_cast<std::uint32_t>(w);
        } else if (text_[pos_] == '`' && at(pos_ + 1) == '\n') {
            pos_ += 2;
        } else if (text_[pos_] == '`' && at(pos_ + 1) == '\r' && at(pos_ + 2) == '\n') {
            pos_ += 3;
        } else if (text_[pos_] == '<' && at(pos_ + 1) == '#') {
            std::uint32_t start = pos_;
            auto close = text_.substr(0, limit_).find("#>", pos_ + 2);
            if (close == std::string_view::npos) {
                error(start, start + 2, "MissingTerminatorMultiLineComment",
                      "The terminator '#>' is missing from the multiline comment.");
                pos_ = limit_;
            } else {
                pos_ = static_cast<std::uint32_t>(close) + 2;
            }
        } else if (text_[pos_] == '#') {
            while (pos_ < limit_ && text_[pos_] != '\n') ++pos_;
        } else {
            break;
        }
        skipped = true;
    }
    return skipped;
}

Token Lexer::next(LexMode mode) {
    bool space = skip_trivia() || pos_ == 0;
    Token t = scan(mode);
    if (t.end <= t.begin && t.kind != TokenKind::end_of_input) {
        // Nothing scanned (a NUL, a backtick at the very end): one character that is no token,
        // so every call moves on and no caller can loop on the same place.
        std::uint32_t begin = t.begin;
        pos_ = begin + std::max<std::uint32_t>(1, char_len(begin));
        error(begin, pos_, "UnrecognizedToken", "Unrecognized token in source text.");
        t = Token{};
        t.kind = TokenKind::error;
        t.begin = begin;
        t.end = pos_;
    }
    t.space_before = space || (t.begin > 0 && (text_[t.begin - 1] == '\n' || whitespace(t.begin - 1)));
    return t;
}

Token Lexer::rest_of_line() {
    Token t;
    t.kind = TokenKind::generic;
    t.begin = pos_;
    while (pos_ < limit_ && text_[pos_] != '\n') ++pos_;
    t.end = pos_;
    t.value = std::string(slice(t.begin, t.end));
    return t;
}

Token Lexer::scan(LexMode mode) {
    Token t;
    t.begin = pos_;
    if (pos_ >= limit_) {
        t.kind = TokenKind::end_of_input;
        t.end = pos_;
        return t;
    }
    char c = text_[pos_];
    auto one = [&](TokenKind k, std::uint32_t len = 1) {
        t.kind = k;
        pos_ += len;
        t.end = pos_;
        return std::move(t);  // each use returns it at once
    };
    if (c == '\n') return one(TokenKind::newline);
    if (c == ';') return one(TokenKind::semicolon);
    if (c == '(') return one(TokenKind::lparen);
    if (c == ')') return one(TokenKind::rparen);
    if (c == '{') return one(TokenKind::lcurly);
    if (c == '}') return one(TokenKind::rcurly);
    if (c == ',') return one(TokenKind::comma);
    if (c == '|') {
        if (at(pos_ + 1) == '|') {
            error(pos_, pos_ + 2, "InvalidEndOfLine", "The token '||' is not a valid statement separator in this version.");
            return one(TokenKind::error, 2);
        }
        return one(TokenKind::pipe);
    }
    if (c == '&') {
        if (at(pos_ + 1) == '&') {
            error(pos_, pos_ + 2, "InvalidEndOfLine", "The token '&&' is not a valid statement separator in this version.");
            return one(TokenKind::error, 2);
        }
        return one(TokenKind::ampersand);
    }
    if (std::size_t q = single_quote(pos_)) {
        pos_ += static_cast<std::uint32_t>(q);
        scan_verbatim_body(t, q);
        if (mode == LexMode::command && !force_start_new_token(pos_)) {
            pos_ = t.begin;  // 'a'b in argument mode is one word (about_Parsing)
            return scan_generic(Token{});
        }
        return t;
    }
    if (std::size_t q = double_quote(pos_)) {
        pos_ += static_cast<std::uint32_t>(q);
        scan_expandable_body(t, q);
        if (mode == LexMode::command && !force_start_new_token(pos_)) {
            pos_ = t.begin;
            return scan_generic(Token{});
        }
        return t;
    }
    if (c == '@') {
        char d = at(pos_ + 1);
        if (d == '(') return one(TokenKind::at_paren, 2);
        if (d == '{') return one(TokenKind::at_curly, 2);
        if (single_quote(pos_ + 1) || double_quote(pos_ + 1)) {
            bool expandable = double_quote(pos_ + 1) != 0;
            if (scan_here_string(t, expandable)) return t;
        }
        if (is_var_char(pos_ + 1)) {
            // @name: splatting (about_Splatting).
            std::string scope, name;
            std::uint32_t p = scan_var_name(pos_ + 1, scope, name);
            t.kind = TokenKind::splatted_variable;
            t.value = name;
            t.scope = scope;
            pos_ = p;
            t.end = p;
            return t;
        }
        if (mode == LexMode::command) return scan_generic(std::move(t));
        error(pos_, pos_ + 1, "UnrecognizedToken", "Unrecognized token in source text.");
        return one(TokenKind::error);
    }
    if (c == '$') {
        if (at(pos_ + 1) == '(') return one(TokenKind::dollar_paren, 2);
        if (scan_variable(t)) {
            // In argument mode "$env:TEMP\x" is one word with a variable in it (about_Parsing);
            // a variable followed by '.', '[' or '::' is a member access or index.
            if (mode == LexMode::command && !force_start_new_token(pos_) && at(pos_) != '.' && at(pos_) != '[' &&
                !(at(pos_) == ':' && at(pos_ + 1) == ':')) {
                pos_ = t.begin;
                return scan_generic(Token{});
            }
            return t;
        }
        if (mode == LexMode::command) return scan_generic(std::move(t));
        return t;  // scan_variable reported the error
    }
    if (mode == LexMode::member) {
        if (is_identifier_char(pos_) && !is_digit(c)) {
            t.kind = TokenKind::generic;
            while (pos_ < limit_ && is_identifier_char(pos_)) pos_ += char_len(pos_);
            t.end = pos_;
            t.value = std::string(slice(t.begin, t.end));
            return t;
        }
        return scan_expression(std::move(t));
    }
    if (mode == LexMode::type_name) {
        if (is_identifier_char(pos_)) {
            t.kind = TokenKind::generic;
            while (pos_ < limit_ && (is_identifier_char(pos_) || text_[pos_] == '.' || text_[pos_] == '`' ||
                                     text_[pos_] == '+' || text_[pos_] == '#'))
                pos_ += char_len(pos_);
            t.end = pos_;
            t.value = std::string(slice(t.begin, t.end));
            return t;
        }
        return scan_expression(std::move(t));
    }
    if (mode == LexMode::command) return scan_command(std::move(t));
    return scan_expression(std::move(t));
}

// Redirection operators (spec 7.12, about_Redirection): > >> and N> N>> N>&1 for the streams 1-6
// and *, at the start of a token in either mode.
static std::uint32_t redirection_length(std::string_view s) {
    std::size_t i = 0;
    if (!s.empty() && (s[0] == '*' || (s[0] >= '1' && s[0] <= '6'))) i = 1;
    if (i >= s.size() || s[i] != '>') return 0;
    ++i;
    if (i < s.size() && s[i] == '>') return static_cast<std::uint32_t>(i + 1);
    if (i + 1 < s.size() && s[i] == '&' && (s[i + 1] == '1' || s[i + 1] == '2')) return static_cast<std::uint32_t>(i + 2);
    return static_cast<std::uint32_t>(i);
}

Token Lexer::scan_command(Token t) {
    char c = text_[pos_];
    if (std::uint32_t r = redirection_length(text_.substr(pos_, std::min<std::uint32_t>(4, limit_ - pos_)))) {
        t.kind = TokenKind::redirection;
        pos_ += r;
        t.end = pos_;
        t.value = std::string(slice(t.begin, t.end));
        return t;
    }
    if (c == '<') {
        error(pos_, pos_ + 1, "RedirectionNotSupported", "The '<' operator is reserved for future use.");
        t.kind = TokenKind::error;
        t.end = ++pos_;
        return t;
    }
    if (std::size_t d = dash(pos_)) {
        std::uint32_t p = pos_ + static_cast<std::uint32_t>(d);
        char n = at(p);
        if (dash(p) && at(p + dash(p)) == '%' && force_start_new_token(p + static_cast<std::uint32_t>(dash(p)) + 1)) {
            t.kind = TokenKind::stop_parsing;
            pos_ = p + static_cast<std::uint32_t>(dash(p)) + 1;
            t.end = pos_;
            return t;
        }
        if (is_ascii_letter(n) || n == '_' || n == '?' || is_high(n)) {
            // -Name or -Name: (spec 2.3.4 command-parameter)
            t.kind = TokenKind::parameter;
            while (p < limit_ && !force_start_new_token(p) && text_[p] != ':' && !single_quote(p) && !double_quote(p)) ++p;
            t.value = std::string(slice(pos_ + static_cast<std::uint32_t>(d), p));
            if (at(p) == ':') {
                t.colon = true;
                ++p;
            }
            pos_ = p;
            t.end = p;
            return t;
        }
        if (is_digit(n) || (n == '.' && is_digit(at(p + 1)))) {
            if (scan_number(t, LexMode::command)) return t;
        }
        return scan_generic(std::move(t));
    }
    if (is_digit(c) || (c == '.' && is_digit(at(pos_ + 1)))) {
        if (scan_number(t, LexMode::command)) return t;
        return scan_generic(std::move(t));
    }
    if (c == '.') {
        // ". script.ps1" dot-sources; ".\Setup.exe" is a word.
        if (force_start_new_token(pos_ + 1)) {
            t.kind = TokenKind::dot;
            t.end = ++pos_;
            return t;
        }
        return scan_generic(std::move(t));
    }
    return scan_generic(std::move(t));
}

// A bare word in argument mode (spec 2.3.4 generic-token): everything up to a character that
// forces a new token, with backtick escapes, quoted pieces and $ expansions inside it.
Token Lexer::scan_generic(Token t) {
    t.kind = TokenKind::generic;
    t.begin = pos_;
    t.value.clear();
    t.parts.clear();
    Builder b(t);
    while (pos_ < limit_ && !force_start_new_token(pos_)) {
        char c = text_[pos_];
        if (c == '`') {
            if (at(pos_ + 1) == '\n' || pos_ + 1 >= limit_) break;  // a continuation ends the word
            scan_escape(b);
        } else if (std::size_t q = single_quote(pos_)) {
            std::uint32_t start = pos_;
            pos_ += static_cast<std::uint32_t>(q);
            Token inner;
            inner.begin = start;
            scan_verbatim_body(inner, q);
            b.add_text(inner.value, start);
        } else if (std::size_t dq = double_quote(pos_)) {
            std::uint32_t start = pos_;
            pos_ += static_cast<std::uint32_t>(dq);
            Token inner;
            inner.begin = start;
            scan_expandable_body(inner, dq);
            if (inner.parts.empty()) {
                b.add_text(inner.value, start);
            } else {
                for (auto& part : inner.parts) {
                    if (part.kind == StringPart::Kind::text) b.add_text(part.text, part.begin);
                    else b.add_part(part);
                }
            }
        } else if (c == '$' && scan_dollar(b)) {
            // a variable or $( ) inside the word
        } else {
            // This character and the plain ASCII ones after it, at once (a word is mostly
            // those): each would come here alone, as text.
            std::uint32_t run = pos_ + 1;
            while (run < limit_ && plain_word_char(text_[run])) ++run;
            b.add_text(slice(pos_, run), pos_);
            pos_ = run;
        }
        if (too_deep_) break;
    }
    b.finish(pos_);
    t.end = pos_;
    return t;
}

void Lexer::scan_escape(Builder& b) {
    std::uint32_t start = pos_;
    char n = at(pos_ + 1);
    if (is_high(n)) {
        // an escaped non-ASCII character stands for itself, all its bytes
        std::uint32_t p = pos_ + 2;
        while (p < limit_ && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) ++p;
        b.add_text(slice(pos_ + 1, p), start);
        pos_ = p;
        return;
    }
    b.add_text(escape_char(n), start);
    pos_ += 2;
}

Token Lexer::scan_expression(Token t) {
    char c = text_[pos_];
    auto op = [&](TokenKind k, std::uint32_t len) {
        t.kind = k;
        pos_ += len;
        t.end = pos_;
        return std::move(t);  // each use returns it at once
    };
    if (std::uint32_t r = redirection_length(text_.substr(pos_, std::min<std::uint32_t>(4, limit_ - pos_)))) {
        if (!(is_digit(c) && is_digit(at(pos_ + 1)))) {
            t.kind = TokenKind::redirection;
            pos_ += r;
            t.end = pos_;
            t.value = std::string(slice(t.begin, t.end));
            return t;
        }
    }
    if (is_digit(c) || (c == '.' && is_digit(at(pos_ + 1)))) {
        if (scan_number(t, LexMode::expression)) return t;
        return scan_generic(std::move(t));
    }
    if (std::size_t d = dash(pos_)) {
        std::uint32_t p = pos_ + static_cast<std::uint32_t>(d);
        if (dash(p)) return op(TokenKind::minus_minus, static_cast<std::uint32_t>(d + dash(p)));
        if (at(p) == '=') return op(TokenKind::minus_equals, static_cast<std::uint32_t>(d + 1));
        if (is_ascii_letter(at(p))) {
            std::uint32_t e = p;
            while (e < limit_ && is_ascii_letter(text_[e])) ++e;
            std::string name;
            for (std::uint32_t i = p; i < e; ++i) name.push_back(lower(text_[i]));
            if (is_dash_operator(name)) {
                t.kind = TokenKind::dash_operator;
                t.op = "-" + name;
                pos_ = e;
                t.end = e;
                return t;
            }
            // Not an operator: a parameter where an expression was expected ("-foo"); the
            // parser reports it as an unexpected token.
            t.kind = TokenKind::parameter;
            t.value = std::string(slice(p, e));
            pos_ = e;
            t.end = e;
            return t;
        }
        return op(TokenKind::minus, static_cast<std::uint32_t>(d));
    }
    switch (c) {
    case '[': return op(TokenKind::lbracket, 1);
    case ']': return op(TokenKind::rbracket, 1);
    case '+':
        if (at(pos_ + 1) == '+') return op(TokenKind::plus_plus, 2);
        if (at(pos_ + 1) == '=') return op(TokenKind::plus_equals, 2);
        return op(TokenKind::plus, 1);
    case '*':
        if (at(pos_ + 1) == '=') return op(TokenKind::multiply_equals, 2);
        return op(TokenKind::multiply, 1);
    case '/':
        if (at(pos_ + 1) == '=') return op(TokenKind::divide_equals, 2);
        return op(TokenKind::divide, 1);
    case '%':
        if (at(pos_ + 1) == '=') return op(TokenKind::remainder_equals, 2);
        return op(TokenKind::remainder, 1);
    case '!': return op(TokenKind::exclaim, 1);
    case '=': return op(TokenKind::equals, 1);
    case '.':
        if (at(pos_ + 1) == '.') return op(TokenKind::dotdot, 2);
        return op(TokenKind::dot, 1);
    case ':':
        if (at(pos_ + 1) == ':') return op(TokenKind::colon_colon, 2);
        break;
    case '<':
        error(pos_, pos_ + 1, "RedirectionNotSupported", "The '<' operator is reserved for future use.");
        return op(TokenKind::error, 1);
    default: break;
    }
    // A word where an expression was expected (a command name, "foo" in "$a -eq foo"): a generic
    // token, which the parser reports as unexpected unless the place takes a name.
    if (force_start_new_token(pos_)) {
        error(pos_, pos_ + 1, "UnrecognizedToken", "Unrecognized token in source text.");
        return op(TokenKind::error, 1);
    }
    return scan_generic(std::move(t));
}

// Numbers (spec 2.3.5.1): decimal and hexadecimal integers, reals with a fraction or exponent,
// the type suffixes d (decimal) and l (long), the multipliers kb mb gb tb pb. In argument mode a
// number must be a whole word ("7z" is a word); in expression mode an operator may follow it
// (CharTraits.cs, ForceStartNewTokenAfterNumber).
bool Lexer::scan_number(Token& t, LexMode mode) {
    std::uint32_t p = t.begin;
    bool negative = false;
    if (std::size_t d = dash(p)) {
        negative = true;
        p += static_cast<std::uint32_t>(d);
    }
    std::uint32_t digits_begin = p;
    bool hex = false, real = false;
    if (at(p) == '0' && (at(p + 1) == 'x' || at(p + 1) == 'X') && is_hex_digit(at(p + 2))) {
        hex = true;
        p += 2;
        while (is_hex_digit(at(p))) ++p;
    } else {
        while (is_digit(at(p))) ++p;
        if (at(p) == '.' && is_digit(at(p + 1))) {
            real = true;
            ++p;
            while (is_digit(at(p))) ++p;
        }
        if ((at(p) == 'e' || at(p) == 'E') &&
            (is_digit(at(p + 1)) || ((at(p + 1) == '+' || at(p + 1) == '-') && is_digit(at(p + 2))))) {
            real = true;
            p += 2;
            while (is_digit(at(p))) ++p;
        }
    }
    std::uint32_t digits_end = p;
    char suffix = 0;
    if (!hex && (lower(at(p)) == 'd' || lower(at(p)) == 'l')) suffix = lower(at(p++));
    else if (hex && lower(at(p)) == 'l') suffix = lower(at(p++));
    double multiplier = 1;
    char m = lower(at(p));
    if ((m == 'k' || m == 'm' || m == 'g' || m == 't' || m == 'p') && lower(at(p + 1)) == 'b') {
        multiplier = m == 'k' ? 1024.0 : m == 'm' ? 1048576.0 : m == 'g' ? 1073741824.0
                   : m == 't' ? 1099511627776.0 : 1125899906842624.0;
        p += 2;
    }
    // What may follow a number.
    bool ends = force_start_new_token(p);
    if (!ends && mode == LexMode::expression) {
        char n = at(p);
        ends = n == '!' || n == '#' || n == '%' || n == '*' || n == '+' || n == '-' || n == '.' || n == '/' ||
               n == '<' || n == '=' || n == '>' || n == ']' || dash(p);
    }
    if (!ends) return false;
    t.kind = TokenKind::number;
    t.end = p;
    pos_ = p;
    std::string digits(slice(digits_begin, digits_end));
    if (hex) {
        std::string h = digits.substr(2);
        while (h.size() > 1 && h[0] == '0') h.erase(0, 1);
        if (h.size() > 16) {
            error(t.begin, t.end, "BadNumericConstant", "The numeric constant " + std::string(slice(t.begin, t.end)) + " is not valid.");
            t.double_value = 0;
            return true;
        }
        unsigned long long v = std::strtoull(h.c_str(), nullptr, 16);
        // 0xFFFFFFFF is the int -1 (spec 2.3.5.1.1: a hexadecimal literal that fits 32 bits is an int).
        if (h.size() <= 8 && suffix != 'l') {
            t.number_type = NumberType::int32;
            t.int_value = static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
        } else {
            t.number_type = NumberType::int64;
            t.int_value = static_cast<long long>(v);
        }
        if (negative) t.int_value = -t.int_value;
        t.double_value = static_cast<double>(t.int_value) * multiplier;
        if (multiplier != 1) {
            double scaled = t.double_value;
            if (std::fabs(scaled) <= 2147483647.0) t.number_type = NumberType::int32;
            else if (std::fabs(scaled) <= 9.2e18) t.number_type = NumberType::int64;
            else t.number_type = NumberType::double_;
            if (t.number_type != NumberType::double_) t.int_value = static_cast<long long>(scaled);
        }
        return true;
    }
    double value = std::strtod(digits.c_str(), nullptr) * multiplier;
    if (negative) value = -value;
    t.double_value = value;
    if (suffix == 'd') {
        t.number_type = NumberType::decimal;
        return true;
    }
    if (real) {
        if (suffix == 'l') {
            // 1.5l is not a long; a real with the l suffix is one only when it is whole.
            if (value != std::floor(value)) {
                error(t.begin, t.end, "BadNumericConstant", "The numeric constant " + std::string(slice(t.begin, t.end)) + " is not valid.");
                return true;
            }
            t.number_type = NumberType::int64;
            t.int_value = static_cast<long long>(value);
            return true;
        }
        t.number_type = NumberType::double_;
        return true;
    }
    // An integer (spec 2.3.5.1.1): the first of int, long, decimal, double that holds it; with
    // the l suffix a long or an error. Counted exactly, not through a double.
    unsigned long long whole = 0;
    bool overflow = false;
    for (char d : digits) {
        unsigned long long next = whole * 10 + static_cast<unsigned long long>(d - '0');
        if (whole > (std::numeric_limits<unsigned long long>::max() - 9) / 10) overflow = true;
        whole = next;
    }
    long double scaled = static_cast<long double>(whole) * static_cast<long double>(multiplier);
    if (overflow) scaled = static_cast<long double>(value < 0 ? -value : value);
    if (!overflow && scaled <= 2147483647.0L && suffix != 'l') {
        t.number_type = NumberType::int32;
        t.int_value = static_cast<long long>(scaled) * (negative ? -1 : 1);
    } else if (!overflow && scaled <= 9223372036854775807.0L) {
        t.number_type = NumberType::int64;
        t.int_value = static_cast<long long>(whole) * static_cast<long long>(multiplier) * (negative ? -1 : 1);
    } else if (suffix == 'l') {
        error(t.begin, t.end, "BadNumericConstant", "The numeric constant " + std::string(slice(t.begin, t.end)) + " is not valid.");
    } else if (scaled <= 79228162514264337593543950335.0L) {
        t.number_type = NumberType::decimal;
    } else {
        t.number_type = NumberType::double_;
    }
    return true;
}

// The name after '$' (spec 2.3.6): "$$", "$?", "$^", or name characters with an optional scope or
// drive before a ':' ($env:Path, $script:count, $using:x). Returns the end.
std::uint32_t Lexer::scan_var_name(std::uint32_t p, std::string& scope, std::string& name) {
    char c = at(p);
    if (c == '$' || c == '?' || c == '^') {
        name = std::string(1, c);
        return p + 1;
    }
    std::uint32_t start = p;
    while (p < limit_) {
        if (is_var_char(p)) {
            p += char_len(p);
        } else if (text_[p] == ':' && scope.empty() && p > start && at(p + 1) != ':') {
            if (!is_var_char(p + 1)) {
                error(p, p + 1, "InvalidVariableReferenceWithDrive",
                      "Variable reference is not valid. ':' was not followed by a valid variable name character. "
                      "Consider using ${} to delimit the name.");
                break;
            }
            scope = std::string(slice(start, p));
            start = ++p;
        } else {
            break;
        }
    }
    name = std::string(slice(start, p));
    return p;
}

// ${any characters} (spec 2.3.6 braced-variable): '}' ends it unless escaped with a backtick.
// Returns the end (after '}'), or limit_ when the '}' is missing (reported).
std::uint32_t Lexer::scan_braced_name(std::uint32_t open, std::string& name) {
    std::uint32_t p = open + 1;
    while (p < limit_ && text_[p] != '}') {
        if (text_[p] == '`' && p + 1 < limit_) ++p;
        name.push_back(text_[p]);
        ++p;
    }
    if (p >= limit_) {
        error(open - 1, open + 1, "IncompleteDollarVariableReference", "${variable} reference starting is missing the closing '}'.");
        return limit_;
    }
    if (name.empty()) error(open - 1, p + 1, "EmptyVariableReference", "An empty ${} variable reference was found. A name is required inside the braces.");
    return p + 1;
}

static void split_scope(std::string& name, std::string& scope) {
    auto colon = name.find(':');
    if (colon != std::string::npos && colon > 0 && colon + 1 < name.size()) {
        scope = name.substr(0, colon);
        name = name.substr(colon + 1);
    }
}

bool Lexer::scan_variable(Token& t) {
    std::uint32_t p = pos_ + 1;
    t.kind = TokenKind::variable;
    if (at(p) == '{') {
        std::string name;
        p = scan_braced_name(p, name);
        split_scope(name, t.scope);
        t.value = name;
        t.braced = true;
        pos_ = p;
        t.end = p;
        return true;
    }
    char c = at(p);
    if (!(is_var_char(p) || c == '$' || c == '^')) {
        pos_ = p;
        t.end = p;
        if (true) {
            error(t.begin, t.end, "InvalidVariableReference",
                  "Variable reference is not valid. '$' was not followed by a valid variable name character. "
                  "Consider using ${} to delimit the name.");
        }
        t.kind = TokenKind::error;
        return false;
    }
    p = scan_var_name(p, t.scope, t.value);
    pos_ = p;
    t.end = p;
    return true;
}

// A '$' inside an expandable string or a bare word: $name, ${name}, $( ... ); a '$' before
// anything else is the character itself (about_Quoting_Rules). In a string "$x.Name" expands $x
// only, and "$x[0]" likewise: member access needs $( ).
bool Lexer::scan_dollar(Builder& b) {
    std::uint32_t start = pos_;
    char n = at(pos_ + 1);
    if (n == '(') {
        std::uint32_t inner = pos_ + 2;
        std::uint32_t close = find_subexpression_end(inner);
        StringPart part;
        part.kind = StringPart::Kind::subexpression;
        part.begin = inner;
        part.end = close;
        b.add_part(std::move(part));
        pos_ = close < limit_ ? close + 1 : limit_;
        return true;
    }
    if (n == '{') {
        StringPart part;
        part.kind = StringPart::Kind::variable;
        part.braced = true;
        part.begin = start;
        std::uint32_t p = scan_braced_name(pos_ + 1, part.text);
        split_scope(part.text, part.scope);
        part.end = p;
        b.add_part(std::move(part));
        pos_ = p;
        return true;
    }
    if (is_var_char(pos_ + 1) || n == '$' || n == '^') {
        StringPart part;
        part.kind = StringPart::Kind::variable;
        part.begin = start;
        std::uint32_t p = scan_var_name(pos_ + 1, part.scope, part.text);
        part.end = p;
        b.add_part(std::move(part));
        pos_ = p;
        return true;
    }
    return false;
}

// Where the ")" of a "$(" inside a string is: a loop over the characters with a stack of what it
// is inside (code with its open parentheses, a quoted string, a here-string), so a string in a
// subexpression in a string needs no recursion. Returns the offset of the ')' or limit_ (reported).
std::uint32_t Lexer::find_subexpression_end(std::uint32_t inner_begin) {
    enum class In : char { code, dq, sq, here_dq, here_sq };
    struct Frame {
        In in;
        int parens;
    };
    std::vector<Frame> stack{{In::code, 1}};
    std::uint32_t p = inner_begin;
    while (p < limit_) {
        Frame& f = stack.back();
        char c = text_[p];
        switch (f.in) {
        case In::code:
            if (c == '`') {
                p += 2;
                continue;
            }
            if (c == '(') {
                ++f.parens;
            } else if (c == ')') {
                if (--f.parens == 0) {
                    stack.pop_back();
                    if (stack.empty()) return p;
                }
            } else if (c == '#' && (p == inner_begin || whitespace(p - 1) || text_[p - 1] == '\n' || text_[p - 1] == ';' ||
                                    text_[p - 1] == '(')) {
                while (p < limit_ && text_[p] != '\n') ++p;
                continue;
            } else if (c == '<' && at(p + 1) == '#') {
                auto close = text_.substr(0, limit_).find("#>", p + 2);
                p = close == std::string_view::npos ? limit_ : static_cast<std::uint32_t>(close) + 2;
                continue;
            } else if (c == '@' && (double_quote(p + 1) || single_quote(p + 1))) {
                bool dq = double_quote(p + 1) != 0;
                std::uint32_t q = p + 1 + static_cast<std::uint32_t>(dq ? double_quote(p + 1) : single_quote(p + 1));
                while (q < limit_ && whitespace(q)) ++q;
                if (at(q) == '\n') {
                    stack.push_back({dq ? In::here_dq : In::here_sq, 0});
                    p = q + 1;
                    continue;
                }
            } else if (std::size_t q = double_quote(p)) {
                stack.push_back({In::dq, 0});
                p += static_cast<std::uint32_t>(q);
                continue;
            } else if (std::size_t q2 = single_quote(p)) {
                stack.push_back({In::sq, 0});
                p += static_cast<std::uint32_t>(q2);
                continue;
            } else if (c == '$' && at(p + 1) == '{') {
                while (p < limit_ && text_[p] != '}') p += text_[p] == '`' ? 2 : 1;
            }
            ++p;
            break;
        case In::dq:
        case In::here_dq:
            if (c == '`') {
                p += 2;
                continue;
            }
            if (f.in == In::dq) {
                if (std::size_t q = double_quote(p)) {
                    if (double_quote(p + static_cast<std::uint32_t>(q))) {
                        p += static_cast<std::uint32_t>(q + double_quote(p + static_cast<std::uint32_t>(q)));
                        continue;
                    }
                    stack.pop_back();
                    p += static_cast<std::uint32_t>(q);
                    continue;
                }
            } else if (at_line_start(p) && double_quote(p) && at(p + double_quote(p)) == '@') {
                stack.pop_back();
                p += static_cast<std::uint32_t>(double_quote(p)) + 1;
                continue;
            }
            if (c == '$' && at(p + 1) == '(') {
                stack.push_back({In::code, 1});
                p += 2;
                continue;
            }
            if (c == '$' && at(p + 1) == '{') {
                while (p < limit_ && text_[p] != '}') p += text_[p] == '`' ? 2 : 1;
            }
            ++p;
            break;
        case In::sq:
            if (std::size_t q = single_quote(p)) {
                if (single_quote(p + static_cast<std::uint32_t>(q))) {
                    p += static_cast<std::uint32_t>(q + single_quote(p + static_cast<std::uint32_t>(q)));
                    continue;
                }
                stack.pop_back();
                p += static_cast<std::uint32_t>(q);
                continue;
            }
            ++p;
            break;
        case In::here_sq:
            if (at_line_start(p) && single_quote(p) && at(p + single_quote(p)) == '@') {
                stack.pop_back();
                p += static_cast<std::uint32_t>(single_quote(p)) + 1;
                continue;
            }
            ++p;
            break;
        }
        if (stack.size() > max_nesting_) {
            too_deep_ = true;
            return limit_;
        }
    }
    error(inner_begin - 2, inner_begin, "MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression.");
    return limit_;
}

// '...' (spec 2.3.5.2 verbatim-string-literal): '' stands for one quote; nothing else is special.
void Lexer::scan_verbatim_body(Token& t, std::size_t /*quote_len*/) {
    t.kind = TokenKind::string_verbatim;
    while (pos_ < limit_) {
        if (std::size_t q = single_quote(pos_)) {
            if (std::size_t q2 = single_quote(pos_ + static_cast<std::uint32_t>(q))) {
                t.value += std::string(slice(pos_, pos_ + static_cast<std::uint32_t>(q)));
                pos_ += static_cast<std::uint32_t>(q + q2);
                continue;
            }
            pos_ += static_cast<std::uint32_t>(q);
            t.end = pos_;
            return;
        }
        t.value.push_back(text_[pos_++]);
    }
    error(t.begin, t.begin + 1, "TerminatorExpectedAtEndOfString", "The string is missing the terminator: '.");
    t.end = pos_;
}

// "..." (spec 2.3.5.2 expandable-string-literal): backtick escapes, "" for one quote, $ parts.
void Lexer::scan_expandable_body(Token& t, std::size_t /*quote_len*/) {
    t.kind = TokenKind::string_expandable;
    Builder b(t);
    while (pos_ < limit_) {
        char c = text_[pos_];
        if (std::size_t q = double_quote(pos_)) {
            if (std::size_t q2 = double_quote(pos_ + static_cast<std::uint32_t>(q))) {
                b.add_text(slice(pos_, pos_ + static_cast<std::uint32_t>(q)), pos_);
                pos_ += static_cast<std::uint32_t>(q + q2);
                continue;
            }
            b.finish(pos_);
            pos_ += static_cast<std::uint32_t>(q);
            t.end = pos_;
            return;
        }
        if (c == '`' && pos_ + 1 < limit_) {
            scan_escape(b);
            continue;
        }
        if (c == '$' && scan_dollar(b)) {
            if (too_deep_) break;
            continue;
        }
        b.add_text(c, pos_);
        ++pos_;
    }
    b.finish(pos_);
    error(t.begin, t.begin + 1, "TerminatorExpectedAtEndOfString", "The string is missing the terminator: \".");
    t.end = pos_;
}

// @" ... "@ and @' ... '@ (spec 2.3.5.2 here-strings): the header ends its line, the footer starts
// one; the text between them, less the newline before the footer, is the value.
bool Lexer::scan_here_string(Token& t, bool expandable) {
    std::uint32_t p = pos_ + 1;
    std::size_t q = expandable ? double_quote(p) : single_quote(p);
    p += static_cast<std::uint32_t>(q);
    while (p < limit_ && whitespace(p)) ++p;
    if (p < limit_ && text_[p] != '\n') {
        error(p, p + 1, "UnexpectedCharactersAfterHereStringHeader",
              "No characters are allowed after a here-string header but before the end of the line.");
        while (p < limit_ && text_[p] != '\n') ++p;
    }
    std::uint32_t content = p < limit_ ? p + 1 : p;
    t.kind = expandable ? TokenKind::string_expandable : TokenKind::string_verbatim;
    t.here = true;
    // Find the footer: a line that starts with the closing quote and '@'.
    std::uint32_t footer = limit_;
    std::uint32_t bad_footer = limit_;
    for (std::uint32_t line = content; line < limit_;) {
        std::size_t fq = expandable ? double_quote(line) : single_quote(line);
        if (fq && at(line + static_cast<std::uint32_t>(fq)) == '@') {
            footer = line;
            break;
        }
        std::uint32_t s = line;
        while (s < limit_ && whitespace(s)) ++s;
        std::size_t sq = expandable ? double_quote(s) : single_quote(s);
        if (s > line && sq && at(s + static_cast<std::uint32_t>(sq)) == '@' && bad_footer == limit_) bad_footer = s;
        while (line < limit_ && text_[line] != '\n') ++line;
        ++line;
    }
    std::uint32_t body_end = footer == limit_ ? limit_ : (footer > content ? footer - 1 : content);
    if (footer == limit_) {
        if (bad_footer != limit_)
            error(bad_footer, bad_footer + 1, "WhitespaceBeforeHereStringFooter", "White space is not allowed before the string terminator.");
        else
            error(t.begin, t.begin + 2, "TerminatorExpectedAtEndOfString",
                  std::string("The string is missing the terminator: ") + (expandable ? "\"@." : "'@."));
    }
    if (!expandable) {
        t.value = std::string(slice(content, body_end));
    } else {
        // The body with escapes and $ parts, scanned as a string that ends at the footer.
        std::uint32_t saved_limit = limit_;
        limit_ = body_end;
        pos_ = content;
        Builder b(t);
        while (pos_ < limit_) {
            char c = text_[pos_];
            if (c == '`' && pos_ + 1 < limit_) {
                scan_escape(b);
                continue;
            }
            if (c == '$' && scan_dollar(b)) continue;
            b.add_text(c, pos_);
            ++pos_;
        }
        b.finish(pos_);
        limit_ = saved_limit;
    }
    pos_ = footer == limit_ ? limit_ : footer + static_cast<std::uint32_t>(expandable ? double_quote(footer) : single_quote(footer)) + 1;
    t.end = pos_;
    return true;
}

}  // namespace cusim::ps
