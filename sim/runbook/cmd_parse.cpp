#include "sim/runbook/cmd_parse.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"

#include <algorithm>

namespace cusim::runbook {
namespace {

struct NeedMore {};
struct SyntaxError {
    std::string why;
};
struct NotModelledHere {
    std::string what;
};

bool blank(char c) { return c == ' ' || c == '\t'; }

// One statement's text (its physical lines joined by '\n') read the way cmd's parser reads it.
class StatementParser {
public:
    StatementParser(const std::string& s, int first_line) : s_(s), line_(first_line) {}

    CmdNodePtr statement() {
        CmdNodePtr n = chain();
        skip_blanks();
        if (i_ < s_.size() && s_[i_] == ')')
            // A ) outside any block is text to cmd only where a command's arguments are read; at a
            // command's start it ends nothing and cmd ignores the rest of the line (ss64.com/nt/syntax-brackets.html).
            throw NotModelledHere{"a ')' that closes no block"};
        return n;
    }
    int line() const { return line_; }

private:
    const std::string& s_;
    size_t i_ = 0;
    int line_;
    int depth_ = 0;

    bool at_end() const { return i_ >= s_.size(); }
    char peek(size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
    void skip_blanks() {
        while (!at_end() && blank(s_[i_])) ++i_;
    }
    void newline() {
        ++i_;
        ++line_;
    }

    // command ( (& | && | ||) command )*. `&` binds least: `a & b || c` is `a & (b || c)`, and
    // && and || go left to right (Microsoft, "Using command redirection operators":
    // https://learn.microsoft.com/previous-versions/windows/it-pro/windows-xp/bb490982(v=technet.10)).
    // A run of the flat list, skipping what && and || skip, gives the same result.
    CmdNodePtr chain(CmdNodePtr first = nullptr) {
        auto ch = std::make_shared<CmdNode>();
        ch->kind = CmdNode::Kind::chain;
        ch->line = line_;
        CmdNodePtr c = first ? first : command();
        if (!c) return nullptr;
        ch->items.push_back(c);
        for (;;) {
            skip_blanks();
            std::string op;
            if (peek() == '&' && peek(1) == '&') op = "&&";
            else if (peek() == '|' && peek(1) == '|') op = "||";
            else if (peek() == '&') op = "&";
            else if (peek() == '|') throw NotModelledHere{"a pipe ('|')"};
            else break;
            i_ += op.size();
            CmdNodePtr next = command();
            if (!next) throw SyntaxError{"nothing after '" + op + "'"};
            ch->ops.push_back(op);
            ch->items.push_back(next);
        }
        if (ch->items.size() == 1) return ch->items[0];
        return ch;
    }

    // A word: up to a blank or a special character outside quotes (a quoted program path is
    // one word), with ^ escapes taken.
    // A word: up to a blank or a special character outside quotes (a quoted program path is
    // one word), with ^ escapes taken. IF's operands also end at ( and ), and at == outside
    // quotes (`if a==b`).
    std::string word(bool operand = false) {
        std::string w;
        bool quoted = false;
        while (!at_end()) {
            char c = s_[i_];
            if (c == '\n') break;
            if (c == '"') quoted = !quoted;
            else if (!quoted && (blank(c) || c == '&' || c == '|' || c == '<' || c == '>')) break;
            else if (!quoted && c == ')' && (operand || depth_ > 0)) break;
            else if (!quoted && operand && (c == '(' || (c == '=' && peek(1) == '='))) break;
            else if (!quoted && c == '^' && i_ + 1 < s_.size()) {
                ++i_;
                w += s_[i_++];
                continue;
            }
            w += c;
            ++i_;
        }
        return w;
    }

    CmdNodePtr command() {
        skip_blanks();
        while (peek() == '@') {
            ++i_;
            skip_blanks();
        }
        if (at_end() || peek() == '\n') return nullptr;
        if (depth_ > 0 && peek() == ')') return nullptr;
        auto n = std::make_shared<CmdNode>();
        n->line = line_;
        if (peek() == '(') {
            // A block: its statements one per line, until the ) that closes it; cmd reads the next
            // lines into it while it is open (ss64.com/nt/syntax-brackets.html).
            ++i_;
            ++depth_;
            n->kind = CmdNode::Kind::block;
            for (;;) {
                while (!at_end() && (blank(peek()) || peek() == '\n')) {
                    if (peek() == '\n') newline();
                    else ++i_;
                }
                if (at_end()) throw NeedMore{};
                if (peek() == ')') {
                    ++i_;
                    --depth_;
                    break;
                }
                if (peek() == ':') throw NotModelledHere{"a label or '::' comment inside a block (cmd misreads them there: ss64.com/nt/rem.html)"};
                CmdNodePtr st = chain();
                if (st) n->statements.push_back(st);
                skip_blanks();
                if (!at_end() && peek() != '\n' && peek() != ')') throw SyntaxError{fmt::format("'{}' after a command", peek())};
            }
            redirections_after_block(*n);
            return n;
        }
        std::string name = word();  // empty before a redirection: `>nul command ...`
        std::string key = cmd_command_key(name);
        if (key == "if") return if_command(n);
        if (key == "rem") {
            // REM ends the parse: the rest of the line, & and | included, is the comment
            // (https://learn.microsoft.com/windows-server/administration/windows-commands/rem).
            n->name = name;
            while (!at_end() && peek() != '\n') n->args += s_[i_++];
            return n;
        }
        if (!name.empty() && name[0] == ':') throw NotModelledHere{"a label after other text on its line"};
        // echo. echo: echo( print what follows the character (ss64.com/nt/echo.html).
        if (key.size() > 4 && key.rfind("echo", 0) == 0 && std::string(".:(").find(key[4]) != std::string::npos) {
            n->name = name.substr(0, 4);
            n->args = name.substr(4);
        } else {
            n->name = name;
        }
        arguments(*n);
        if (n->name.empty() && n->args.empty() && n->redirects.empty()) return nullptr;
        if (n->name.empty()) {
            // Only redirections so far: the command follows them (`>nul netsh ...`).
            std::string rest = n->args;
            size_t b = rest.find_first_not_of(" \t");
            if (b == std::string::npos) throw SyntaxError{"a redirection without a command"};
            size_t e = b;
            bool q = false;
            while (e < rest.size() && (q || !blank(rest[e]))) {
                if (rest[e] == '"') q = !q;
                ++e;
            }
            n->name = rest.substr(b, e - b);
            n->args = rest.substr(e);
        }
        return n;
    }

    // The text after the name, to the end of the command: quotes kept, ^ escapes taken,
    // redirections taken out.
    void arguments(CmdNode& n) {
        bool quoted = false;
        while (!at_end()) {
            char c = s_[i_];
            if (c == '\n') break;
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '&' || c == '|' || (c == ')' && depth_ > 0)) break;
                if (c == '^' && i_ + 1 < s_.size() && s_[i_ + 1] != '\n') {
                    n.args += s_[i_ + 1];
                    i_ += 2;
                    continue;
                }
                bool handle_digit = c >= '0' && c <= '9' && (peek(1) == '>' || peek(1) == '<') &&
                                    (n.args.empty() || blank(n.args.back()));
                if (c == '>' || c == '<' || handle_digit) {
                    n.redirects.push_back(redirection());
                    continue;
                }
            }
            n.args += c;
            ++i_;
        }
    }

    CmdRedirect redirection() {
        CmdRedirect r;
        if (peek() >= '0' && peek() <= '9') r.handle = s_[i_++] - '0';
        if (peek() == '<') {
            r.op = "<";
            r.handle = 0;
            ++i_;
        } else {
            r.op = peek(1) == '>' ? ">>" : ">";
            i_ += r.op.size();
        }
        if (peek() == '&') {
            ++i_;
            r.target = "&";
            if (peek() >= '0' && peek() <= '9') r.target += s_[i_++];
            return r;
        }
        skip_blanks();
        r.target = word();
        if (r.target.empty()) throw SyntaxError{"a redirection without a target"};
        return r;
    }

    void redirections_after_block(CmdNode& n) {
        for (;;) {
            skip_blanks();
            bool digit = peek() >= '0' && peek() <= '9' && (peek(1) == '>' || peek(1) == '<');
            if (peek() != '>' && peek() != '<' && !digit) return;
            n.redirects.push_back(redirection());
        }
    }

    std::string operand() { return word(true); }

    // if [/i] [not] errorlevel N | defined V | exist F | a==b | a OP b, then a command; `else`
    // only after a ) that closes the then-block, and the command after the condition runs to
    // the end of the line, & included
    // (https://learn.microsoft.com/windows-server/administration/windows-commands/if).
    CmdNodePtr if_command(std::shared_ptr<CmdNode> n) {
        n->kind = CmdNode::Kind::if_;
        CmdCondition& c = n->condition;
        skip_blanks();
        auto keyword = [&](const std::string& k) {
            if (ascii_lower(s_.substr(i_, k.size())) != k) return false;
            char after = i_ + k.size() < s_.size() ? s_[i_ + k.size()] : '\0';
            if (!blank(after)) return false;
            i_ += k.size();
            skip_blanks();
            return true;
        };
        if (keyword("/i")) c.ignore_case = true;
        if (keyword("not")) c.negate = true;
        if (keyword("errorlevel")) {
            c.kind = CmdCondition::Kind::errorlevel;
            c.number = operand();
            if (c.number.empty()) throw SyntaxError{"'if errorlevel' without a number"};
        } else if (keyword("defined")) {
            c.kind = CmdCondition::Kind::defined;
            c.left = operand();
            if (c.left.empty()) throw SyntaxError{"'if defined' without a variable"};
        } else if (keyword("exist")) {
            throw NotModelledHere{"'if exist' (the simulated server has no file system)"};
        } else if (keyword("cmdextversion")) {
            throw NotModelledHere{"'if cmdextversion'"};
        } else {
            c.left = operand();
            skip_blanks();
            if (peek() == '=' && peek(1) == '=') {
                c.op = "==";
                while (peek() == '=') ++i_;
            } else {
                size_t save = i_;
                std::string op = ascii_lower(operand());
                static const std::vector<std::string> ops = {"equ", "neq", "lss", "leq", "gtr", "geq"};
                if (std::find(ops.begin(), ops.end(), op) == ops.end()) {
                    i_ = save;
                    throw SyntaxError{c.left.empty() ? "'if' without a condition" : "'" + c.left + "' is not followed by == or a comparison"};
                }
                c.op = op;
            }
            if (c.left.empty()) throw SyntaxError{"nothing before '" + c.op + "' (an empty variable needs quotes: if \"%V%\"==\"\")"};
            skip_blanks();
            c.right = operand();
            if (c.right.empty()) throw SyntaxError{"nothing after '" + c.op + "'"};
        }
        CmdNodePtr then = command();
        if (!then) throw SyntaxError{"'if' without a command"};
        if (then->kind == CmdNode::Kind::block) {
            size_t save = i_;
            int save_line = line_;
            while (!at_end() && (blank(peek()))) ++i_;
            if (ascii_lower(s_.substr(i_, 4)) == "else" && (i_ + 4 >= s_.size() || blank(s_[i_ + 4]) || s_[i_ + 4] == '(')) {
                i_ += 4;
                n->then_branch = then;
                n->else_branch = chain();
                if (!n->else_branch) throw SyntaxError{"'else' without a command"};
                return n;
            }
            i_ = save;
            line_ = save_line;
        }
        n->then_branch = chain(then);
        return n;
    }
};

// Unquoted ( less ), for a statement that does not parse.
int paren_depth(const std::string& text) {
    int depth = 0;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') quoted = !quoted;
        else if (c == '\n') quoted = false;
        else if (!quoted && c == '^') ++i;
        else if (!quoted && c == '(') ++depth;
        else if (!quoted && c == ')') --depth;
    }
    return depth;
}

}  // namespace

CmdParse parse_cmd_statement(const std::string& text, int first_line) {
    CmdParse r;
    StatementParser p(text, first_line);
    try {
        r.node = p.statement();
    } catch (const NeedMore&) {
        r.needs_more = true;
    } catch (const SyntaxError& e) {
        r.error = e.why;
        r.error_line = p.line();
    } catch (const NotModelledHere& e) {
        r.not_modelled = e.what;
        r.error_line = p.line();
    }
    return r;
}

std::string cmd_command_key(const std::string& name) {
    std::string k;
    for (char c : name)
        if (c != '"') k += c;
    return ascii_lower(k);
}

std::vector<CmdLine> split_cmd_lines(const std::string& text) {
    std::vector<std::string> physical = split_lines(text);
    // A line that ends in ^ goes on in the next one (ss64.com/nt/syntax-esc.html).
    std::vector<std::pair<int, std::string>> lines;  // first physical line, text
    for (size_t i = 0; i < physical.size(); ++i) {
        std::string l = physical[i];
        while (!l.empty() && l.back() == '\r') l.pop_back();
        int first = int(i) + 1;
        while (!l.empty() && l.back() == '^' && (l.size() < 2 || l[l.size() - 2] != '^') && i + 1 < physical.size()) {
            l.pop_back();
            std::string next = physical[++i];
            while (!next.empty() && next.back() == '\r') next.pop_back();
            l += next;
        }
        lines.push_back({first, l});
    }
    std::vector<CmdLine> out;
    for (size_t i = 0; i < lines.size(); ++i) {
        CmdLine cl;
        cl.first = cl.last = lines[i].first;
        const std::string& l = lines[i].second;
        size_t b = l.find_first_not_of(" \t");
        std::string body = b == std::string::npos ? "" : l.substr(b);
        cl.physical.push_back(l);
        if (body.empty()) {
            cl.kind = CmdLine::Kind::blank;
        } else if (body.rfind("::", 0) == 0) {
            // A label no goto can name: a comment (ss64.com/nt/rem.html).
            cl.kind = CmdLine::Kind::comment;
            cl.comment = body.substr(2);
        } else if (body[0] == ':') {
            // A label's name ends at a blank or one of the delimiters : + , ; = (ss64.com/nt/goto.html).
            cl.kind = CmdLine::Kind::label;
            size_t e = body.find_first_of(" \t:+,;=", 1);
            cl.label = ascii_lower(body.substr(1, e == std::string::npos ? std::string::npos : e - 1));
        } else {
            std::string word = ascii_lower(body.substr(0, body.find_first_of(" \t")));
            if (word == "rem" || word == "@rem") {
                cl.kind = CmdLine::Kind::comment;
                cl.comment = body.size() > word.size() ? body.substr(word.size() + 1) : "";
            } else {
                cl.kind = CmdLine::Kind::statement;
                // cmd reads the next lines into a block that is still open. A statement that does
                // not parse ends where its parentheses balance, so that one problem is one line.
                std::string joined = l;
                size_t j = i;
                auto open = [&] {
                    CmdParse p = parse_cmd_statement(joined, cl.first);
                    return p.needs_more || (!p.node && paren_depth(joined) > 0);
                };
                while (j + 1 < lines.size() && open()) {
                    ++j;
                    joined += "\n" + lines[j].second;
                    cl.physical.push_back(lines[j].second);
                }
                cl.last = lines[j].first;
                i = j;
            }
        }
        out.push_back(std::move(cl));
    }
    return out;
}

std::vector<std::string> cmd_native_arguments(const std::string& args) {
    std::vector<std::string> out;
    std::string cur;
    bool in_word = false, quoted = false;
    for (size_t i = 0; i < args.size(); ++i) {
        char c = args[i];
        if (c == '\\') {
            size_t n = 0;
            while (i < args.size() && args[i] == '\\') {
                ++n;
                ++i;
            }
            if (i < args.size() && args[i] == '"') {
                cur.append(n / 2, '\\');
                if (n % 2) cur += '"';
                else quoted = !quoted;
            } else {
                cur.append(n, '\\');
                --i;
            }
            in_word = true;
            continue;
        }
        if (c == '"') {
            quoted = !quoted;
            in_word = true;
            continue;
        }
        if (!quoted && blank(c)) {
            if (in_word) out.push_back(cur);
            cur.clear();
            in_word = false;
            continue;
        }
        cur += c;
        in_word = true;
    }
    if (in_word) out.push_back(cur);
    return out;
}

}  // namespace cusim::runbook
