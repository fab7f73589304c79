// Expressions (PowerShell Language Specification 3.0, chapter 7).
#include <fmt/format.h>

#include "sim/core/text.hpp"
#include "sim/powershell/interpreter_impl.hpp"
#include "sim/powershell/members.hpp"

namespace cusim::ps {

namespace {

// Raised past this many nested calls (functions calling themselves): PowerShell's own limit is
// about 1,000 on a default stack; the engine stops well before its own stack would.
constexpr int max_call_depth = 200;

PsValue number_value(const NumberExpr& n) {
    if (n.type == NumberType::int32 || n.type == NumberType::int64) return PsValue(n.int_value);
    return PsValue(n.double_value);
}

}  // namespace

std::string Interpreter::Impl::member_name(const Expr& m) {
    if (m.kind == NodeKind::string_constant) return static_cast<const StringConstantExpr&>(m).value;
    return to_string(eval(m));
}

PsValue Interpreter::Impl::eval(const Expr& e) {
    AtNode here(current, &e);
    switch (e.kind) {
        case NodeKind::number: return number_value(static_cast<const NumberExpr&>(e));
        case NodeKind::string_constant: return PsValue(static_cast<const StringConstantExpr&>(e).value);
        case NodeKind::expandable_string: {
            std::string out;
            for (auto& part : static_cast<const ExpandableStringExpr&>(e).parts) {
                if (part->kind == NodeKind::string_constant) out += static_cast<const StringConstantExpr&>(*part).value;
                else out += to_string(eval(*part));
            }
            return PsValue(out);
        }
        case NodeKind::variable: {
            auto& v = static_cast<const VariableExpr&>(e);
            if (v.splatted) self.not_modelled("splatting @" + v.name + " outside a command's arguments");
            return read_variable(v);
        }
        case NodeKind::type_expression:
            return PsValue(ObjectPtr(std::make_shared<TypeObject>(static_cast<const TypeExpr&>(e).type.text())));
        case NodeKind::convert: return eval_convert(static_cast<const ConvertExpr&>(e));
        case NodeKind::unary: return eval_unary(static_cast<const UnaryExpr&>(e));
        case NodeKind::postfix: {
            auto& p = static_cast<const PostfixExpr&>(e);
            return increment(*p.operand, p.op == "++" ? 1 : -1, true);
        }
        case NodeKind::binary: return eval_binary(static_cast<const BinaryExpr&>(e));
        case NodeKind::array_literal: {
            Array out;
            for (auto& el : static_cast<const ArrayLiteralExpr&>(e).elements) out.push_back(eval(*el));
            return make_array(std::move(out));
        }
        case NodeKind::array_expression: {
            Array out;
            exec_block(static_cast<const ArrayExpr&>(e).statements, out);
            return make_array(std::move(out));
        }
        case NodeKind::sub_expression: {
            Array out;
            exec_block(static_cast<const SubExpressionExpr&>(e).statements, out);
            return collapse(std::move(out));
        }
        case NodeKind::paren_expression: {
            auto& p = static_cast<const ParenExpr&>(e);
            // ($x = 5) is the value assigned (spec 7.1.1).
            if (p.pipeline->kind == NodeKind::assignment) {
                auto& a = static_cast<const Assignment&>(*p.pipeline);
                exec_assignment(a, nullptr);
                return eval(*a.target);
            }
            return statement_value(*p.pipeline);
        }
        case NodeKind::hashtable: return eval_hashtable(static_cast<const HashtableExpr&>(e));
        case NodeKind::script_block_expression: {
            auto& sb = static_cast<const ScriptBlockExpr&>(e);
            auto v = std::make_shared<ScriptBlockValue>();
            v->block = sb.block.get();
            v->owner = owner;
            if (source && sb.end > sb.pos.offset + 1)
                v->text = std::string(source->text().substr(sb.pos.offset + 1, sb.end - sb.pos.offset - 2));
            return PsValue(v);
        }
        case NodeKind::member: return eval_member(static_cast<const MemberExpr&>(e));
        case NodeKind::invoke_member: return eval_invoke(static_cast<const InvokeMemberExpr&>(e));
        case NodeKind::index: return eval_index(static_cast<const IndexExpr&>(e));
        default: self.not_modelled("this expression");
    }
}

PsValue Interpreter::Impl::eval_binary(const BinaryExpr& b) {
    PsValue left = eval(*b.operands[0]);
    for (size_t i = 0; i < b.ops.size(); ++i) {
        std::string op = lower_name(b.ops[i].op);
        const Expr& right_expr = *b.operands[i + 1];
        // -and / -or short-circuit (spec 7.10).
        if (op == "-and") {
            left = PsValue(to_bool(left) && to_bool(eval(right_expr)));
            continue;
        }
        if (op == "-or") {
            left = PsValue(to_bool(left) || to_bool(eval(right_expr)));
            continue;
        }
        PsValue right = eval(right_expr);
        current = &b;
        if (op == "-is" || op == "-isnot" || op == "-as") {
            std::string type = right.is_object() && right.as_object()->type_name() == "System.RuntimeType"
                                   ? static_cast<const TypeObject&>(*right.as_object()).name
                                   : to_string(right);
            bool array = type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0;
            std::string base = array ? type.substr(0, type.size() - 2) : type;
            if (op == "-as") {
                try {
                    auto c = convert_to_type(left, base, array, *this);
                    if (!c) self.not_modelled("the type [" + type + "]");
                    left = *c;
                } catch (RuntimeError&) {
                    left = PsValue();  // -as gives $null when the conversion fails
                }
                continue;
            }
            auto is = array ? std::optional<bool>(left.is_array()) : value_is_type(left, base);
            if (!is) self.not_modelled("the type [" + type + "]");
            left = PsValue(op == "-is" ? *is : !*is);
            continue;
        }
        auto r = apply_binary(op, left, right, *this);
        if (!r) self.not_modelled("the operator " + b.ops[i].op + fmt::format(" on [{}] and [{}]", type_name_of(left), type_name_of(right)));
        left = std::move(*r);
    }
    return left;
}

PsValue Interpreter::Impl::eval_unary(const UnaryExpr& u) {
    std::string op = lower_name(u.op);
    if (op == "++" || op == "--") return increment(*u.operand, op == "++" ? 1 : -1, false);
    PsValue v = eval(*u.operand);
    current = &u;
    if (op == "-not" || op == "!") return PsValue(!to_bool(v));
    if (op == ",") return make_array({v});
    if (op == "-split") {
        // Unary -split splits on whitespace and drops empty strings (about_Split).
        Array out;
        for (auto& e : enumerate(v)) {
            std::string s = to_string(e), cur;
            for (char c : s) {
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    if (!cur.empty()) out.push_back(PsValue(cur));
                    cur.clear();
                } else {
                    cur += c;
                }
            }
            if (!cur.empty()) out.push_back(PsValue(cur));
        }
        return make_array(std::move(out));
    }
    if (op == "-join") return *apply_binary("-join", v, PsValue(std::string()), *this);
    if (op == "-" || op == "+") {
        auto n = to_number(v);
        if (!n) self.throw_error(fmt::format("Cannot convert value \"{}\" to type \"System.Int32\".", to_string(v)), "InvalidCastFromStringToInteger");
        if (op == "+") return *n;
        return n->is_int() ? PsValue(-n->as_int()) : PsValue(-n->as_double());
    }
    self.not_modelled("the operator " + u.op);
}

PsValue Interpreter::Impl::increment(const Expr& target, long long delta, bool postfix) {
    PsValue old = eval(target);
    auto n = to_number(old);
    if (!n) self.throw_error("The '++' operator works only on numbers. The operand is a '" + type_name_of(old) + "'.", "OperatorRequiresNumber");
    PsValue updated = n->is_int() ? PsValue(n->as_int() + delta) : PsValue(n->as_double() + double(delta));
    if (target.kind != NodeKind::variable) self.not_modelled("++ or -- on anything but a variable");
    assign_variable(static_cast<const VariableExpr&>(target), updated);
    return postfix ? *n : updated;
}

PsValue Interpreter::Impl::eval_convert(const ConvertExpr& c) {
    std::string type = lower_name(c.type.name);
    if (type == "ordered") {
        if (c.operand->kind != NodeKind::hashtable)
            self.throw_error("The ordered attribute can be specified only on a hash literal node.", "OrderedAttributeOnlyOnHashLiteralNode");
        PsValue h = eval(*c.operand);
        h.as_hashtable()->ordered = true;
        return h;
    }
    PsValue v = eval(*c.operand);
    current = &c;
    bool array = !c.type.array_ranks.empty();
    if (!c.type.generic_args.empty()) self.not_modelled("the generic type [" + c.type.text() + "]");
    auto r = convert_to_type(v, c.type.name, array, *this);
    if (!r) self.not_modelled("a conversion to [" + c.type.text() + "]");
    return *r;
}

PsValue Interpreter::Impl::eval_hashtable(const HashtableExpr& h) {
    auto table = std::make_shared<Hashtable>();
    for (auto& p : h.pairs) {
        PsValue key = eval(*p.key);
        if (table->find(key))
            self.throw_error(fmt::format("Duplicate keys '{}' are not allowed in hash literals.", to_string(key)), "DuplicateKeyInHashLiteral");
        table->set(key, statement_value(*p.value));
    }
    return PsValue(table);
}

PsValue Interpreter::Impl::eval_member(const MemberExpr& m) {
    if (m.is_static) {
        if (m.target->kind != NodeKind::type_expression) self.not_modelled("a static member of a computed type");
        std::string type = static_cast<const TypeExpr&>(*m.target).type.text();
        std::string name = member_name(*m.member);
        current = &m;
        auto v = get_static(type, name, self);
        if (!v) self.not_modelled(fmt::format("[{}]::{}", type, name));
        return *v;
    }
    PsValue target = eval(*m.target);
    std::string name = member_name(*m.member);
    current = &m;
    auto v = get_property(target, name);
    if (!v) self.not_modelled(fmt::format("the property {} of [{}]", name, type_name_of(target)));
    return *v;
}

PsValue Interpreter::Impl::eval_invoke(const InvokeMemberExpr& m) {
    std::vector<PsValue> args;
    PsValue target;
    std::string type;
    if (m.is_static) {
        if (m.target->kind != NodeKind::type_expression) self.not_modelled("a static method of a computed type");
        type = static_cast<const TypeExpr&>(*m.target).type.text();
    } else {
        target = eval(*m.target);
    }
    std::string name = member_name(*m.member);
    for (auto& a : m.arguments) args.push_back(eval(*a));
    current = &m;
    if (m.is_static) {
        auto v = call_static(type, name, args, self);
        if (!v) self.not_modelled(fmt::format("[{}]::{}()", type, name));
        return *v;
    }
    // A method on an array that arrays do not have applies to each element (member enumeration).
    if (target.is_array()) {
        if (auto v = call_method(target, name, args, self)) return *v;
        Array out;
        for (auto& e : *target.as_array()) {
            auto r = call_method(e, name, args, self);
            if (!r) self.not_modelled(fmt::format("the method {}() of [{}]", name, type_name_of(e)));
            for (auto& x : enumerate(*r)) out.push_back(x);
        }
        return collapse(std::move(out));
    }
    auto v = call_method(target, name, args, self);
    if (!v) self.not_modelled(fmt::format("the method {}() of [{}]", name, type_name_of(target)));
    return *v;
}

PsValue Interpreter::Impl::eval_index(const IndexExpr& ix) {
    PsValue target = eval(*ix.target);
    // A list indexes as its elements (value.hpp: ListObject).
    if (target.is_object())
        if (auto items = target.as_object()->collection()) target = PsValue(items);
    PsValue index = eval(*ix.index);
    current = &ix;
    auto one = [&](const PsValue& i) -> PsValue {
        if (target.is_hashtable()) {
            const PsValue* v = target.as_hashtable()->find(i);
            return v ? *v : PsValue();
        }
        auto n = to_number(i);
        if (!n) self.throw_error(fmt::format("Cannot convert value \"{}\" to type \"System.Int32\".", to_string(i)), "InvalidCastFromStringToInteger");
        long long k = n->is_int() ? n->as_int() : (long long)n->as_double();
        if (target.is_null()) self.throw_error("Cannot index into a null array.", "NullArray");
        if (target.is_string()) {
            const std::string& s = target.as_string();
            if (k < 0) k += (long long)s.size();
            if (k < 0 || k >= (long long)s.size()) return PsValue();
            return PsValue(std::string(1, s[size_t(k)]));
        }
        if (!target.is_array()) {
            if (k == 0 || k == -1) return target;  // a scalar indexes as a one-element collection
            return PsValue();
        }
        auto& a = *target.as_array();
        if (k < 0) k += (long long)a.size();
        if (k < 0 || k >= (long long)a.size()) return PsValue();  // out of range: $null, no error (spec 7.1.4)
        return a[size_t(k)];
    };
    if (index.is_array() && !target.is_hashtable()) {
        Array out;
        for (auto& i : *index.as_array()) out.push_back(one(i));
        return make_array(std::move(out));
    }
    return one(index);
}

PsValue Interpreter::Impl::statement_value(const Stmt& s) {
    // An expression on its own ($e = @(), (,$list)) gives its value as it is; a pipeline of
    // commands gives what it wrote, unrolled (spec 7.11.1 and 7.1.1).
    if (s.kind == NodeKind::pipeline) {
        auto& p = static_cast<const Pipeline&>(s);
        if (p.elements.size() == 1 && p.elements[0]->kind == NodeKind::command_expression &&
            static_cast<const CommandExpression&>(*p.elements[0]).redirections.empty()) {
            return eval(*static_cast<const CommandExpression&>(*p.elements[0]).expression);
        }
    }
    Array out;
    exec_statement(s, out);
    return collapse(std::move(out));
}

int call_depth_limit() { return max_call_depth; }

}  // namespace cusim::ps
