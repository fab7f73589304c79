#include "sim/powershell/ast_dump.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace cusim::ps {

namespace {

// An S-expression: an atom (no children, not parenthesized) or a list.
struct Sx {
    std::string head;
    std::vector<Sx> kids;
    bool list = true;
};

Sx atom(std::string s) { return Sx{std::move(s), {}, false}; }

// Strings are shown between double quotes with PowerShell's own escapes (about_Special_Characters),
// so paths keep their single backslashes: `" `` `n `t `r `0, other control bytes as `x{HH}.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "`\""; break;
        case '`': out += "``"; break;
        case '\n': out += "`n"; break;
        case '\t': out += "`t"; break;
        case '\r': out += "`r"; break;
        case '\0': out += "`0"; break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char buf[12];
                std::snprintf(buf, sizeof buf, "`x{%02X}", c);
                out += buf;
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    return out + "\"";
}

std::string at(const Node& n) { return "@" + std::to_string(n.pos.line) + ":" + std::to_string(n.pos.column); }
std::string at(const SourcePos& p) { return "@" + std::to_string(p.line) + ":" + std::to_string(p.column); }

std::string flat(const Sx& s) {
    if (!s.list) return s.head;
    std::string out = "(" + s.head;
    for (auto& k : s.kids) out += " " + flat(k);
    return out + ")";
}

void print(const Sx& s, std::size_t indent, std::string& out) {
    std::string one = flat(s);
    if (!s.list || indent + one.size() <= 100) {
        out += one;
        return;
    }
    out += "(" + s.head;
    // Leading atoms stay on the head's line ("(assign = @1:1" then the operands below).
    std::size_t i = 0;
    while (i < s.kids.size() && !s.kids[i].list) out += " " + s.kids[i++].head;
    for (; i < s.kids.size(); ++i) {
        out += "\n" + std::string(indent + 2, ' ');
        print(s.kids[i], indent + 2, out);
    }
    out += ")";
}

std::string quote_name(StringQuote q) {
    switch (q) {
    case StringQuote::bare: return "bare";
    case StringQuote::single: return "single";
    case StringQuote::double_: return "double";
    case StringQuote::here_single: return "here-single";
    case StringQuote::here_double: return "here-double";
    }
    return "?";
}

std::string number_type_name(NumberType t) {
    switch (t) {
    case NumberType::int32: return "int";
    case NumberType::int64: return "long";
    case NumberType::decimal: return "decimal";
    case NumberType::double_: return "double";
    }
    return "?";
}

std::string var_text(const VariableExpr& v) {
    std::string name = v.scope.empty() ? v.name : v.scope + ":" + v.name;
    if (v.braced) return std::string(v.splatted ? "@" : "$") + "{" + name + "}";
    return (v.splatted ? "@" : "$") + name;
}

class Dumper {
public:
    Sx node(const Node* n) {
        if (!n) return atom("null");
        switch (n->kind) {
        case NodeKind::number: {
            auto& e = static_cast<const NumberExpr&>(*n);
            std::string value;
            if (e.type == NumberType::int32 || e.type == NumberType::int64) value = std::to_string(e.int_value);
            else {
                char buf[64];
                std::snprintf(buf, sizeof buf, "%.17g", e.double_value);
                value = buf;
            }
            Sx s{"number " + number_type_name(e.type) + " " + value, {}};
            if (e.text != value) s.kids.push_back(atom(quoted(e.text)));
            s.kids.push_back(atom(at(e)));
            return s;
        }
        case NodeKind::string_constant: {
            auto& e = static_cast<const StringConstantExpr&>(*n);
            return Sx{quote_name(e.quote) + " " + quoted(e.value) + " " + at(e), {}};
        }
        case NodeKind::expandable_string: {
            auto& e = static_cast<const ExpandableStringExpr&>(*n);
            Sx s{"expandable " + quote_name(e.quote) + " " + at(e), {}};
            for (auto& p : e.parts) {
                if (p->kind == NodeKind::string_constant) s.kids.push_back(atom(quoted(static_cast<const StringConstantExpr&>(*p).value)));
                else s.kids.push_back(node(p.get()));
            }
            return s;
        }
        case NodeKind::variable: {
            auto& e = static_cast<const VariableExpr&>(*n);
            return Sx{std::string(e.splatted ? "splat " : "var ") + var_text(e) + " " + at(e), {}};
        }
        case NodeKind::type_expression: {
            auto& e = static_cast<const TypeExpr&>(*n);
            return Sx{"type [" + e.type.text() + "] " + at(e), {}};
        }
        case NodeKind::convert: {
            auto& e = static_cast<const ConvertExpr&>(*n);
            return Sx{"cast [" + e.type.text() + "] " + at(e), {node(e.operand.get())}};
        }
        case NodeKind::unary: {
            auto& e = static_cast<const UnaryExpr&>(*n);
            return Sx{"unary " + e.op + " " + at(e), {node(e.operand.get())}};
        }
        case NodeKind::postfix: {
            auto& e = static_cast<const PostfixExpr&>(*n);
            return Sx{"postfix " + e.op + " " + at(e), {node(e.operand.get())}};
        }
        case NodeKind::binary: {
            auto& e = static_cast<const BinaryExpr&>(*n);
            Sx s{"binary " + at(e), {}};
            for (std::size_t i = 0; i < e.operands.size(); ++i) {
                if (i) s.kids.push_back(atom(e.ops[i - 1].op));
                s.kids.push_back(node(e.operands[i].get()));
            }
            return s;
        }
        case NodeKind::array_literal: {
            auto& e = static_cast<const ArrayLiteralExpr&>(*n);
            Sx s{"list " + at(e), {}};
            for (auto& k : e.elements) s.kids.push_back(node(k.get()));
            return s;
        }
        case NodeKind::array_expression: return statements("array " + at(*n), static_cast<const ArrayExpr&>(*n).statements);
        case NodeKind::sub_expression: return statements("subexpr " + at(*n), static_cast<const SubExpressionExpr&>(*n).statements);
        case NodeKind::paren_expression: return Sx{"paren " + at(*n), {node(static_cast<const ParenExpr&>(*n).pipeline.get())}};
        case NodeKind::hashtable: {
            auto& e = static_cast<const HashtableExpr&>(*n);
            Sx s{"hashtable " + at(e), {}};
            for (auto& p : e.pairs) s.kids.push_back(Sx{"pair", {node(p.key.get()), node(p.value.get())}});
            return s;
        }
        case NodeKind::script_block_expression: {
            auto& e = static_cast<const ScriptBlockExpr&>(*n);
            Sx s = script_block(*e.block, "scriptblock " + at(e));
            return s;
        }
        case NodeKind::member: {
            auto& e = static_cast<const MemberExpr&>(*n);
            return Sx{std::string(e.is_static ? "static-member " : "member ") + at(e), {node(e.target.get()), member_name(e.member.get())}};
        }
        case NodeKind::invoke_member: {
            auto& e = static_cast<const InvokeMemberExpr&>(*n);
            Sx s{std::string(e.is_static ? "static-invoke " : "invoke ") + at(e), {node(e.target.get()), member_name(e.member.get())}};
            for (auto& a : e.arguments) s.kids.push_back(node(a.get()));
            return s;
        }
        case NodeKind::index: {
            auto& e = static_cast<const IndexExpr&>(*n);
            return Sx{"index " + at(e), {node(e.target.get()), node(e.index.get())}};
        }
        case NodeKind::command: {
            auto& c = static_cast<const CommandAst&>(*n);
            std::string head = "command ";
            if (c.invocation == CommandAst::Invocation::call) head += "& ";
            if (c.invocation == CommandAst::Invocation::dot) head += ". ";
            if (c.stop_parsing) head += "--% ";
            Sx s{head + at(c), {}};
            for (auto& el : c.elements) s.kids.push_back(node(el.get()));
            for (auto& r : c.redirections) s.kids.push_back(node(r.get()));
            return s;
        }
        case NodeKind::command_expression: {
            auto& c = static_cast<const CommandExpression&>(*n);
            Sx s{"expr " + at(c), {node(c.expression.get())}};
            for (auto& r : c.redirections) s.kids.push_back(node(r.get()));
            return s;
        }
        case NodeKind::command_parameter: {
            auto& p = static_cast<const CommandParameter&>(*n);
            Sx s{"param -" + p.name + (p.colon ? ":" : "") + " " + at(p), {}};
            if (p.argument) s.kids.push_back(node(p.argument.get()));
            return s;
        }
        case NodeKind::redirection: {
            auto& r = static_cast<const Redirection&>(*n);
            std::string op(1, r.from);
            op += r.append ? ">>" : ">";
            if (r.merge_to) op += std::string("&") + r.merge_to;
            Sx s{"redirect " + op + " " + at(r), {}};
            if (r.target) s.kids.push_back(node(r.target.get()));
            return s;
        }
        case NodeKind::pipeline: {
            auto& p = static_cast<const Pipeline&>(*n);
            Sx s{"pipeline " + at(p), {}};
            for (auto& el : p.elements) s.kids.push_back(node(el.get()));
            return s;
        }
        case NodeKind::assignment: {
            auto& a = static_cast<const Assignment&>(*n);
            return Sx{"assign " + a.op + " " + at(a), {node(a.target.get()), node(a.value.get())}};
        }
        case NodeKind::statement_block: return statements("block " + at(*n), static_cast<const StatementBlock&>(*n).statements);
        case NodeKind::if_statement: {
            auto& s = static_cast<const IfStatement&>(*n);
            Sx out{"if " + at(s), {}};
            for (auto& c : s.clauses) out.kids.push_back(Sx{"clause", {node(c.condition.get()), node(c.body.get())}});
            if (s.else_body) out.kids.push_back(Sx{"else", {node(s.else_body.get())}});
            return out;
        }
        case NodeKind::foreach_statement: {
            auto& s = static_cast<const ForEachStatement&>(*n);
            return Sx{"foreach " + label(s.label) + at(s), {node(s.variable.get()), node(s.iterable.get()), node(s.body.get())}};
        }
        case NodeKind::for_statement: {
            auto& s = static_cast<const ForStatement&>(*n);
            return Sx{"for " + label(s.label) + at(s),
                      {node(s.initializer.get()), node(s.condition.get()), node(s.iterator.get()), node(s.body.get())}};
        }
        case NodeKind::while_statement: {
            auto& s = static_cast<const WhileStatement&>(*n);
            return Sx{"while " + label(s.label) + at(s), {node(s.condition.get()), node(s.body.get())}};
        }
        case NodeKind::do_statement: {
            auto& s = static_cast<const DoStatement&>(*n);
            return Sx{std::string(s.until ? "do-until " : "do-while ") + label(s.label) + at(s), {node(s.body.get()), node(s.condition.get())}};
        }
        case NodeKind::switch_statement: {
            auto& s = static_cast<const SwitchStatement&>(*n);
            std::string flags;
            if (s.regex) flags += "-regex ";
            if (s.wildcard) flags += "-wildcard ";
            if (s.exact) flags += "-exact ";
            if (s.case_sensitive) flags += "-casesensitive ";
            if (s.parallel) flags += "-parallel ";
            Sx out{"switch " + label(s.label) + flags + at(s), {}};
            if (s.file) out.kids.push_back(Sx{"file", {node(s.file.get())}});
            else out.kids.push_back(node(s.condition.get()));
            for (auto& c : s.clauses) out.kids.push_back(Sx{"case", {node(c.condition.get()), node(c.body.get())}});
            if (s.default_body) out.kids.push_back(Sx{"default", {node(s.default_body.get())}});
            return out;
        }
        case NodeKind::flow_control: {
            auto& s = static_cast<const FlowControl&>(*n);
            static const char* names[] = {"break", "continue", "return", "exit", "throw"};
            Sx out{std::string(names[static_cast<int>(s.flow)]) + " " + at(s), {}};
            if (s.label) out.kids.push_back(node(s.label.get()));
            if (s.pipeline) out.kids.push_back(node(s.pipeline.get()));
            return out;
        }
        case NodeKind::try_statement: {
            auto& s = static_cast<const TryStatement&>(*n);
            Sx out{"try " + at(s), {node(s.body.get())}};
            for (auto& c : s.catches) {
                Sx k{"catch " + at(c.pos), {}};
                for (auto& t : c.types) k.kids.push_back(atom("[" + t.text() + "]"));
                k.kids.push_back(node(c.body.get()));
                out.kids.push_back(std::move(k));
            }
            if (s.finally_body) out.kids.push_back(Sx{"finally", {node(s.finally_body.get())}});
            return out;
        }
        case NodeKind::trap_statement: {
            auto& s = static_cast<const TrapStatement&>(*n);
            Sx out{"trap " + at(s), {}};
            if (s.has_type) out.kids.push_back(atom("[" + s.type.text() + "]"));
            out.kids.push_back(node(s.body.get()));
            return out;
        }
        case NodeKind::function_definition: {
            auto& f = static_cast<const FunctionDefinition&>(*n);
            Sx out{std::string(f.is_filter ? "filter " : "function ") + f.name + " " + at(f), {}};
            for (auto& p : f.parameters) out.kids.push_back(node(p.get()));
            out.kids.push_back(script_block(*f.body, "body " + at(*f.body)));
            return out;
        }
        case NodeKind::script_block: return script_block(static_cast<const ScriptBlock&>(*n), "script " + at(*n));
        case NodeKind::param_block: {
            auto& p = static_cast<const ParamBlock&>(*n);
            Sx out{"param-block " + at(p), {}};
            for (auto& a : p.attributes) out.kids.push_back(node(a.get()));
            for (auto& q : p.parameters) out.kids.push_back(node(q.get()));
            return out;
        }
        case NodeKind::parameter: {
            auto& p = static_cast<const ParameterAst&>(*n);
            Sx out{"parameter " + var_text(*p.variable) + " " + at(p), {}};
            for (auto& a : p.attributes) out.kids.push_back(node(a.get()));
            if (p.default_value) out.kids.push_back(Sx{"default", {node(p.default_value.get())}});
            return out;
        }
        case NodeKind::attribute: {
            auto& a = static_cast<const AttributeAst&>(*n);
            if (a.is_type_constraint) return atom("[" + a.type.text() + "]");
            Sx out{"attribute " + a.type.text() + " " + at(a), {}};
            for (auto& p : a.positional) out.kids.push_back(node(p.get()));
            for (auto& nm : a.named) {
                Sx k{nm.name, {}};
                if (nm.value) k.kids.push_back(node(nm.value.get()));
                out.kids.push_back(std::move(k));
            }
            return out;
        }
        }
        return atom("?");
    }

    Sx script_block(const ScriptBlock& sb, std::string head) {
        Sx out{std::move(head), {}};
        if (sb.param_block) out.kids.push_back(node(sb.param_block.get()));
        if (!sb.named_blocks) {
            for (auto& s : sb.end_block->statements) out.kids.push_back(node(s.get()));
            return out;
        }
        auto named = [&](const char* name, const BlockPtr& b) {
            if (b) out.kids.push_back(statements(std::string(name) + " " + at(*b), b->statements));
        };
        named("dynamicparam", sb.dynamicparam_block);
        named("begin", sb.begin_block);
        named("process", sb.process_block);
        named("end", sb.end_block);
        return out;
    }

private:
    Sx statements(std::string head, const std::vector<StmtPtr>& list) {
        Sx s{std::move(head), {}};
        for (auto& st : list) s.kids.push_back(node(st.get()));
        return s;
    }
    Sx member_name(const Expr* m) {
        if (m && m->kind == NodeKind::string_constant && static_cast<const StringConstantExpr*>(m)->quote == StringQuote::bare)
            return atom(static_cast<const StringConstantExpr*>(m)->value);
        return node(m);
    }
    static std::string label(const std::string& l) { return l.empty() ? "" : ":" + l + " "; }
};

// ---- summary ----

struct Summary {
    std::map<std::string, int> statements;   // by kind
    std::map<std::string, int> commands;     // by name as written first (case folded for counting)
    std::map<std::string, std::string> command_spelling;
    std::set<std::string> functions;
    std::set<std::string> assigned;
    std::uint32_t max_depth = 0;
    int total_statements = 0;
};

std::string kind_name(NodeKind k) {
    switch (k) {
    case NodeKind::pipeline: return "pipeline";
    case NodeKind::assignment: return "assignment";
    case NodeKind::if_statement: return "if";
    case NodeKind::foreach_statement: return "foreach";
    case NodeKind::for_statement: return "for";
    case NodeKind::while_statement: return "while";
    case NodeKind::do_statement: return "do";
    case NodeKind::switch_statement: return "switch";
    case NodeKind::flow_control: return "flow control";
    case NodeKind::try_statement: return "try";
    case NodeKind::trap_statement: return "trap";
    case NodeKind::function_definition: return "function";
    default: return "other";
    }
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

void walk(const Node* n, Summary& sum, std::uint32_t depth);

template <class List>
void walk_all(const List& list, Summary& sum, std::uint32_t depth) {
    for (auto& x : list) walk(x.get(), sum, depth);
}

void walk_block(const ScriptBlock& sb, Summary& sum, std::uint32_t depth) {
    if (sb.param_block)
        for (auto& p : sb.param_block->parameters) {
            sum.assigned.insert(var_text(*p->variable));
            walk(p->default_value.get(), sum, depth + 1);
        }
    for (auto* b : {&sb.dynamicparam_block, &sb.begin_block, &sb.process_block, &sb.end_block})
        if (*b) walk(b->get(), sum, depth);
}

void walk(const Node* n, Summary& sum, std::uint32_t depth) {
    if (!n) return;
    sum.max_depth = std::max(sum.max_depth, depth);
    if (dynamic_cast<const Stmt*>(n) && n->kind != NodeKind::statement_block) {
        ++sum.total_statements;
        ++sum.statements[kind_name(n->kind)];
    }
    switch (n->kind) {
    case NodeKind::command: {
        auto& c = static_cast<const CommandAst&>(*n);
        if (!c.elements.empty() && c.elements[0]->kind == NodeKind::string_constant) {
            std::string name = static_cast<const StringConstantExpr&>(*c.elements[0]).value;
            if (c.invocation == CommandAst::Invocation::call) name = "& " + name;
            if (c.invocation == CommandAst::Invocation::dot) name = ". " + name;
            std::string key = lower(name);
            ++sum.commands[key];
            sum.command_spelling.emplace(key, name);
        } else {
            std::string name = c.invocation == CommandAst::Invocation::call ? "& (expression)" : ". (expression)";
            ++sum.commands[name];
            sum.command_spelling.emplace(name, name);
        }
        walk_all(c.elements, sum, depth + 1);
        walk_all(c.redirections, sum, depth + 1);
        return;
    }
    case NodeKind::assignment: {
        auto& a = static_cast<const Assignment&>(*n);
        const Expr* t = a.target.get();
        while (t && t->kind == NodeKind::convert) t = static_cast<const ConvertExpr*>(t)->operand.get();
        if (t && t->kind == NodeKind::variable) sum.assigned.insert(var_text(static_cast<const VariableExpr&>(*t)));
        walk(a.target.get(), sum, depth + 1);
        walk(a.value.get(), sum, depth + 1);
        return;
    }
    case NodeKind::function_definition: {
        auto& f = static_cast<const FunctionDefinition&>(*n);
        sum.functions.insert(f.name);
        walk_block(*f.body, sum, depth + 1);
        return;
    }
    case NodeKind::foreach_statement: {
        auto& s = static_cast<const ForEachStatement&>(*n);
        sum.assigned.insert(var_text(*s.variable));
        walk(s.iterable.get(), sum, depth + 1);
        walk(s.body.get(), sum, depth + 1);
        return;
    }
    default: break;
    }
    // Every other node: its children, found through the dumper's view of the tree would be
    // roundabout; list them per kind.
    switch (n->kind) {
    case NodeKind::convert: walk(static_cast<const ConvertExpr&>(*n).operand.get(), sum, depth + 1); break;
    case NodeKind::unary: walk(static_cast<const UnaryExpr&>(*n).operand.get(), sum, depth + 1); break;
    case NodeKind::postfix: walk(static_cast<const PostfixExpr&>(*n).operand.get(), sum, depth + 1); break;
    case NodeKind::binary: walk_all(static_cast<const BinaryExpr&>(*n).operands, sum, depth + 1); break;
    case NodeKind::array_literal: walk_all(static_cast<const ArrayLiteralExpr&>(*n).elements, sum, depth + 1); break;
    case NodeKind::array_expression: walk_all(static_cast<const ArrayExpr&>(*n).statements, sum, depth + 1); break;
    case NodeKind::sub_expression: walk_all(static_cast<const SubExpressionExpr&>(*n).statements, sum, depth + 1); break;
    case NodeKind::paren_expression: walk(static_cast<const ParenExpr&>(*n).pipeline.get(), sum, depth + 1); break;
    case NodeKind::expandable_string: walk_all(static_cast<const ExpandableStringExpr&>(*n).parts, sum, depth + 1); break;
    case NodeKind::hashtable:
        for (auto& p : static_cast<const HashtableExpr&>(*n).pairs) {
            walk(p.key.get(), sum, depth + 1);
            walk(p.value.get(), sum, depth + 1);
        }
        break;
    case NodeKind::script_block_expression: walk_block(*static_cast<const ScriptBlockExpr&>(*n).block, sum, depth + 1); break;
    case NodeKind::member: {
        auto& m = static_cast<const MemberExpr&>(*n);
        walk(m.target.get(), sum, depth + 1);
        walk(m.member.get(), sum, depth + 1);
        break;
    }
    case NodeKind::invoke_member: {
        auto& m = static_cast<const InvokeMemberExpr&>(*n);
        walk(m.target.get(), sum, depth + 1);
        walk_all(m.arguments, sum, depth + 1);
        break;
    }
    case NodeKind::index: {
        auto& m = static_cast<const IndexExpr&>(*n);
        walk(m.target.get(), sum, depth + 1);
        walk(m.index.get(), sum, depth + 1);
        break;
    }
    case NodeKind::command_expression: {
        auto& c = static_cast<const CommandExpression&>(*n);
        walk(c.expression.get(), sum, depth + 1);
        walk_all(c.redirections, sum, depth + 1);
        break;
    }
    case NodeKind::command_parameter: walk(static_cast<const CommandParameter&>(*n).argument.get(), sum, depth + 1); break;
    case NodeKind::redirection: walk(static_cast<const Redirection&>(*n).target.get(), sum, depth + 1); break;
    case NodeKind::pipeline: walk_all(static_cast<const Pipeline&>(*n).elements, sum, depth + 1); break;
    case NodeKind::statement_block: walk_all(static_cast<const StatementBlock&>(*n).statements, sum, depth + 1); break;
    case NodeKind::if_statement: {
        auto& s = static_cast<const IfStatement&>(*n);
        for (auto& c : s.clauses) {
            walk(c.condition.get(), sum, depth + 1);
            walk(c.body.get(), sum, depth + 1);
        }
        walk(s.else_body.get(), sum, depth + 1);
        break;
    }
    case NodeKind::for_statement: {
        auto& s = static_cast<const ForStatement&>(*n);
        for (auto* p : {s.initializer.get(), s.condition.get(), s.iterator.get()}) walk(p, sum, depth + 1);
        walk(s.body.get(), sum, depth + 1);
        break;
    }
    case NodeKind::while_statement: {
        auto& s = static_cast<const WhileStatement&>(*n);
        walk(s.condition.get(), sum, depth + 1);
        walk(s.body.get(), sum, depth + 1);
        break;
    }
    case NodeKind::do_statement: {
        auto& s = static_cast<const DoStatement&>(*n);
        walk(s.body.get(), sum, depth + 1);
        walk(s.condition.get(), sum, depth + 1);
        break;
    }
    case NodeKind::switch_statement: {
        auto& s = static_cast<const SwitchStatement&>(*n);
        walk(s.file.get(), sum, depth + 1);
        walk(s.condition.get(), sum, depth + 1);
        for (auto& c : s.clauses) {
            walk(c.condition.get(), sum, depth + 1);
            walk(c.body.get(), sum, depth + 1);
        }
        walk(s.default_body.get(), sum, depth + 1);
        break;
    }
    case NodeKind::flow_control: {
        auto& s = static_cast<const FlowControl&>(*n);
        walk(s.label.get(), sum, depth + 1);
        walk(s.pipeline.get(), sum, depth + 1);
        break;
    }
    case NodeKind::try_statement: {
        auto& s = static_cast<const TryStatement&>(*n);
        walk(s.body.get(), sum, depth + 1);
        for (auto& c : s.catches) walk(c.body.get(), sum, depth + 1);
        walk(s.finally_body.get(), sum, depth + 1);
        break;
    }
    case NodeKind::trap_statement: walk(static_cast<const TrapStatement&>(*n).body.get(), sum, depth + 1); break;
    default: break;
    }
}

}  // namespace

std::string dump_ast(const ScriptBlock& script) {
    Dumper d;
    Sx root = d.script_block(script, "script");
    std::string out;
    print(root, 0, out);
    return out + "\n";
}

std::string summarize_script(const ScriptBlock& script) {
    Summary sum;
    walk_block(script, sum, 0);
    std::string out = "statements: " + std::to_string(sum.total_statements) + "\n";
    for (auto& [kind, count] : sum.statements) out += "  " + kind + ": " + std::to_string(count) + "\n";
    out += "param block: ";
    if (script.param_block) {
        out += std::to_string(script.param_block->parameters.size()) + " parameter(s):";
        for (auto& p : script.param_block->parameters) out += " " + var_text(*p->variable);
        out += "\n";
    } else {
        out += "none\n";
    }
    out += "functions:";
    for (auto& f : sum.functions) out += " " + f;
    out += "\ncommands:\n";
    for (auto& [key, count] : sum.commands) out += "  " + sum.command_spelling[key] + " x" + std::to_string(count) + "\n";
    out += "variables assigned:";
    for (auto& v : sum.assigned) out += " " + v;
    out += "\ndeepest node: " + std::to_string(sum.max_depth) + "\n";
    return out;
}

}  // namespace cusim::ps
