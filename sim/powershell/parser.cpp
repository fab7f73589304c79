#include "sim/powershell/parser.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <iterator>
#include <sstream>

#include "sim/core/input_error.hpp"
#include "sim/core/text_decode.hpp"
#include "sim/powershell/lexer.hpp"

namespace cusim::ps {

namespace {

// Thrown to stop the parse (nesting limit, too many errors); the errors are already recorded.
struct ParseStopped {};

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_assignment(TokenKind k) {
    return k == TokenKind::equals || k == TokenKind::plus_equals || k == TokenKind::minus_equals ||
           k == TokenKind::multiply_equals || k == TokenKind::divide_equals || k == TokenKind::remainder_equals;
}

std::string assignment_text(TokenKind k) {
    switch (k) {
    case TokenKind::plus_equals: return "+=";
    case TokenKind::minus_equals: return "-=";
    case TokenKind::multiply_equals: return "*=";
    case TokenKind::divide_equals: return "/=";
    case TokenKind::remainder_equals: return "%=";
    default: return "=";
    }
}

// The binary precedence levels of the specification's grammar, lowest first (spec 7.3-7.10;
// about_Operator_Precedence): -and -or -xor; -band -bor -bxor; comparison (-eq ... -replace
// -split -join -is -as, -shl -shr); + -; * / %; -f; "..". The comma binds tighter than all of
// them (array-literal-expression), the unary operators tighter still.
constexpr int k_levels = 7;

int binary_level(const Token& t) {
    switch (t.kind) {
    case TokenKind::plus:
    case TokenKind::minus: return 3;
    case TokenKind::multiply:
    case TokenKind::divide:
    case TokenKind::remainder: return 4;
    case TokenKind::dotdot: return 6;
    case TokenKind::dash_operator: break;
    default: return -1;
    }
    std::string_view op = t.op;  // a view: compared with literals without measuring each first
    if (op == "-and" || op == "-or" || op == "-xor") return 0;
    if (op == "-band" || op == "-bor" || op == "-bxor") return 1;
    if (op == "-f") return 5;
    if (op == "-not" || op == "-bnot") return -1;
    return 2;  // the comparison operators, -split, -join, -is, -isnot, -as, -shl, -shr
}

std::string binary_text(const Token& t) {
    switch (t.kind) {
    case TokenKind::plus: return "+";
    case TokenKind::minus: return "-";
    case TokenKind::multiply: return "*";
    case TokenKind::divide: return "/";
    case TokenKind::remainder: return "%";
    case TokenKind::dotdot: return "..";
    default: return t.op;
    }
}

class Parser {
public:
    Parser(const SourceText& source, std::vector<ParseError>& errors, const ParseOptions& options)
        : src_(source), errors_(errors), options_(options), lex_(source, errors, options.max_nesting) {}

    ScriptBlockPtr parse_script() {
        auto sb = parse_script_block_body(TokenKind::end_of_input, 0);
        const Token& t = peek(LexMode::command);
        if (t.kind != TokenKind::end_of_input) unexpected(t);
        return sb;
    }

private:
    // ---- tokens ----
    struct Mark {
        std::uint32_t offset, last_end;
    };

    // A token made in one mode that every other mode would make the same way: punctuation
    // always; a variable, number or string when argument mode made it (argument mode is the one
    // that joins "$x\y" or "'a'b" into a word, so what it left alone no mode changes).
    static bool same_in_every_mode(const Token& t, LexMode made_in) {
        switch (t.kind) {
        case TokenKind::newline:
        case TokenKind::semicolon:
        case TokenKind::lparen:
        case TokenKind::rparen:
        case TokenKind::lcurly:
        case TokenKind::rcurly:
        case TokenKind::at_paren:
        case TokenKind::at_curly:
        case TokenKind::dollar_paren:
        case TokenKind::pipe:
        case TokenKind::comma:
        case TokenKind::end_of_input: return true;
        case TokenKind::variable:
        case TokenKind::number:
        case TokenKind::string_verbatim:
        case TokenKind::string_expandable: return made_in == LexMode::command;
        default: return false;
        }
    }

    // The token at hand is asked for many times over (every alternative looks at it): that test
    // is inline, the lexing apart.
    const Token& peek(LexMode mode) {
        if (have_ && (tok_mode_ == mode || same_in_every_mode(tok_, tok_mode_))) return tok_;
        return lex_token(mode);
    }
    [[gnu::noinline]] const Token& lex_token(LexMode mode) {
        if (have_) lex_.seek(tok_start_);
        tok_start_ = lex_.offset();
        tok_ = lex_.next(mode);
        tok_mode_ = mode;
        have_ = true;
        if (lex_.too_deep()) too_deep(tok_.begin);
        return tok_;
    }
    Token take(LexMode mode) {
        peek(mode);
        have_ = false;
        // "Missing ..." markers go after the last token that was not a newline, as PowerShell's do.
        if (tok_.kind != TokenKind::newline) last_end_ = tok_.end;
        return std::move(tok_);
    }
    Mark mark() const { return Mark{have_ ? tok_start_ : lex_.offset(), last_end_}; }
    void rewind(Mark m) {
        have_ = false;
        lex_.seek(m.offset);
        last_end_ = m.last_end;
    }
    std::string_view raw(const Token& t) const { return lex_.slice(t.begin, t.end); }
    bool is_word(const Token& t, std::string_view keyword) const {
        return t.kind == TokenKind::generic && t.parts.empty() && lower_ascii(raw(t)) == keyword;
    }
    // Whether `kind` comes next, maybe after line breaks; the line breaks are skipped only
    // when it does, so a "missing" error leaves the next line to be the next statement.
    bool next_is(TokenKind kind, LexMode mode) {
        Mark m = mark();
        skip_newlines();
        if (peek(mode).kind == kind) return true;
        rewind(m);
        return false;
    }
    void skip_newlines() {
        while (peek(LexMode::expression).kind == TokenKind::newline) take(LexMode::expression);
    }
    void skip_separators() {
        for (;;) {
            auto k = peek(LexMode::command).kind;
            if (k != TokenKind::newline && k != TokenKind::semicolon) return;
            take(LexMode::command);
        }
    }
    static bool ends_statement(TokenKind k) {
        return k == TokenKind::newline || k == TokenKind::semicolon || k == TokenKind::end_of_input ||
               k == TokenKind::rcurly || k == TokenKind::rparen;
    }

    // ---- errors ----
    void report(std::uint32_t begin, std::uint32_t end, std::string id, std::string message) {
        for (auto& e : errors_)
            if (e.offset == begin && e.id == id) return;
        ParseError e{begin, end, std::move(id), std::move(message)};
        // Raised at the end of the input (the next token, or the marker after the last one):
        // more lines could complete it.
        e.incomplete_input = (have_ && tok_.kind == TokenKind::end_of_input) || begin >= content_end();
        errors_.push_back(std::move(e));
        if (errors_.size() >= options_.max_errors) {
            errors_.push_back(ParseError{begin, begin, "TooManyErrors",
                                         "Not all parse errors were reported.  Correct the reported errors and try again."});
            throw ParseStopped{};
        }
    }
    // Where the text ends, trailing white space and line breaks left out.
    std::uint32_t content_end() const {
        std::string_view t = src_.text();
        std::size_t e = t.find_last_not_of(" \t\r\n");
        return e == std::string_view::npos ? 0 : static_cast<std::uint32_t>(e + 1);
    }
    // A "missing ..." error: PowerShell puts its marker just after the last token read.
    void missing(std::string id, std::string message) { report(last_end_, last_end_, std::move(id), std::move(message)); }

    // After an item of a parenthesised, comma-separated list (a param() block, a method call's
    // arguments): ',' goes on to the next item, ')' ends the list, anything else is `id`'s error.
    enum class ListStep { next, end, error };
    ListStep after_list_item(const char* id, const char* message) {
        skip_newlines();
        const Token& t = peek(LexMode::expression);
        if (t.kind == TokenKind::comma) {
            take(LexMode::expression);
            return ListStep::next;
        }
        if (t.kind == TokenKind::rparen) {
            take(LexMode::expression);
            return ListStep::end;
        }
        missing(id, message);
        return ListStep::error;
    }
    void unexpected(const Token& t) {
        if (t.kind == TokenKind::error) return;  // the lexer said what it was
        if (t.kind == TokenKind::end_of_input) {
            missing("UnexpectedEndOfInput", "Unexpected end of input.");  // not reached for valid callers
            return;
        }
        std::string text(raw(t));
        if (t.kind == TokenKind::newline) text = "newline";
        report(t.begin, t.end, "UnexpectedToken", "Unexpected token '" + text + "' in expression or statement.");
    }
    [[noreturn]] void too_deep(std::uint32_t at) {
        errors_.push_back(ParseError{at, at, "ScriptTooComplicated",
                                     "The script is nested more than " + std::to_string(options_.max_nesting) +
                                         " levels deep (parentheses, blocks, subexpressions, operators); this "
                                         "front end stops there."});
        throw ParseStopped{};
    }
    struct Nest {
        Parser& p;
        explicit Nest(Parser& parser, std::uint32_t at) : p(parser) {
            if (++p.depth_ > p.options_.max_nesting) p.too_deep(at);
        }
        ~Nest() { --p.depth_; }
    };

    SourcePos where(std::uint32_t offset) { return src_.position(offset, hint_); }

    template <class T>
    std::unique_ptr<T> make(std::uint32_t offset) {
        auto n = std::make_unique<T>();
        n->pos = where(offset);
        return n;
    }
    template <class T>
    std::unique_ptr<T> done(std::unique_ptr<T> n) {
        n->end = std::max(last_end_, n->pos.offset);
        return n;
    }

    // ---- statement lists and blocks ----

    // Statements up to `closer` (not taken): '}' of a block, ')' of $( ) and @( ), the end of the
    // input. A statement that fails is reported and skipped up to the next separator.
    std::vector<StmtPtr> parse_statement_list(TokenKind closer) {
        std::vector<StmtPtr> out;
        for (;;) {
            skip_separators();
            const Token& t = peek(LexMode::command);
            if (t.kind == TokenKind::end_of_input) break;
            if (t.kind == TokenKind::rcurly || t.kind == TokenKind::rparen) {
                if (t.kind == closer) break;
                unexpected(t);
                take(LexMode::command);
                continue;
            }
            Mark before = mark();
            std::size_t errors_before = errors_.size();
            StmtPtr s = parse_statement();
            if (s) {
                bool block_statement = s->kind != NodeKind::pipeline && s->kind != NodeKind::assignment &&
                                       s->kind != NodeKind::flow_control;
                const Token& after = peek(LexMode::command);
                if (!ends_statement(after.kind) && !(block_statement && s->end > 0 && lex_.slice(s->end - 1, s->end) == "}")) {
                    if (errors_.size() == errors_before) unexpected(after);
                    recover(closer);
                }
                out.push_back(std::move(s));
            } else {
                if (errors_.size() == errors_before) unexpected(peek(LexMode::command));
                recover(closer);
            }
            if (mark().offset == before.offset) take(LexMode::command);  // always move on
        }
        return out;
    }

    // Skips to the next statement separator outside brackets, or to this list's closer.
    void recover(TokenKind closer) {
        int depth = 0;
        for (;;) {
            const Token& t = peek(LexMode::command);
            switch (t.kind) {
            case TokenKind::end_of_input: return;
            case TokenKind::newline:
            case TokenKind::semicolon:
                if (depth == 0) return;
                break;
            // Only braces nest here: a '(' left open by the error would otherwise swallow the
            // rest of the file, and a line break inside parentheses is rare where errors are.
            case TokenKind::lcurly:
            case TokenKind::at_curly: ++depth; break;
            case TokenKind::rcurly:
                if (depth == 0 && t.kind == closer) return;
                if (depth > 0) --depth;
                break;
            case TokenKind::rparen:
                if (depth == 0 && t.kind == closer) return;
                break;
            default: break;
            }
            take(LexMode::command);
        }
    }

    // { statements } (spec 8.1.1). The current token is '{'.
    BlockPtr parse_statement_block() {
        Token open = take(LexMode::command);
        Nest nest(*this, open.begin);
        auto block = make<StatementBlock>(open.begin);
        block->statements = parse_statement_list(TokenKind::rcurly);
        if (peek(LexMode::command).kind != TokenKind::rcurly) {
            report(open.begin, open.end, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
            return nullptr;
        }
        take(LexMode::command);
        return done(std::move(block));
    }

    // A block after a keyword: reports `id`/`message` when there is no '{'.
    BlockPtr expect_block(const char* id, const std::string& message) {
        if (!next_is(TokenKind::lcurly, LexMode::command)) {
            missing(id, message);
            return nullptr;
        }
        return parse_statement_block();
    }

    // The inside of a script, a function body or a { } value (spec 8.10.2, 7.1.8).
    ScriptBlockPtr parse_script_block_body(TokenKind closer, std::uint32_t at) {
        Nest nest(*this, at);
        auto sb = make<ScriptBlock>(at);
        skip_separators();
        sb->param_block = try_param_block();
        skip_separators();
        Mark m = mark();
        const Token& first = peek(LexMode::command);
        bool named = false;
        for (auto name : {"begin", "process", "end", "dynamicparam"})
            if (is_word(first, name)) named = true;
        if (named) {
            take(LexMode::command);
            skip_newlines();
            named = peek(LexMode::command).kind == TokenKind::lcurly;
            rewind(m);
        }
        if (!named) {
            auto body = make<StatementBlock>(peek(LexMode::command).begin);
            body->statements = parse_statement_list(closer);
            sb->end_block = done(std::move(body));
            return done(std::move(sb));
        }
        sb->named_blocks = true;
        for (;;) {
            skip_separators();
            Token t = peek(LexMode::command);
            if (t.kind == closer || t.kind == TokenKind::end_of_input) break;
            BlockPtr* slot = nullptr;
            std::string name = lower_ascii(raw(t));
            if (is_word(t, "begin")) slot = &sb->begin_block;
            else if (is_word(t, "process")) slot = &sb->process_block;
            else if (is_word(t, "end")) slot = &sb->end_block;
            else if (is_word(t, "dynamicparam")) slot = &sb->dynamicparam_block;
            if (!slot) {
                report(t.begin, t.end, "MissingNamedBlocks",
                       "unexpected token '" + std::string(raw(t)) + "', expected 'begin', 'process', 'end', or 'dynamicparam'.");
                recover(closer);
                if (mark().offset == t.begin) take(LexMode::command);
                continue;
            }
            take(LexMode::command);
            BlockPtr block = expect_block("MissingNamedStatementBlock", "Missing statement block after '" + name + "'.");
            if (!block) {
                recover(closer);
                continue;
            }
            if (*slot) report(t.begin, t.end, "DuplicateScriptCommandClause", "Script command clause '" + name + "' has already been defined.");
            *slot = std::move(block);
        }
        return done(std::move(sb));
    }

    // [CmdletBinding()] param( ... ) at the start of a script or block (spec 8.10.9).
    std::unique_ptr<ParamBlock> try_param_block() {
        Mark m = mark();
        std::size_t errors_before = errors_.size();
        std::vector<AttributePtr> attributes;
        std::uint32_t start = peek(LexMode::command).begin;
        while (peek(LexMode::expression).kind == TokenKind::lbracket) {
            auto a = parse_attribute();
            if (!a) break;
            attributes.push_back(std::move(a));
            skip_newlines();
        }
        const Token& t = peek(LexMode::command);
        if (!is_word(t, "param")) {
            rewind(m);
            errors_.resize(errors_before);
            return nullptr;
        }
        take(LexMode::command);
        auto block = make<ParamBlock>(start);
        block->attributes = std::move(attributes);
        if (!next_is(TokenKind::lparen, LexMode::expression)) {
            missing("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'param'.");
            return done(std::move(block));
        }
        take(LexMode::expression);
        if (!parse_parameter_list(block->parameters)) skip_to_close_paren();
        return done(std::move(block));
    }

    void skip_to_close_paren() {
        int depth = 0;
        for (;;) {
            const Token& t = peek(LexMode::command);
            if (t.kind == TokenKind::end_of_input) return;
            if (t.kind == TokenKind::lparen || t.kind == TokenKind::at_paren || t.kind == TokenKind::dollar_paren) ++depth;
            if (t.kind == TokenKind::rparen) {
                if (depth == 0) {
                    take(LexMode::command);
                    return;
                }
                --depth;
            }
            take(LexMode::command);
        }
    }

    // ( [attributes] $name = default, ... ) after the '(' (spec 8.10.2, 12.3). Takes the ')'.
    bool parse_parameter_list(std::vector<ParameterPtr>& out) {
        skip_newlines();
        if (peek(LexMode::expression).kind == TokenKind::rparen) {
            take(LexMode::expression);
            return true;
        }
        for (;;) {
            skip_newlines();
            auto p = make<ParameterAst>(peek(LexMode::expression).begin);
            while (peek(LexMode::expression).kind == TokenKind::lbracket) {
                auto a = parse_attribute();
                if (!a) return false;
                p->attributes.push_back(std::move(a));
                skip_newlines();
            }
            const Token& v = peek(LexMode::expression);
            if (v.kind != TokenKind::variable) {
                if (v.kind == TokenKind::error) return false;
                report(v.begin, v.end, "InvalidFunctionParameter",
                       "Parameter declarations are a comma-separated list of variable names with optional initializer expressions.");
                return false;
            }
            p->variable = variable_node(take(LexMode::expression));
            for (auto& other : out)
                if (lower_ascii(other->variable->name) == lower_ascii(p->variable->name))
                    report(p->variable->pos.offset, p->variable->end, "DuplicateFormalParameter",
                           "Duplicate parameter $" + p->variable->name + " in parameter list.");
            skip_newlines();
            if (peek(LexMode::expression).kind == TokenKind::equals) {
                take(LexMode::expression);
                skip_newlines();
                std::size_t errors_before = errors_.size();
                NoComma nc(*this);  // the comma separates parameters (spec 8.10.2)
                p->default_value = parse_expression();
                if (!p->default_value) {
                    if (errors_.size() == errors_before) missing("MissingExpressionAfterToken", "Missing expression after '='.");
                    return false;
                }
            }
            out.push_back(done(std::move(p)));
            ListStep step = after_list_item("MissingEndParenthesisInFunctionParameterList", "Missing ')' in function parameter list.");
            if (step == ListStep::next) continue;
            return step == ListStep::end;
        }
    }

    // [Name(args)] or [type] (spec 12.3 attribute, 7.1.10 type-literal). The current token is '['.
    AttributePtr parse_attribute() {
        Token open = take(LexMode::expression);
        auto a = make<AttributeAst>(open.begin);
        auto type = parse_type_name();
        if (!type) return nullptr;
        a->type = std::move(*type);
        if (peek(LexMode::expression).kind == TokenKind::lparen) {
            take(LexMode::expression);
            if (!parse_attribute_arguments(*a)) return nullptr;
        } else {
            a->is_type_constraint = true;
        }
        if (peek(LexMode::expression).kind != TokenKind::rbracket) {
            missing("EndSquareBracketExpectedAtEndOfAttribute", "Missing ] at end of attribute or type literal.");
            return nullptr;
        }
        take(LexMode::expression);
        return done(std::move(a));
    }

    bool parse_attribute_arguments(AttributeAst& a) {
        skip_newlines();
        if (peek(LexMode::expression).kind == TokenKind::rparen) {
            take(LexMode::expression);
            return true;
        }
        for (;;) {
            skip_newlines();
            Mark m = mark();
            const Token& name = peek(LexMode::member);
            bool named = false;
            if (name.kind == TokenKind::generic) {
                Token n = take(LexMode::member);
                skip_newlines();
                auto k = peek(LexMode::expression).kind;
                if (k == TokenKind::equals) {
                    take(LexMode::expression);
                    skip_newlines();
                    NoComma nc(*this);
                    auto value = parse_expression();
                    if (!value) {
                        missing("MissingExpressionInNamedArgument", "Missing statement after '=' in named argument.");
                        return false;
                    }
                    a.named.push_back({n.value, std::move(value)});
                    named = true;
                } else if (k == TokenKind::comma || k == TokenKind::rparen || k == TokenKind::rbracket ||
                           k == TokenKind::newline) {
                    a.named.push_back({n.value, nullptr});  // [Parameter(Mandatory)]: a flag
                    named = true;
                } else {
                    rewind(m);
                }
            }
            if (!named) {
                NoComma nc(*this);
                auto value = parse_expression();
                if (!value) {
                    missing("MissingArgument", "Missing argument in parameter list.");
                    return false;
                }
                a.positional.push_back(std::move(value));
            }
            ListStep step = after_list_item("MissingEndParenthesisInExpression", "Missing closing ')' in expression.");
            if (step == ListStep::next) continue;
            return step == ListStep::end;
        }
    }

    // A type name after '[' (spec 7.1.10): dotted name, generic arguments, array ranks. Does not
    // take the closing ']' of the literal.
    std::optional<TypeName> parse_type_name() {
        const Token& t = peek(LexMode::type_name);
        if (t.kind != TokenKind::generic) {
            missing("MissingTypename", "Missing type name after '['.");
            return std::nullopt;
        }
        TypeName type;
        type.name = take(LexMode::type_name).value;
        while (peek(LexMode::expression).kind == TokenKind::lbracket && !tok_.space_before) {
            Mark m = mark();
            Token open = take(LexMode::expression);
            const Token& n = peek(LexMode::expression);
            if (n.kind == TokenKind::rbracket || n.kind == TokenKind::comma) {
                int rank = 1;
                while (peek(LexMode::expression).kind == TokenKind::comma) {
                    take(LexMode::expression);
                    ++rank;
                }
                if (peek(LexMode::expression).kind != TokenKind::rbracket) {
                    missing("EndSquareBracketExpectedAtEndOfType", "Missing ] at end of type token.");
                    return std::nullopt;
                }
                take(LexMode::expression);
                type.array_ranks.push_back(rank);
                continue;
            }
            if (!type.array_ranks.empty()) {
                rewind(m);
                break;
            }
            Nest nest(*this, open.begin);
            for (;;) {
                bool bracketed = peek(LexMode::expression).kind == TokenKind::lbracket;
                if (bracketed) take(LexMode::expression);
                auto arg = parse_type_name();
                if (!arg) return std::nullopt;
                if (bracketed) {
                    if (peek(LexMode::expression).kind != TokenKind::rbracket) {
                        missing("EndSquareBracketExpectedAtEndOfType", "Missing ] at end of type token.");
                        return std::nullopt;
                    }
                    take(LexMode::expression);
                }
                type.generic_args.push_back(std::move(*arg));
                if (peek(LexMode::expression).kind == TokenKind::comma) {
                    take(LexMode::expression);
                    continue;
                }
                if (peek(LexMode::expression).kind == TokenKind::rbracket) {
                    take(LexMode::expression);
                    break;
                }
                missing("EndSquareBracketExpectedAtEndOfType", "Missing ] at end of type token.");
                return std::nullopt;
            }
        }
        return type;
    }

    // '[' type ']' as a literal (catch, trap, casts). The current token is '['.
    std::optional<TypeName> parse_type_literal() {
        take(LexMode::expression);
        auto type = parse_type_name();
        if (!type) return std::nullopt;
        if (peek(LexMode::expression).kind != TokenKind::rbracket) {
            missing("EndSquareBracketExpectedAtEndOfAttribute", "Missing ] at end of attribute or type literal.");
            return std::nullopt;
        }
        take(LexMode::expression);
        return type;
    }

    // ---- statements ----

    StmtPtr parse_statement() {
        const Token& t = peek(LexMode::command);
        std::string label;
        std::uint32_t label_at = t.begin;
        if (t.kind == TokenKind::generic && t.parts.empty() && raw(t).size() > 1 && raw(t)[0] == ':') {
            // :label before a loop or switch (spec 8.4.1)
            label = std::string(raw(t).substr(1));
            take(LexMode::command);
            skip_newlines();
            const Token& loop = peek(LexMode::command);
            if (!(is_word(loop, "foreach") || is_word(loop, "for") || is_word(loop, "while") || is_word(loop, "do") ||
                  is_word(loop, "switch"))) {
                report(label_at, label_at + static_cast<std::uint32_t>(label.size()) + 1, "UnexpectedToken",
                       "Unexpected token ':" + label + "' in expression or statement.");
                return nullptr;
            }
        }
        const Token& k = peek(LexMode::command);
        if (k.kind == TokenKind::generic && k.parts.empty()) {
            std::string word_text = lower_ascii(raw(k));
            std::string_view word = word_text;  // compared as a view: no literal measured first
            std::uint32_t at = k.begin;
            if (word == "if") return parse_if();
            if (word == "foreach") return set_label(parse_foreach(), label, label_at);
            if (word == "for") return set_label(parse_for(), label, label_at);
            if (word == "while") return set_label(parse_while(), label, label_at);
            if (word == "do") return set_label(parse_do(), label, label_at);
            if (word == "switch") return set_label(parse_switch(), label, label_at);
            if (word == "function" || word == "filter") return parse_function(word == "filter");
            if (word == "try") return parse_try();
            if (word == "trap") return parse_trap();
            if (word == "break") return parse_flow(FlowControl::Kind::break_);
            if (word == "continue") return parse_flow(FlowControl::Kind::continue_);
            if (word == "return") return parse_flow(FlowControl::Kind::return_);
            if (word == "exit") return parse_flow(FlowControl::Kind::exit);
            if (word == "throw") return parse_flow(FlowControl::Kind::throw_);
            if (word == "else" || word == "elseif" || word == "catch" || word == "finally" || word == "until") {
                report(at, k.end, "UnexpectedToken", "Unexpected token '" + std::string(raw(k)) + "' in expression or statement.");
                take(LexMode::command);
                return nullptr;
            }
            if (word == "from" || word == "define" || word == "var") {
                report(at, k.end, "ReservedKeywordNotAllowed", "The '" + word_text + "' keyword is not supported in this version of the language.");
                take(LexMode::command);
                return nullptr;
            }
            // Constructs of the language this front end does not know yet: named, so a script
            // that uses one is refused with its line rather than misread.
            if (word == "class" || word == "enum" || word == "using" || word == "data" || word == "workflow" ||
                word == "configuration") {
                report(at, k.end, "UnsupportedConstruct",
                       "The '" + word_text + "' statement is not supported by this PowerShell engine.");
                take(LexMode::command);
                return nullptr;
            }
        }
        return parse_pipeline(true);
    }

    // A labelled loop starts at its label.
    StmtPtr set_label(StmtPtr s, const std::string& label, std::uint32_t at) {
        if (!s || label.empty()) return s;
        s->pos = where(at);
        switch (s->kind) {
        case NodeKind::foreach_statement: static_cast<ForEachStatement&>(*s).label = label; break;
        case NodeKind::for_statement: static_cast<ForStatement&>(*s).label = label; break;
        case NodeKind::while_statement: static_cast<WhileStatement&>(*s).label = label; break;
        case NodeKind::do_statement: static_cast<DoStatement&>(*s).label = label; break;
        case NodeKind::switch_statement: static_cast<SwitchStatement&>(*s).label = label; break;
        default: break;
        }
        return s;
    }

    // ( pipeline ) after a keyword: the '(' must come next. Reports with the given ids.
    StmtPtr parse_condition(const std::string& keyword, const char* missing_open_id, const std::string& missing_open,
                            const char* missing_cond_id, const std::string& missing_cond) {
        if (!next_is(TokenKind::lparen, LexMode::expression)) {
            missing(missing_open_id, missing_open);
            return nullptr;
        }
        Token open = take(LexMode::expression);
        Nest nest(*this, open.begin);
        skip_newlines();
        std::size_t errors_before = errors_.size();
        if (peek(LexMode::command).kind == TokenKind::rparen) {
            missing(missing_cond_id, missing_cond);
            return nullptr;
        }
        StmtPtr cond = parse_pipeline(true);
        if (!cond) {
            if (errors_.size() == errors_before) missing(missing_cond_id, missing_cond);
            return nullptr;
        }
        if (!next_is(TokenKind::rparen, LexMode::expression)) {
            missing("MissingEndParenthesisAfterStatement", "Missing closing ')' after expression in '" + keyword + "' statement.");
            return nullptr;
        }
        take(LexMode::expression);
        return cond;
    }

    // if (c) { } elseif (c) { } else { } (spec 8.3)
    StmtPtr parse_if() {
        Token kw = take(LexMode::command);
        auto s = make<IfStatement>(kw.begin);
        std::string keyword = lower_ascii(raw(kw));
        for (;;) {
            StmtPtr cond = parse_condition(keyword, "MissingOpenParenthesisInIfStatement",
                                           "Missing '(' after '" + keyword + "' in if statement.", "IfStatementMissingCondition",
                                           "Missing condition in if statement after '" + keyword + " ('.");
            if (!cond) return nullptr;
            BlockPtr body = expect_block("MissingStatementBlock", "Missing statement block after " + keyword + " ( condition ).");
            if (!body) return nullptr;
            s->clauses.push_back({std::move(cond), std::move(body)});
            Mark m = mark();
            skip_newlines();
            const Token& next = peek(LexMode::command);
            if (is_word(next, "elseif")) {
                keyword = "elseif";
                take(LexMode::command);
                continue;
            }
            if (is_word(next, "else")) {
                take(LexMode::command);
                s->else_body = expect_block("MissingStatementBlockAfterElse", "Missing statement block after 'else' keyword.");
                if (!s->else_body) return nullptr;
                break;
            }
            rewind(m);
            break;
        }
        return done(std::move(s));
    }

    // foreach ($x in pipeline) { } (spec 8.4.4)
    StmtPtr parse_foreach() {
        Token kw = take(LexMode::command);
        auto s = make<ForEachStatement>(kw.begin);
        const char* form = "\nThe correct form is: foreach ($a in $b) {...}";
        while (peek(LexMode::command).kind == TokenKind::parameter) {
            Token flag = take(LexMode::command);
            report(flag.begin, flag.end, "InvalidForeachFlag", "The parameter -" + flag.value + " is not valid for the foreach statement.");
        }
        if (!next_is(TokenKind::lparen, LexMode::expression)) {
            missing("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'foreach'.");
            return nullptr;
        }
        Token open = take(LexMode::expression);
        Nest nest(*this, open.begin);
        if (!next_is(TokenKind::variable, LexMode::expression)) {
            missing("MissingVariableNameAfterForeach", std::string("Missing variable name after foreach.") + form);
            return nullptr;
        }
        s->variable = variable_node(take(LexMode::expression));
        skip_newlines();
        if (!is_word(peek(LexMode::command), "in")) {
            missing("MissingInInForeach", std::string("Missing 'in' after variable in foreach loop.") + form);
            return nullptr;
        }
        take(LexMode::command);
        skip_newlines();
        std::size_t errors_before = errors_.size();
        s->iterable = parse_pipeline(true);
        if (!s->iterable) {
            if (errors_.size() == errors_before) missing("MissingForeachExpression", std::string("Missing expression in foreach loop.") + form);
            return nullptr;
        }
        if (!next_is(TokenKind::rparen, LexMode::expression)) {
            missing("MissingEndParenthesisAfterForeach", std::string("Missing closing ')' after expression part of foreach loop.") + form);
            return nullptr;
        }
        take(LexMode::expression);
        s->body = expect_block("MissingForeachStatement", std::string("Missing statement body in foreach loop.") + form);
        if (!s->body) return nullptr;
        return done(std::move(s));
    }

    // for (init; condition; iterator) { } (spec 8.4.3); the parts are separated by ';' or newlines.
    StmtPtr parse_for() {
        Token kw = take(LexMode::command);
        auto s = make<ForStatement>(kw.begin);
        if (!next_is(TokenKind::lparen, LexMode::expression)) {
            missing("MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'for'.");
            return nullptr;
        }
        Token open = take(LexMode::expression);
        Nest nest(*this, open.begin);
        StmtPtr* parts[3] = {&s->initializer, &s->condition, &s->iterator};
        for (int i = 0; i < 3; ++i) {
            bool separated = false;
            for (;;) {
                auto k = peek(LexMode::command).kind;
                if (k == TokenKind::newline) {
                    take(LexMode::command);
                    separated = true;
                } else if (k == TokenKind::semicolon && i > 0 && !separated) {
                    take(LexMode::command);
                    separated = true;
                } else {
                    break;
                }
            }
            auto k = peek(LexMode::command).kind;
            if (k == TokenKind::rparen) break;
            if (k == TokenKind::semicolon) continue;
            std::size_t errors_before = errors_.size();
            *parts[i] = parse_pipeline(true);
            if (!*parts[i]) {
                if (errors_.size() == errors_before) unexpected(peek(LexMode::command));
                return nullptr;
            }
        }
        if (!next_is(TokenKind::rparen, LexMode::expression)) {
            missing("MissingEndParenthesisAfterStatement", "Missing closing ')' after expression in 'for' statement.");
            return nullptr;
        }
        take(LexMode::expression);
        s->body = expect_block("MissingLoopStatement", "Missing statement body in for loop.");
        if (!s->body) return nullptr;
        return done(std::move(s));
    }

    StmtPtr parse_while() {
        Token kw = take(LexMode::command);
        auto s = make<WhileStatement>(kw.begin);
        s->condition = parse_condition("while", "MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword 'while'.",
                                       "MissingExpressionAfterKeyword", "Missing expression after 'while' in loop.");
        if (!s->condition) return nullptr;
        s->body = expect_block("MissingLoopStatement", "Missing statement body in while loop.");
        if (!s->body) return nullptr;
        return done(std::move(s));
    }

    // do { } while (c) and do { } until (c) (spec 8.4.2)
    StmtPtr parse_do() {
        Token kw = take(LexMode::command);
        auto s = make<DoStatement>(kw.begin);
        s->body = expect_block("MissingLoopStatement", "Missing statement body in do loop.");
        if (!s->body) return nullptr;
        skip_newlines();
        const Token& w = peek(LexMode::command);
        if (is_word(w, "until")) s->until = true;
        else if (!is_word(w, "while")) {
            missing("MissingWhileOrUntilInDoWhile", "Missing while or until keyword in do loop.");
            return nullptr;
        }
        std::string keyword = s->until ? "until" : "while";
        take(LexMode::command);
        s->condition = parse_condition(keyword, "MissingOpenParenthesisAfterKeyword", "Missing opening '(' after keyword '" + keyword + "'.",
                                       "MissingExpressionAfterKeyword", "Missing expression after '" + keyword + "' in loop.");
        if (!s->condition) return nullptr;
        return done(std::move(s));
    }

    // switch [-regex|-wildcard|-exact] [-casesensitive] [-file f] (value) { clauses } (spec 8.6)
    StmtPtr parse_switch() {
        Token kw = take(LexMode::command);
        auto s = make<SwitchStatement>(kw.begin);
        while (peek(LexMode::command).kind == TokenKind::parameter) {
            Token flag = take(LexMode::command);
            std::string f = lower_ascii(flag.value);
            if (f == "regex") s->regex = true;
            else if (f == "wildcard") s->wildcard = true;
            else if (f == "exact") s->exact = true;
            else if (f == "casesensitive") s->case_sensitive = true;
            else if (f == "parallel") s->parallel = true;
            else if (f == "file") {
                s->file = parse_command_argument();
                if (!s->file) {
                    missing("MissingFilenameOption",
                            "Cannot process the 'switch' statement because of a missing file name argument to the -file option.");
                    return nullptr;
                }
            } else {
                report(flag.begin, flag.end, "InvalidSwitchFlag", "The parameter -" + flag.value + " is not valid for the switch statement.");
            }
        }
        if (!s->file) {
            s->condition = parse_condition("switch", "PipelineValueRequired",
                                           "A switch statement must have one of the following:  '-file file_name' or '( expression )'.",
                                           "MissingSwitchValueExpression", "Missing expression after '(' in switch statement.");
            if (!s->condition) return nullptr;
        }
        if (!next_is(TokenKind::lcurly, LexMode::command)) {
            missing("MissingCurlyBraceInSwitchStatement", "Missing '{' in switch statement.");
            return nullptr;
        }
        Token open = take(LexMode::command);
        Nest nest(*this, open.begin);
        for (;;) {
            skip_separators();
            const Token& t = peek(LexMode::command);
            if (t.kind == TokenKind::rcurly) {
                take(LexMode::command);
                break;
            }
            if (t.kind == TokenKind::end_of_input) {
                report(open.begin, open.end, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
                return nullptr;
            }
            bool is_default = is_word(t, "default");
            std::uint32_t at = t.begin;
            ExprPtr cond;
            if (is_default) {
                take(LexMode::command);
            } else {
                std::size_t errors_before = errors_.size();
                cond = parse_command_primary();
                if (!cond) {
                    if (errors_.size() == errors_before)
                        report(t.begin, t.end, "MissingSwitchConditionExpression", "Missing condition in switch statement clause.");
                    return nullptr;
                }
            }
            BlockPtr body = expect_block("MissingSwitchStatementClause", "Missing statement block in switch statement clause.");
            if (!body) return nullptr;
            if (is_default) {
                if (s->default_body)
                    report(at, at + 7, "MultipleSwitchDefaultClauses", "A switch statement can have only one default clause.");
                s->default_body = std::move(body);
            } else {
                s->clauses.push_back({std::move(cond), std::move(body)});
            }
        }
        return done(std::move(s));
    }

    // function name [(params)] { body } and filter (spec 8.10)
    StmtPtr parse_function(bool filter) {
        Token kw = take(LexMode::command);
        auto f = make<FunctionDefinition>(kw.begin);
        f->is_filter = filter;
        const Token& name = peek(LexMode::command);
        if (name.kind != TokenKind::generic && name.kind != TokenKind::string_verbatim && name.kind != TokenKind::number) {
            missing("MissingNameAfterKeyword", std::string("Missing name after ") + (filter ? "filter" : "function") + " keyword.");
            return nullptr;
        }
        f->name = take(LexMode::command).value;
        skip_newlines();
        bool has_list = false;
        if (peek(LexMode::expression).kind == TokenKind::lparen) {
            take(LexMode::expression);
            has_list = true;
            if (!parse_parameter_list(f->parameters)) return nullptr;
            skip_newlines();
        }
        if (peek(LexMode::command).kind != TokenKind::lcurly) {
            missing("MissingFunctionBody", "Missing function body in function declaration.");
            return nullptr;
        }
        Token open = take(LexMode::command);
        f->body = parse_script_block_body(TokenKind::rcurly, open.begin);
        if (peek(LexMode::command).kind != TokenKind::rcurly) {
            report(open.begin, open.end, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
            return nullptr;
        }
        take(LexMode::command);
        f->body->end = last_end_;
        if (has_list && f->body->param_block)
            report(f->body->param_block->pos.offset, f->body->param_block->pos.offset + 5, "OnlyOneParameterListAllowed",
                   "The param statement cannot be used if arguments were specified in the function declaration.");
        return done(std::move(f));
    }

    // try { } catch [T1], [T2] { } catch { } finally { } (spec 8.7)
    StmtPtr parse_try() {
        Token kw = take(LexMode::command);
        auto s = make<TryStatement>(kw.begin);
        s->body = expect_block("MissingTryStatementBlock", "The Try statement is missing its statement block.");
        if (!s->body) return nullptr;
        bool catch_all_seen = false;
        for (;;) {
            Mark m = mark();
            skip_newlines();
            const Token& t = peek(LexMode::command);
            if (is_word(t, "catch")) {
                Token c = take(LexMode::command);
                TryStatement::Catch clause;
                clause.pos = where(c.begin);
                skip_newlines();
                while (peek(LexMode::expression).kind == TokenKind::lbracket) {
                    auto type = parse_type_literal();
                    if (!type) return nullptr;
                    clause.types.push_back(std::move(*type));
                    if (!next_is(TokenKind::comma, LexMode::expression)) break;
                    take(LexMode::expression);
                    skip_newlines();
                }
                if (catch_all_seen) report(c.begin, c.end, "EmptyCatchNotLast", "Catch block must be the last catch block.");
                if (clause.types.empty()) catch_all_seen = true;
                clause.body = expect_block("MissingCatchHandlerBlock", "The Catch block is missing its statement block.");
                if (!clause.body) return nullptr;
                s->catches.push_back(std::move(clause));
                continue;
            }
            if (is_word(t, "finally")) {
                take(LexMode::command);
                s->finally_body = expect_block("MissingFinallyStatementBlock", "The Finally block is missing its statement block.");
                if (!s->finally_body) return nullptr;
                break;
            }
            rewind(m);
            break;
        }
        if (s->catches.empty() && !s->finally_body) {
            missing("MissingCatchOrFinally", "The Try statement is missing its Catch or Finally block.");
            return nullptr;
        }
        return done(std::move(s));
    }

    // trap [type] { } (spec 8.8)
    StmtPtr parse_trap() {
        Token kw = take(LexMode::command);
        auto s = make<TrapStatement>(kw.begin);
        skip_newlines();
        if (peek(LexMode::expression).kind == TokenKind::lbracket) {
            auto type = parse_type_literal();
            if (!type) return nullptr;
            s->has_type = true;
            s->type = std::move(*type);
        }
        s->body = expect_block("MissingTrapStatement", "The 'trap' statement was incomplete. A trap statement requires a body.");
        if (!s->body) return nullptr;
        return done(std::move(s));
    }

    // break/continue [label], return/exit/throw [pipeline] (spec 8.5)
    StmtPtr parse_flow(FlowControl::Kind kind) {
        Token kw = take(LexMode::command);
        auto s = make<FlowControl>(kw.begin);
        s->flow = kind;
        auto k = peek(LexMode::command).kind;
        if (ends_statement(k) || k == TokenKind::pipe) return done(std::move(s));
        if (kind == FlowControl::Kind::break_ || kind == FlowControl::Kind::continue_) {
            s->label = parse_command_primary();
            if (!s->label) return nullptr;
        } else {
            s->pipeline = parse_pipeline(true);
            if (!s->pipeline) return nullptr;
        }
        return done(std::move(s));
    }

    // ---- pipelines ----

    // Whether the token the lexer made in argument mode starts a command (about_Parsing: a
    // statement that starts with a word is a command, one that starts with a variable, a
    // number, a quote, a bracket or an operator is an expression).
    bool starts_command(const Token& t) {
        switch (t.kind) {
        case TokenKind::ampersand:
        case TokenKind::dot: return true;
        case TokenKind::generic: break;
        default: return false;
        }
        std::string_view r = raw(t);
        char c = r.empty() ? '\0' : r[0];
        // "$i++", "\"a\"b" and "[int]$x" came out as words in argument mode; at the start of a
        // statement they are expressions.
        if (c == '[' || c == '!' || c == '+' || c == '-' || c == '$' || c == '@' || c == '\'' || c == '"' ||
            r.substr(0, 2) == "\xE2\x80")
            return false;
        if ((c >= '0' && c <= '9') || (c == '.' && r.size() > 1 && r[1] >= '0' && r[1] <= '9')) {
            // "1..10" and "5 + 1" start expressions; "7zip.exe" is a command.
            Mark m = mark();
            bool number = peek(LexMode::expression).kind == TokenKind::number;
            rewind(m);
            return !number;
        }
        return true;
    }

    // pipeline: command | command ... or expression | command ..., or an assignment (spec 8.2).
    StmtPtr parse_pipeline(bool allow_assignment) {
        const Token& first = peek(LexMode::command);
        auto p = make<Pipeline>(first.begin);
        if (starts_command(first)) {
            auto cmd = parse_command();
            if (!cmd) return nullptr;
            p->elements.push_back(std::move(cmd));
        } else {
            std::uint32_t at = peek(LexMode::expression).begin;
            std::size_t errors_before = errors_.size();
            auto expr = parse_expression();
            if (!expr) {
                const Token& t = peek(LexMode::expression);
                if (errors_.size() == errors_before && !ends_statement(t.kind) && t.kind != TokenKind::pipe) unexpected(t);
                return nullptr;
            }
            const Token& t = peek(LexMode::expression);
            if (is_assignment(t.kind)) {
                if (!allow_assignment) {
                    unexpected(t);
                    return nullptr;
                }
                return parse_assignment(std::move(expr), at);
            }
            auto ce = make<CommandExpression>(at);
            ce->expression = std::move(expr);
            while (peek(LexMode::expression).kind == TokenKind::redirection) {
                auto r = parse_redirection(ce->redirections);
                if (!r) return nullptr;
                ce->redirections.push_back(std::move(r));
            }
            p->elements.push_back(done(std::move(ce)));
        }
        while (peek(LexMode::command).kind == TokenKind::pipe) {
            Token bar = take(LexMode::command);
            skip_newlines();
            const Token& t = peek(LexMode::command);
            if (ends_statement(t.kind) || t.kind == TokenKind::pipe) {
                report(bar.end, bar.end, "EmptyPipeElement", "An empty pipe element is not allowed.");
                return nullptr;
            }
            if (!starts_command(t)) {
                Token e = peek(LexMode::expression);
                report(e.begin, e.end, "ExpressionsMustBeFirstInPipeline", "Expressions are only allowed as the first element of a pipeline.");
                return nullptr;
            }
            auto cmd = parse_command();
            if (!cmd) return nullptr;
            p->elements.push_back(std::move(cmd));
        }
        return done(std::move(p));
    }

    static bool assignable(const Expr& e) {
        switch (e.kind) {
        case NodeKind::variable: return !static_cast<const VariableExpr&>(e).splatted;
        case NodeKind::member:
        case NodeKind::index: return true;
        case NodeKind::convert: return assignable(*static_cast<const ConvertExpr&>(e).operand);
        case NodeKind::array_literal:
            for (auto& el : static_cast<const ArrayLiteralExpr&>(e).elements)
                if (!assignable(*el)) return false;
            return true;
        case NodeKind::paren_expression: {
            auto& p = static_cast<const ParenExpr&>(e);
            if (p.pipeline && p.pipeline->kind == NodeKind::pipeline) {
                auto& pl = static_cast<const Pipeline&>(*p.pipeline);
                if (pl.elements.size() == 1 && pl.elements[0]->kind == NodeKind::command_expression)
                    return assignable(*static_cast<const CommandExpression&>(*pl.elements[0]).expression);
            }
            return false;
        }
        default: return false;
        }
    }

    // target = statement (spec 7.11): the value is a statement ("$x = if (...) {...}").
    StmtPtr parse_assignment(ExprPtr target, std::uint32_t at) {
        Token op = take(LexMode::expression);
        Nest nest(*this, op.begin);
        if (!assignable(*target))
            report(target->pos.offset, target->end, "InvalidLeftHandSide",
                   "The assignment expression is not valid. The input to an assignment operator must be an object that is "
                   "able to accept assignments, such as a variable or a property.");
        auto a = make<Assignment>(at);
        a->target = std::move(target);
        a->op = assignment_text(op.kind);
        skip_newlines();
        std::size_t errors_before = errors_.size();
        const Token& t = peek(LexMode::command);
        if (ends_statement(t.kind) || t.kind == TokenKind::pipe) {
            report(op.end, op.end, "ExpectedValueExpression", "You must provide a value expression following the '" + a->op + "' operator.");
            return nullptr;
        }
        a->value = parse_statement();
        if (!a->value) {
            if (errors_.size() == errors_before) unexpected(peek(LexMode::command));
            return nullptr;
        }
        return done(std::move(a));
    }

    // > file, >> file, N> file, N>&1 (spec 7.12)
    RedirectionPtr parse_redirection(const std::vector<RedirectionPtr>& existing) {
        Token t = take(LexMode::command);
        auto r = make<Redirection>(t.begin);
        std::string_view s = raw(t);
        std::size_t i = 0;
        if (s[0] == '*' || (s[0] >= '1' && s[0] <= '6')) r->from = s[i++];
        ++i;  // '>'
        if (i < s.size() && s[i] == '>') r->append = true;
        else if (i + 1 < s.size() && s[i] == '&') r->merge_to = s[i + 1];
        for (auto& other : existing)
            if (other->from == r->from || other->from == '*' || r->from == '*') {
                static const char* names[] = {"output stream", "error stream", "warning stream", "verbose stream", "debug stream", "host stream"};
                std::string stream = r->from == '*' ? "* stream" : names[r->from - '1'];
                report(t.begin, t.end, "StreamAlreadyRedirected", "The " + stream + " for this command is already redirected.");
                break;
            }
        if (!r->merge_to) {
            const Token& f = peek(LexMode::command);
            if (ends_statement(f.kind) || f.kind == TokenKind::pipe || f.kind == TokenKind::redirection) {
                report(t.end, t.end, "MissingFileSpecification", "Missing file specification after redirection operator.");
                return nullptr;
            }
            r->target = parse_command_argument();
            if (!r->target) return nullptr;
        }
        return done(std::move(r));
    }

    // name arguments... or & expr arguments... or . expr arguments... (spec 8.2.1 and 8.2.2)
    NodePtr parse_command() {
        const Token& first = peek(LexMode::command);
        auto cmd = make<CommandAst>(first.begin);
        if (first.kind == TokenKind::ampersand || first.kind == TokenKind::dot) {
            Token op = take(LexMode::command);
            cmd->invocation = op.kind == TokenKind::ampersand ? CommandAst::Invocation::call : CommandAst::Invocation::dot;
            const Token& t = peek(LexMode::command);
            if (ends_statement(t.kind) || t.kind == TokenKind::pipe) {
                report(op.end, op.end, "MissingExpression",
                       std::string("Missing expression after '") + (op.kind == TokenKind::ampersand ? "&" : ".") + "' in pipeline element.");
                return nullptr;
            }
            auto name = parse_command_primary();
            if (!name) return nullptr;
            cmd->elements.push_back(std::move(name));
        } else {
            cmd->elements.push_back(bare_word(take(LexMode::command)));
        }
        for (;;) {
            const Token& t = peek(LexMode::command);
            switch (t.kind) {
            case TokenKind::newline:
            case TokenKind::semicolon:
            case TokenKind::end_of_input:
            case TokenKind::pipe:
            case TokenKind::rparen:
            case TokenKind::rcurly: return done(std::move(cmd));
            case TokenKind::parameter: {
                Token pt = take(LexMode::command);
                auto param = make<CommandParameter>(pt.begin);
                param->name = pt.value;
                param->colon = pt.colon;
                if (pt.colon) {
                    const Token& a = peek(LexMode::command);
                    if (ends_statement(a.kind) || a.kind == TokenKind::pipe) {
                        report(pt.begin, pt.end, "ParameterRequiresArgument", "Parameter -" + pt.value + " requires an argument.");
                        return nullptr;
                    }
                    param->argument = parse_command_argument();
                    if (!param->argument) return nullptr;
                }
                cmd->elements.push_back(done(std::move(param)));
                break;
            }
            case TokenKind::redirection: {
                auto r = parse_redirection(cmd->redirections);
                if (!r) return nullptr;
                cmd->redirections.push_back(std::move(r));
                break;
            }
            case TokenKind::stop_parsing: {
                take(LexMode::command);
                Token rest = lex_.rest_of_line();
                while (!rest.value.empty() && (rest.value[0] == ' ' || rest.value[0] == '\t')) {
                    rest.value.erase(0, 1);  // the separating space is not part of the arguments
                    ++rest.begin;
                }
                last_end_ = rest.end;
                auto s = make<StringConstantExpr>(rest.begin);
                s->value = rest.value;
                s->quote = StringQuote::bare;
                cmd->stop_parsing = true;
                cmd->elements.push_back(done(std::move(s)));
                break;
            }
            case TokenKind::ampersand: {
                report(t.begin, t.end, "AmpersandNotAllowed",
                       "The ampersand (&) character is not allowed. The & operator is reserved for future use; wrap an "
                       "ampersand in double quotation marks (\"&\") to pass it as part of a string.");
                return nullptr;
            }
            case TokenKind::error: return nullptr;
            case TokenKind::comma: {
                report(t.begin, t.end, "MissingArgument", "Missing argument in parameter list.");
                return nullptr;
            }
            default: {
                auto arg = parse_command_argument();
                if (!arg) return nullptr;
                cmd->elements.push_back(std::move(arg));
            }
            }
        }
    }

    // An argument: one primary, or a comma list of them ("-Services IIS,SMTP").
    ExprPtr parse_command_argument() {
        std::uint32_t at = peek(LexMode::command).begin;
        auto first = parse_command_primary();
        if (!first) return nullptr;
        if (peek(LexMode::command).kind != TokenKind::comma) return first;
        auto list = make<ArrayLiteralExpr>(at);
        list->elements.push_back(std::move(first));
        while (peek(LexMode::command).kind == TokenKind::comma) {
            Token comma = take(LexMode::command);
            skip_newlines();
            const Token& t = peek(LexMode::command);
            if (t.kind == TokenKind::splatted_variable) {
                report(t.begin, t.end, "SplattingNotPermittedInArgumentList",
                       "Splatted variables like '@" + t.value + "' cannot be part of a comma-separated list of arguments.");
                return nullptr;
            }
            auto next = parse_command_primary();
            if (!next) {
                report(comma.end, comma.end, "MissingExpressionAfterToken", "Missing expression after ','.");
                return nullptr;
            }
            list->elements.push_back(std::move(next));
        }
        return done(std::move(list));
    }

    // One argument in argument mode: a bare word, a number, a string, a variable, or a bracketed
    // expression, the last three with member accesses and indexes written without a space.
    ExprPtr parse_command_primary() {
        const Token& t = peek(LexMode::command);
        switch (t.kind) {
        case TokenKind::generic: return bare_word(take(LexMode::command));
        case TokenKind::number: return number_node(take(LexMode::command));
        case TokenKind::splatted_variable: {
            Token s = take(LexMode::command);
            auto v = make<VariableExpr>(s.begin);
            v->name = s.value;
            v->scope = s.scope;
            v->splatted = true;
            return done(std::move(v));
        }
        case TokenKind::string_verbatim:
        case TokenKind::string_expandable: return parse_postfix(string_node(take(LexMode::command)), true);
        case TokenKind::variable: return parse_postfix(variable_node(take(LexMode::command)), true);
        case TokenKind::lparen:
        case TokenKind::dollar_paren:
        case TokenKind::at_paren:
        case TokenKind::at_curly:
        case TokenKind::lcurly: {
            auto e = parse_primary();
            if (!e) return nullptr;
            return parse_postfix(std::move(e), true);
        }
        case TokenKind::error: take(LexMode::command); return nullptr;
        default: return nullptr;
        }
    }

    // ---- expressions ----

    // While set, a comma ends an expression (method and attribute arguments, spec 7.1.3).
    struct NoComma {
        Parser& p;
        bool saved;
        explicit NoComma(Parser& parser, bool value = true) : p(parser), saved(parser.no_comma_) { p.no_comma_ = value; }
        ~NoComma() { p.no_comma_ = saved; }
    };

    ExprPtr parse_expression() { return parse_binary(0); }

    ExprPtr parse_binary(int level) {
        if (level == k_levels) return parse_array_literal();
        std::uint32_t at = peek(LexMode::expression).begin;
        auto left = parse_binary(level + 1);
        if (!left) return nullptr;
        if (binary_level(peek(LexMode::expression)) != level) return left;
        auto chain = make<BinaryExpr>(at);
        chain->operands.push_back(std::move(left));
        while (binary_level(peek(LexMode::expression)) == level) {
            Token op = take(LexMode::expression);
            skip_newlines();
            std::size_t errors_before = errors_.size();
            auto right = parse_binary(level + 1);
            if (!right) {
                if (errors_.size() == errors_before) {
                    report(op.end, op.end, "ExpectedValueExpression",
                           "You must provide a value expression following the '" + std::string(raw(op)) + "' operator.");
                    const Token& next = peek(LexMode::expression);
                    if (!ends_statement(next.kind) && next.kind != TokenKind::pipe) unexpected(next);
                }
                return nullptr;
            }
            chain->ops.push_back({binary_text(op), where(op.begin)});
            chain->operands.push_back(std::move(right));
        }
        return done(std::move(chain));
    }

    ExprPtr parse_array_literal() {
        std::uint32_t at = peek(LexMode::expression).begin;
        auto first = parse_unary();
        if (!first || no_comma_ || peek(LexMode::expression).kind != TokenKind::comma) return first;
        auto list = make<ArrayLiteralExpr>(at);
        list->elements.push_back(std::move(first));
        while (peek(LexMode::expression).kind == TokenKind::comma) {
            Token comma = take(LexMode::expression);
            skip_newlines();
            std::size_t errors_before = errors_.size();
            auto next = parse_unary();
            if (!next) {
                if (errors_.size() == errors_before) report(comma.end, comma.end, "MissingExpressionAfterToken", "Missing expression after ','.");
                return nullptr;
            }
            list->elements.push_back(std::move(next));
        }
        return done(std::move(list));
    }

    // What may follow a [type] for it to be a cast rather than a type value (spec 7.2.9).
    bool starts_cast_operand(const Token& t) {
        switch (t.kind) {
        case TokenKind::variable:
        case TokenKind::number:
        case TokenKind::string_verbatim:
        case TokenKind::string_expandable:
        case TokenKind::lparen:
        case TokenKind::dollar_paren:
        case TokenKind::at_paren:
        case TokenKind::at_curly:
        case TokenKind::lbracket:
        case TokenKind::exclaim:
        case TokenKind::plus_plus:
        case TokenKind::minus_minus:
        case TokenKind::lcurly: return true;
        case TokenKind::minus:
        case TokenKind::plus: return !t.space_before;
        case TokenKind::dash_operator: return !t.space_before && (t.op == "-not" || t.op == "-bnot");
        default: return false;
        }
    }

    ExprPtr unary(const Token& op, std::string text) {
        Nest nest(*this, op.begin);
        skip_newlines();
        std::size_t errors_before = errors_.size();
        auto operand = parse_unary();
        if (!operand) {
            if (errors_.size() == errors_before)
                report(op.end, op.end, "MissingExpressionAfterOperator", "Missing expression after unary operator '" + std::string(raw(op)) + "'.");
            return nullptr;
        }
        auto u = make<UnaryExpr>(op.begin);
        u->op = std::move(text);
        u->operand = std::move(operand);
        return done(std::move(u));
    }

    // Unary operators and casts (spec 7.2), then a primary with its postfix operators.
    ExprPtr parse_unary() {
        const Token& t = peek(LexMode::expression);
        switch (t.kind) {
        case TokenKind::comma: { Token op = take(LexMode::expression); return unary(op, ","); }
        case TokenKind::exclaim: { Token op = take(LexMode::expression); return unary(op, "!"); }
        case TokenKind::minus: { Token op = take(LexMode::expression); return unary(op, "-"); }
        case TokenKind::plus: { Token op = take(LexMode::expression); return unary(op, "+"); }
        case TokenKind::plus_plus: { Token op = take(LexMode::expression); return unary(op, "++"); }
        case TokenKind::minus_minus: { Token op = take(LexMode::expression); return unary(op, "--"); }
        case TokenKind::dash_operator:
            if (t.op == "-not" || t.op == "-bnot" || t.op == "-split" || t.op == "-csplit" || t.op == "-isplit" || t.op == "-join") {
                Token op = take(LexMode::expression);
                return unary(op, op.op);
            }
            return nullptr;
        case TokenKind::lbracket: {
            std::uint32_t at = t.begin;
            auto type = parse_type_literal();
            if (!type) return nullptr;
            const Token& next = peek(LexMode::expression);
            if (starts_cast_operand(next)) {
                Nest nest(*this, at);
                std::size_t errors_before = errors_.size();
                auto operand = parse_unary();
                if (!operand) {
                    if (errors_.size() == errors_before) missing("MissingExpressionAfterToken", "Missing expression after '[" + type->text() + "]'.");
                    return nullptr;
                }
                auto c = make<ConvertExpr>(at);
                c->type = std::move(*type);
                c->operand = std::move(operand);
                return done(std::move(c));
            }
            auto te = make<TypeExpr>(at);
            te->type = std::move(*type);
            return parse_postfix(done(std::move(te)), false);
        }
        default: {
            auto primary = parse_primary();
            if (!primary) return nullptr;
            return parse_postfix(std::move(primary), false);
        }
        }
    }

    // .Member  ::Member  .Method(args)  [index]  ++  -- after a primary, written without a space
    // before them (spec 7.1.2-7.1.5). Each counts as a level of nesting: the tree gets deeper.
    ExprPtr parse_postfix(ExprPtr e, bool command_mode) {
        std::uint32_t levels = 0;
        struct Restore {
            Parser& p;
            std::uint32_t& n;
            ~Restore() { p.depth_ -= n; }
        } restore{*this, levels};
        for (;;) {
            const Token& t = peek(LexMode::expression);
            if (t.space_before) break;
            bool is_static = t.kind == TokenKind::colon_colon;
            if (t.kind == TokenKind::dot || is_static) {
                if (++depth_ > options_.max_nesting) too_deep(t.begin);
                ++levels;
                Token op = take(LexMode::expression);
                const Token& m = peek(LexMode::member);
                ExprPtr member;
                if (m.kind == TokenKind::generic && !m.space_before) {
                    Token name = take(LexMode::member);
                    auto s = make<StringConstantExpr>(name.begin);
                    s->value = name.value;
                    member = done(std::move(s));
                } else if (!m.space_before && (m.kind == TokenKind::string_verbatim || m.kind == TokenKind::string_expandable)) {
                    member = string_node(take(LexMode::member));
                } else if (!m.space_before && m.kind == TokenKind::variable) {
                    member = variable_node(take(LexMode::member));
                } else if (!m.space_before && (m.kind == TokenKind::lparen || m.kind == TokenKind::dollar_paren)) {
                    member = parse_primary();
                    if (!member) return nullptr;
                } else {
                    report(op.end, op.end, "MissingPropertyName", "Missing property name after reference operator.");
                    return nullptr;
                }
                const Token& paren = peek(LexMode::expression);
                if (paren.kind == TokenKind::lparen && !paren.space_before) {
                    auto call = make<InvokeMemberExpr>(e->pos.offset);
                    call->target = std::move(e);
                    call->member = std::move(member);
                    call->is_static = is_static;
                    if (!parse_method_arguments(call->arguments)) return nullptr;
                    e = done(std::move(call));
                } else {
                    auto access = make<MemberExpr>(e->pos.offset);
                    access->target = std::move(e);
                    access->member = std::move(member);
                    access->is_static = is_static;
                    e = done(std::move(access));
                }
                continue;
            }
            if (t.kind == TokenKind::lbracket) {
                if (++depth_ > options_.max_nesting) too_deep(t.begin);
                ++levels;
                take(LexMode::expression);
                skip_newlines();
                NoComma nc(*this, false);
                if (peek(LexMode::expression).kind == TokenKind::rbracket) {
                    missing("MissingArrayIndexExpression", "Array index expression is missing or not valid.");
                    return nullptr;
                }
                std::size_t errors_before = errors_.size();
                auto index = parse_expression();
                if (!index) {
                    if (errors_.size() == errors_before) missing("MissingArrayIndexExpression", "Array index expression is missing or not valid.");
                    return nullptr;
                }
                if (!next_is(TokenKind::rbracket, LexMode::expression)) {
                    missing("MissingEndSquareBracket", "Missing ']' after array index expression.");
                    return nullptr;
                }
                take(LexMode::expression);
                auto ix = make<IndexExpr>(e->pos.offset);
                ix->target = std::move(e);
                ix->index = std::move(index);
                e = done(std::move(ix));
                continue;
            }
            if (!command_mode && (t.kind == TokenKind::plus_plus || t.kind == TokenKind::minus_minus)) {
                Token op = take(LexMode::expression);
                auto p = make<PostfixExpr>(e->pos.offset);
                p->op = op.kind == TokenKind::plus_plus ? "++" : "--";
                p->operand = std::move(e);
                e = done(std::move(p));
                continue;
            }
            break;
        }
        return e;
    }

    // ( arg, arg, ... ) of a method call; the current token is '('.
    bool parse_method_arguments(std::vector<ExprPtr>& out) {
        Token open = take(LexMode::expression);
        NoComma nc(*this);
        skip_newlines();
        if (peek(LexMode::expression).kind == TokenKind::rparen) {
            take(LexMode::expression);
            return true;
        }
        for (;;) {
            skip_newlines();
            std::size_t errors_before = errors_.size();
            auto arg = parse_expression();
            if (!arg) {
                if (errors_.size() == errors_before) missing("MissingEndParenthesisInMethodCall", "Missing ')' in method call.");
                return false;
            }
            out.push_back(std::move(arg));
            skip_newlines();
            const Token& t = peek(LexMode::expression);
            if (t.kind == TokenKind::comma) {
                take(LexMode::expression);
                continue;
            }
            if (t.kind == TokenKind::rparen) {
                take(LexMode::expression);
                return true;
            }
            missing("MissingEndParenthesisInMethodCall", "Missing ')' in method call.");
            (void)open;
            return false;
        }
    }

    // Primary expressions (spec 7.1): literals, variables, ( ), $( ), @( ), @{ }, { }.
    ExprPtr parse_primary() {
        const Token& t = peek(LexMode::expression);
        switch (t.kind) {
        case TokenKind::number: return number_node(take(LexMode::expression));
        case TokenKind::string_verbatim:
        case TokenKind::string_expandable: return string_node(take(LexMode::expression));
        case TokenKind::variable: return variable_node(take(LexMode::expression));
        case TokenKind::splatted_variable: {
            report(t.begin, t.end, "SplattingNotPermitted",
                   "The splatting operator '@' cannot be used to reference variables in an expression. '@" + t.value +
                       "' can be used only as an argument to a command. To reference variables in an expression use '$" + t.value + "'.");
            take(LexMode::expression);
            return nullptr;
        }
        case TokenKind::lparen: return parse_paren();
        case TokenKind::dollar_paren:
        case TokenKind::at_paren: return parse_sub_or_array();
        case TokenKind::at_curly: return parse_hashtable();
        case TokenKind::lcurly: return parse_script_block_expression();
        case TokenKind::error: take(LexMode::expression); return nullptr;
        default: return nullptr;  // not an expression: the caller says what was missing
        }
    }

    ExprPtr parse_paren() {
        Token open = take(LexMode::expression);
        Nest nest(*this, open.begin);
        NoComma nc(*this, false);
        auto e = make<ParenExpr>(open.begin);
        skip_newlines();
        if (peek(LexMode::command).kind == TokenKind::rparen) {
            report(open.end, open.end, "ExpectedExpression", "An expression was expected after '('.");
            return nullptr;
        }
        std::size_t errors_before = errors_.size();
        e->pipeline = parse_pipeline(true);
        if (!e->pipeline) {
            if (errors_.size() == errors_before) unexpected(peek(LexMode::command));
            return nullptr;
        }
        if (!next_is(TokenKind::rparen, LexMode::expression)) {
            missing("MissingEndParenthesisInExpression", "Missing closing ')' in expression.");
            return nullptr;
        }
        take(LexMode::expression);
        return done(std::move(e));
    }

    ExprPtr parse_sub_or_array() {
        Token open = take(LexMode::expression);
        Nest nest(*this, open.begin);
        NoComma nc(*this, false);
        auto statements = parse_statement_list(TokenKind::rparen);
        if (peek(LexMode::command).kind != TokenKind::rparen) {
            missing("MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression.");
            return nullptr;
        }
        take(LexMode::command);
        if (open.kind == TokenKind::dollar_paren) {
            auto e = make<SubExpressionExpr>(open.begin);
            e->statements = std::move(statements);
            return done(std::move(e));
        }
        auto e = make<ArrayExpr>(open.begin);
        e->statements = std::move(statements);
        return done(std::move(e));
    }

    // @{ key = value; key = value } (spec 7.1.9): a bare key is a name; pairs are separated by ';'
    // or newlines.
    ExprPtr parse_hashtable() {
        Token open = take(LexMode::expression);
        Nest nest(*this, open.begin);
        NoComma nc(*this, false);
        auto h = make<HashtableExpr>(open.begin);
        for (;;) {
            skip_separators();
            const Token& t = peek(LexMode::member);
            if (t.kind == TokenKind::rcurly) {
                take(LexMode::member);
                return done(std::move(h));
            }
            if (t.kind == TokenKind::end_of_input) {
                report(open.begin, open.end, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
                return nullptr;
            }
            ExprPtr key;
            if (t.kind == TokenKind::generic) {
                Token name = take(LexMode::member);
                auto s = make<StringConstantExpr>(name.begin);
                s->value = name.value;
                key = done(std::move(s));
            } else {
                std::size_t errors_before = errors_.size();
                key = parse_unary();
                if (!key) {
                    if (errors_.size() == errors_before) unexpected(peek(LexMode::expression));
                    return nullptr;
                }
            }
            if (!next_is(TokenKind::equals, LexMode::expression)) {
                missing("MissingEqualsInHashLiteral", "Missing '=' operator after key in hash literal.");
                return nullptr;
            }
            take(LexMode::expression);
            skip_newlines();
            std::size_t errors_before = errors_.size();
            const Token& v = peek(LexMode::command);
            if (ends_statement(v.kind)) {
                missing("MissingStatementInHashLiteral", "Missing statement after '=' in hash literal.");
                return nullptr;
            }
            StmtPtr value = parse_statement();
            if (!value) {
                if (errors_.size() == errors_before) missing("MissingStatementInHashLiteral", "Missing statement after '=' in hash literal.");
                return nullptr;
            }
            h->pairs.push_back({std::move(key), std::move(value)});
            auto k = peek(LexMode::command).kind;
            if (k != TokenKind::newline && k != TokenKind::semicolon && k != TokenKind::rcurly) {
                if (k == TokenKind::end_of_input) {
                    report(open.begin, open.end, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
                } else {
                    missing("MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
                }
                return nullptr;
            }
        }
    }

    ExprPtr parse_script_block_expression() {
        Token open = take(LexMode::expression);
        NoComma nc(*this, false);
        auto e = make<ScriptBlockExpr>(open.begin);
        e->block = parse_script_block_body(TokenKind::rcurly, open.begin);
        if (peek(LexMode::command).kind != TokenKind::rcurly) {
            report(open.begin, open.end, "MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.");
            return nullptr;
        }
        take(LexMode::command);
        e->block->end = last_end_;
        return done(std::move(e));
    }

    // ---- leaves ----

    ExprPtr number_node(const Token& t) {
        auto n = make<NumberExpr>(t.begin);
        n->text = std::string(raw(t));
        n->type = t.number_type;
        n->int_value = t.int_value;
        n->double_value = t.double_value;
        n->end = t.end;
        return n;
    }

    std::unique_ptr<VariableExpr> variable_node(const Token& t) {
        auto v = make<VariableExpr>(t.begin);
        v->name = t.value;
        v->scope = t.scope;
        v->braced = t.braced;
        v->end = t.end;
        return v;
    }

    // A string token: a constant when it has no $ parts, else its parts in order.
    ExprPtr string_node(const Token& t) {
        StringQuote quote = t.kind == TokenKind::string_verbatim ? (t.here ? StringQuote::here_single : StringQuote::single)
                                                                 : (t.here ? StringQuote::here_double : StringQuote::double_);
        return string_like(t, quote);
    }
    ExprPtr bare_word(const Token& t) { return string_like(t, StringQuote::bare); }

    ExprPtr string_like(const Token& t, StringQuote quote) {
        if (t.parts.empty()) {
            auto s = make<StringConstantExpr>(t.begin);
            s->value = t.value;
            s->quote = quote;
            s->end = t.end;
            return s;
        }
        auto s = make<ExpandableStringExpr>(t.begin);
        s->raw = std::string(raw(t));
        s->quote = quote;
        for (auto& part : t.parts) {
            switch (part.kind) {
            case StringPart::Kind::text: {
                auto c = make<StringConstantExpr>(part.begin);
                c->value = part.text;
                c->quote = StringQuote::bare;
                c->end = part.end;
                s->parts.push_back(std::move(c));
                break;
            }
            case StringPart::Kind::variable: {
                auto v = make<VariableExpr>(part.begin);
                v->name = part.text;
                v->scope = part.scope;
                v->braced = part.braced;
                v->end = part.end;
                s->parts.push_back(std::move(v));
                break;
            }
            case StringPart::Kind::subexpression: {
                auto sub = parse_string_subexpression(part);
                if (!sub) return nullptr;
                s->parts.push_back(std::move(sub));
                break;
            }
            }
        }
        s->end = t.end;
        return s;
    }

    // The statements of a "$( )" inside a string: the same parser over that stretch of the text.
    ExprPtr parse_string_subexpression(const StringPart& part) {
        std::uint32_t at = part.begin >= 2 ? part.begin - 2 : part.begin;
        Nest nest(*this, at);
        bool saved_have = have_;
        Token saved_tok = tok_;
        LexMode saved_mode = tok_mode_;
        std::uint32_t saved_start = tok_start_, saved_offset = lex_.offset(), saved_limit = lex_.limit(), saved_last = last_end_;
        bool saved_no_comma = no_comma_;
        have_ = false;
        no_comma_ = false;
        lex_.reset(part.begin, part.end);
        auto e = make<SubExpressionExpr>(at);
        e->statements = parse_statement_list(TokenKind::end_of_input);
        lex_.reset(saved_offset, saved_limit);
        have_ = saved_have;
        tok_ = std::move(saved_tok);
        tok_mode_ = saved_mode;
        tok_start_ = saved_start;
        last_end_ = saved_last;
        no_comma_ = saved_no_comma;
        e->end = part.end < src_.text().size() ? part.end + 1 : part.end;
        return e;
    }

    const SourceText& src_;
    std::vector<ParseError>& errors_;
    ParseOptions options_;
    Lexer lex_;
    bool have_ = false;
    Token tok_;
    LexMode tok_mode_ = LexMode::command;
    std::uint32_t tok_start_ = 0;
    std::uint32_t last_end_ = 0;
    std::uint32_t depth_ = 0;
    bool no_comma_ = false;
    PositionHint hint_;
};

}  // namespace

std::string TypeName::text() const {
    std::string out = name;
    if (!generic_args.empty()) {
        out += "[";
        for (std::size_t i = 0; i < generic_args.size(); ++i) {
            if (i) out += ",";
            out += generic_args[i].text();
        }
        out += "]";
    }
    for (int rank : array_ranks) {
        out += '[';
        out.append(static_cast<std::size_t>(rank > 1 ? rank - 1 : 0), ',');
        out += ']';
    }
    return out;
}

std::string ParsedScript::error_text() const { return source ? format_parse_errors(*source, errors) : std::string(); }

ParsedScript parse_script(std::string file, std::string text, const ParseOptions& options) {
    ParsedScript result;
    auto source = std::make_shared<SourceText>(std::move(file), std::move(text));
    result.source = source;
    try {
        Parser parser(*source, result.errors, options);
        result.script = parser.parse_script();
    } catch (const ParseStopped&) {
        result.script.reset();
    }
    // Errors in the order of the text, as PowerShell lists them.
    // Errors in the order of the text, as PowerShell lists them; "not all were reported" last.
    std::stable_sort(result.errors.begin(), result.errors.end(), [](const ParseError& a, const ParseError& b) {
        bool a_last = a.id == "TooManyErrors", b_last = b.id == "TooManyErrors";
        if (a_last != b_last) return b_last;
        return a.offset < b.offset;
    });
    return result;
}

ParsedScript parse_script_file(const std::string& path, const ParseOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot read the script");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    DecodedText decoded = decode_text(bytes, path);
    return parse_script(path, std::move(decoded.utf8), options);
}

}  // namespace cusim::ps
