#include "sim/powershell/ast_walk.hpp"

#include "sim/core/text.hpp"

namespace cusim::ps {
namespace {

template <typename P>
void visit_if(const P& p, const std::function<void(const Node&)>& visit) {
    if (p) visit(*p);
}

template <typename V>
void visit_all(const V& list, const std::function<void(const Node&)>& visit) {
    for (auto& p : list) visit_if(p, visit);
}

void visit_script_block(const ScriptBlock& b, const std::function<void(const Node&)>& visit) {
    visit_if(b.param_block, visit);
    visit_if(b.dynamicparam_block, visit);
    visit_if(b.begin_block, visit);
    visit_if(b.process_block, visit);
    visit_if(b.end_block, visit);
}

}  // namespace

void for_each_child(const Node& n, const std::function<void(const Node&)>& visit) {
    switch (n.kind) {
        case NodeKind::number: case NodeKind::string_constant: case NodeKind::variable: case NodeKind::type_expression: return;
        case NodeKind::expandable_string: return visit_all(static_cast<const ExpandableStringExpr&>(n).parts, visit);
        case NodeKind::convert: return visit_if(static_cast<const ConvertExpr&>(n).operand, visit);
        case NodeKind::unary: return visit_if(static_cast<const UnaryExpr&>(n).operand, visit);
        case NodeKind::postfix: return visit_if(static_cast<const PostfixExpr&>(n).operand, visit);
        case NodeKind::binary: return visit_all(static_cast<const BinaryExpr&>(n).operands, visit);
        case NodeKind::array_literal: return visit_all(static_cast<const ArrayLiteralExpr&>(n).elements, visit);
        case NodeKind::array_expression: return visit_all(static_cast<const ArrayExpr&>(n).statements, visit);
        case NodeKind::sub_expression: return visit_all(static_cast<const SubExpressionExpr&>(n).statements, visit);
        case NodeKind::paren_expression: return visit_if(static_cast<const ParenExpr&>(n).pipeline, visit);
        case NodeKind::hashtable:
            for (auto& p : static_cast<const HashtableExpr&>(n).pairs) {
                visit_if(p.key, visit);
                visit_if(p.value, visit);
            }
            return;
        case NodeKind::script_block_expression: return visit_if(static_cast<const ScriptBlockExpr&>(n).block, visit);
        case NodeKind::member: {
            auto& m = static_cast<const MemberExpr&>(n);
            visit_if(m.target, visit);
            return visit_if(m.member, visit);
        }
        case NodeKind::invoke_member: {
            auto& m = static_cast<const InvokeMemberExpr&>(n);
            visit_if(m.target, visit);
            visit_if(m.member, visit);
            return visit_all(m.arguments, visit);
        }
        case NodeKind::index: {
            auto& m = static_cast<const IndexExpr&>(n);
            visit_if(m.target, visit);
            return visit_if(m.index, visit);
        }
        case NodeKind::command: {
            auto& c = static_cast<const CommandAst&>(n);
            visit_all(c.elements, visit);
            return visit_all(c.redirections, visit);
        }
        case NodeKind::command_expression: {
            auto& c = static_cast<const CommandExpression&>(n);
            visit_if(c.expression, visit);
            return visit_all(c.redirections, visit);
        }
        case NodeKind::command_parameter: return visit_if(static_cast<const CommandParameter&>(n).argument, visit);
        case NodeKind::redirection: return visit_if(static_cast<const Redirection&>(n).target, visit);
        case NodeKind::pipeline: return visit_all(static_cast<const Pipeline&>(n).elements, visit);
        case NodeKind::assignment: {
            auto& a = static_cast<const Assignment&>(n);
            visit_if(a.target, visit);
            return visit_if(a.value, visit);
        }
        case NodeKind::statement_block: return visit_all(static_cast<const StatementBlock&>(n).statements, visit);
        case NodeKind::if_statement: {
            auto& s = static_cast<const IfStatement&>(n);
            for (auto& c : s.clauses) {
                visit_if(c.condition, visit);
                visit_if(c.body, visit);
            }
            return visit_if(s.else_body, visit);
        }
        case NodeKind::foreach_statement: {
            auto& s = static_cast<const ForEachStatement&>(n);
            visit_if(s.variable, visit);
            visit_if(s.iterable, visit);
            return visit_if(s.body, visit);
        }
        case NodeKind::for_statement: {
            auto& s = static_cast<const ForStatement&>(n);
            visit_if(s.initializer, visit);
            visit_if(s.condition, visit);
            visit_if(s.iterator, visit);
            return visit_if(s.body, visit);
        }
        case NodeKind::while_statement: {
            auto& s = static_cast<const WhileStatement&>(n);
            visit_if(s.condition, visit);
            return visit_if(s.body, visit);
        }
        case NodeKind::do_statement: {
            auto& s = static_cast<const DoStatement&>(n);
            visit_if(s.body, visit);
            return visit_if(s.condition, visit);
        }
        case NodeKind::switch_statement: {
            auto& s = static_cast<const SwitchStatement&>(n);
            visit_if(s.file, visit);
            visit_if(s.condition, visit);
            for (auto& c : s.clauses) {
                visit_if(c.condition, visit);
                visit_if(c.body, visit);
            }
            return visit_if(s.default_body, visit);
        }
        case NodeKind::flow_control: {
            auto& s = static_cast<const FlowControl&>(n);
            visit_if(s.label, visit);
            return visit_if(s.pipeline, visit);
        }
        case NodeKind::try_statement: {
            auto& s = static_cast<const TryStatement&>(n);
            visit_if(s.body, visit);
            for (auto& c : s.catches) visit_if(c.body, visit);
            return visit_if(s.finally_body, visit);
        }
        case NodeKind::trap_statement: return visit_if(static_cast<const TrapStatement&>(n).body, visit);
        case NodeKind::function_definition: {
            auto& f = static_cast<const FunctionDefinition&>(n);
            visit_all(f.parameters, visit);
            return visit_if(f.body, visit);
        }
        case NodeKind::script_block: return visit_script_block(static_cast<const ScriptBlock&>(n), visit);
        case NodeKind::param_block: {
            auto& p = static_cast<const ParamBlock&>(n);
            visit_all(p.attributes, visit);
            return visit_all(p.parameters, visit);
        }
        case NodeKind::parameter: {
            auto& p = static_cast<const ParameterAst&>(n);
            visit_all(p.attributes, visit);
            visit_if(p.variable, visit);
            return visit_if(p.default_value, visit);
        }
        case NodeKind::attribute: {
            auto& a = static_cast<const AttributeAst&>(n);
            visit_all(a.positional, visit);
            for (auto& x : a.named) visit_if(x.value, visit);
            return;
        }
    }
}

void walk(const Node& n, const std::function<bool(const Node&)>& visit) {
    if (!visit(n)) return;
    for_each_child(n, [&](const Node& c) { walk(c, visit); });
}

bool mentions_variable(const Node& n, std::initializer_list<const char*> names) {
    bool found = false;
    walk(n, [&](const Node& x) {
        if (found) return false;
        if (x.kind == NodeKind::variable) {
            auto& v = static_cast<const VariableExpr&>(x);
            for (const char* name : names)
                if (iequals(v.name, name)) found = true;
        }
        return true;
    });
    return found;
}

}  // namespace cusim::ps
