#include "sim/powershell/operators.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_pattern.hpp"

namespace cusim::ps {
namespace {

std::string fold(const std::string& s) { return ascii_lower(s); }

double as_double_of(const PsValue& n) { return n.is_int() ? double(n.as_int()) : n.as_double(); }

int sign(long long x) { return x < 0 ? -1 : x > 0 ? 1 : 0; }

bool like(const std::string& pattern, const std::string& text, bool case_sensitive) {
    return like_match(pattern, text, case_sensitive);
}

}  // namespace

bool ps_equals(const PsValue& left, const PsValue& right, bool cs) {
    if (left.is_null()) return right.is_null();
    if (right.is_null()) return false;
    if (left.is_string()) {
        std::string r = to_string(right);
        return cs ? left.as_string() == r : iequals(left.as_string(), r);
    }
    if (left.is_number()) {
        auto r = to_number(right);
        if (!r) return false;
        if (left.is_int() && r->is_int()) return left.as_int() == r->as_int();
        return as_double_of(left) == as_double_of(*r);
    }
    if (left.is_bool()) return left.as_bool() == to_bool(right);
    if (left.is_datetime()) {
        auto r = to_datetime(right);
        return r && *r == left.as_datetime();
    }
    if (left.is_timespan()) return right.is_timespan() && right.as_timespan() == left.as_timespan();
    if (left.is_object() && right.is_object()) return left.as_object() == right.as_object();
    if (left.is_object() && right.is_string()) return cs ? left.as_object()->to_string() == right.as_string()
                                                         : iequals(left.as_object()->to_string(), right.as_string());
    return false;
}

std::optional<int> ps_compare(const PsValue& left, const PsValue& right, bool cs) {
    if (left.is_null()) return right.is_null() ? 0 : -1;
    if (right.is_null()) return 1;
    if (left.is_string()) {
        std::string a = cs ? left.as_string() : fold(left.as_string());
        std::string b = cs ? to_string(right) : fold(to_string(right));
        return a < b ? -1 : a > b ? 1 : 0;
    }
    if (left.is_number()) {
        auto r = to_number(right);
        if (!r) return std::nullopt;
        if (left.is_int() && r->is_int()) return sign(left.as_int() < r->as_int() ? -1 : left.as_int() > r->as_int() ? 1 : 0);
        double a = as_double_of(left), b = as_double_of(*r);
        return a < b ? -1 : a > b ? 1 : 0;
    }
    if (left.is_bool()) {
        int a = left.as_bool(), b = to_bool(right);
        return a - b;
    }
    if (left.is_datetime()) {
        auto r = to_datetime(right);
        if (!r) return std::nullopt;
        return left.as_datetime() < *r ? -1 : left.as_datetime() > *r ? 1 : 0;
    }
    if (left.is_timespan() && right.is_timespan())
        return sign(left.as_timespan() < right.as_timespan() ? -1 : left.as_timespan() > right.as_timespan() ? 1 : 0);
    return std::nullopt;
}

namespace {

// The type names a value answers to, for -is and casts: "string" and "System.String" alike.
std::string canonical_type(std::string t) {
    t = fold(t);
    if (t.rfind("system.", 0) == 0) t = t.substr(7);
    static const std::pair<const char*, const char*> aliases[] = {
        {"int", "int32"}, {"long", "int64"}, {"bool", "boolean"}, {"float", "single"}, {"object[]", "array"},
        {"psobject", "object"}, {"management.automation.pscustomobject", "pscustomobject"},
        {"collections.hashtable", "hashtable"}, {"collections.specialized.ordereddictionary", "ordered"},
        {"management.automation.switchparameter", "switch"}, {"management.automation.scriptblock", "scriptblock"},
        {"security.securestring", "securestring"}};
    for (auto& [a, b] : aliases)
        if (t == a) return b;
    return t;
}

[[noreturn]] void conversion_error(const PsValue& v, const std::string& type, OperatorContext& ctx) {
    std::string full = type;
    static const std::pair<const char*, const char*> names[] = {{"int", "System.Int32"}, {"int32", "System.Int32"},
        {"long", "System.Int64"}, {"int64", "System.Int64"}, {"double", "System.Double"}, {"decimal", "System.Decimal"},
        {"byte", "System.Byte"}};
    for (auto& [a, b] : names)
        if (fold(type) == a) full = b;
    ctx.error(fmt::format("Cannot convert value \"{}\" to type \"{}\". Error: \"Input string was not in a correct format.\"",
                          to_string(v), full),
              "InvalidCastFromStringToInteger");
    __builtin_unreachable();  // error() throws; a virtual call cannot say so to the compiler
}

std::optional<PsValue> convert_scalar(const PsValue& v, const std::string& t, const std::string& shown, OperatorContext& ctx) {
    if (t == "object") return v;
    if (t == "string") return v.is_null() ? PsValue(std::string()) : PsValue(to_string(v));
    if (t == "boolean" || t == "switch") return PsValue(to_bool(v));
    if (t == "int32" || t == "int64" || t == "byte" || t == "uint32" || t == "int16") {
        auto n = to_number(v);
        if (!n) conversion_error(v, shown, ctx);
        // [int]2.5 is 2 and [int]3.5 is 4: .NET rounds half to even.
        long long i = n->is_int() ? n->as_int() : static_cast<long long>(std::nearbyint(n->as_double()));
        if (t == "int32" && (i < std::numeric_limits<int>::min() || i > std::numeric_limits<int>::max()))
            ctx.error(fmt::format("Cannot convert value \"{}\" to type \"System.Int32\". Error: \"Value was either too large or "
                                  "too small for an Int32.\"", to_string(v)), "InvalidCastIConvertible");
        return PsValue(i);
    }
    if (t == "double" || t == "decimal" || t == "single") {
        auto n = to_number(v);
        if (!n) conversion_error(v, shown, ctx);
        return PsValue(as_double_of(*n));
    }
    if (t == "datetime") {
        auto d = to_datetime(v);
        if (!d) ctx.error(fmt::format("Cannot convert value \"{}\" to type \"System.DateTime\". Error: \"String was not "
                                      "recognized as a valid DateTime.\"", to_string(v)), "InvalidCastParseTargetInvocation");
        return PsValue(DateTimeValue{*d});
    }
    if (t == "timespan") {
        if (v.is_timespan()) return v;
        return std::nullopt;
    }
    if (t == "hashtable" || t == "ordered") {
        if (v.is_hashtable()) return v;
        ctx.error(fmt::format("Cannot convert the \"{}\" value of type \"{}\" to type \"System.Collections.Hashtable\".",
                              to_string(v), type_name_of(v)), "ConvertToFinalInvalidCastException");
    }
    if (t == "pscustomobject") {
        if (!v.is_hashtable()) return v;
        auto o = std::make_shared<CustomObject>();
        for (auto& [k, value] : v.as_hashtable()->entries) o->properties.emplace_back(to_string(k), value);
        return PsValue(ObjectPtr(o));
    }
    if (t == "securestring" && v.is_object() && v.as_object()->type_name() == "System.Security.SecureString") return v;
    if (t == "scriptblock" && v.is_scriptblock()) return v;
    if (v.is_object() && (fold(v.as_object()->type_name()) == "system." + t || fold(v.as_object()->type_name()) == t)) return v;
    return std::nullopt;
}

}  // namespace

std::optional<PsValue> convert_to_type(const PsValue& v, const std::string& type, bool array, OperatorContext& ctx) {
    std::string t = canonical_type(type);
    if (t == "void") return PsValue();
    if (t == "array" && !array) {
        if (v.is_array()) return v;
        return make_array(enumerate(v));
    }
    if (array) {
        Array out;
        for (auto& e : enumerate(v)) {
            auto c = convert_scalar(e, t, type, ctx);
            if (!c) return std::nullopt;
            out.push_back(*c);
        }
        return make_array(std::move(out));
    }
    if (v.is_array() && t != "string" && t != "object" && t != "boolean") {
        auto& a = *v.as_array();
        if (a.size() == 1) return convert_scalar(a[0], t, type, ctx);
        if (t == "int32" || t == "datetime" || t == "double" || t == "int64")
            ctx.error(fmt::format("Cannot convert the \"{}\" value of type \"System.Object[]\" to type \"{}\".", to_string(v), type),
                      "ConvertToFinalInvalidCastException");
    }
    return convert_scalar(v, t, type, ctx);
}

std::optional<bool> value_is_type(const PsValue& v, const std::string& type) {
    std::string t = canonical_type(type);
    if (t == "object") return !v.is_null();
    if (t == "array") return v.is_array();
    std::string actual = v.is_null() ? "" : canonical_type(type_name_of(v));
    if (v.is_int() && (t == "int32" || t == "int64")) return actual == t;
    static const char* const known[] = {"string", "int32", "int64", "double", "boolean", "datetime", "timespan",
                                        "hashtable", "ordered", "scriptblock", "pscustomobject", "securestring"};
    bool engine_type = false;
    for (auto* k : known)
        if (t == k) engine_type = true;
    if (engine_type) return actual == t;
    if (v.is_object()) {
        if (actual == t) return true;
        for (auto& b : v.as_object()->base_type_names())
            if (canonical_type(b) == t) return true;
        return false;
    }
    return std::nullopt;
}

namespace {

std::optional<PsValue> add(const PsValue& l, const PsValue& r, OperatorContext& ctx) {
    if (l.is_array()) {
        Array out = *l.as_array();
        for (auto& e : enumerate(r)) out.push_back(e);
        if (r.is_null()) out.push_back(PsValue());
        return make_array(std::move(out));
    }
    if (l.is_string()) return PsValue(l.as_string() + to_string(r));
    if (l.is_hashtable()) {
        if (!r.is_hashtable()) ctx.error("A hash table can only be added to another hash table.", "AddHashTableToNonHashTable");
        auto h = std::make_shared<Hashtable>(*l.as_hashtable());
        for (auto& [k, v] : r.as_hashtable()->entries) {
            if (h->find(k)) ctx.error(fmt::format("Item has already been added. Key in dictionary: '{}'  Key being added: '{}'",
                                                  to_string(k), to_string(k)), "System.ArgumentException");
            h->set(k, v);
        }
        return PsValue(h);
    }
    if (l.is_datetime() && r.is_timespan()) {
        auto t = add_to_time(l.as_datetime(), r.as_timespan(), 1);
        if (!t) ctx.error("The added or subtracted value results in an un-representable DateTime.", "System.ArgumentOutOfRangeException");
        return PsValue(DateTimeValue{*t});
    }
    if (l.is_timespan() && r.is_timespan()) return PsValue(TimeSpanValue{l.as_timespan() + r.as_timespan()});
    if (l.is_null()) return r;
    auto a = to_number(l), b = to_number(r);
    if (!a || !b) return std::nullopt;
    if (a->is_int() && b->is_int()) {
        long long out;
        if (!__builtin_add_overflow(a->as_int(), b->as_int(), &out)) return PsValue(out);
    }
    return PsValue(as_double_of(*a) + as_double_of(*b));
}

std::optional<PsValue> arithmetic(std::string_view op, const PsValue& l, const PsValue& r, OperatorContext& ctx) {
    if (op == "+") return add(l, r, ctx);
    if (op == "-" && l.is_datetime()) {
        if (r.is_datetime()) return PsValue(TimeSpanValue{to_time_t(l.as_datetime()) - to_time_t(r.as_datetime())});
        if (r.is_timespan()) {
            auto t = add_to_time(l.as_datetime(), -r.as_timespan(), 1);
            if (!t) ctx.error("The added or subtracted value results in an un-representable DateTime.", "System.ArgumentOutOfRangeException");
            return PsValue(DateTimeValue{*t});
        }
    }
    if (op == "-" && l.is_timespan() && r.is_timespan()) return PsValue(TimeSpanValue{l.as_timespan() - r.as_timespan()});
    if (op == "*" && l.is_string()) {
        auto n = to_number(r);
        if (!n) return std::nullopt;
        std::string out;
        for (long long i = 0; i < (n->is_int() ? n->as_int() : (long long)n->as_double()) && out.size() < (1u << 24); ++i) out += l.as_string();
        return PsValue(out);
    }
    auto a = to_number(l), b = to_number(r);
    if (!a || !b) {
        ctx.error(fmt::format("Method invocation failed because [{}] does not contain a method named 'op_{}'.", type_name_of(l),
                              op == "-" ? "Subtraction" : op == "*" ? "Multiply" : op == "/" ? "Division" : "Modulus"),
                  "MethodNotFound");
    }
    if (op == "/" || op == "%") {
        if (as_double_of(*b) == 0) ctx.error("Attempted to divide by zero.", "RuntimeException");
    }
    if (a->is_int() && b->is_int()) {
        long long x = a->as_int(), y = b->as_int(), out = 0;
        if (op == "-" && !__builtin_sub_overflow(x, y, &out)) return PsValue(out);
        if (op == "*" && !__builtin_mul_overflow(x, y, &out)) return PsValue(out);
        if (op == "%") return PsValue(x % y);
        // Spec 7.6.2: integer division gives an integer only when it is exact.
        if (op == "/" && x % y == 0) return PsValue(x / y);
    }
    double x = as_double_of(*a), y = as_double_of(*b);
    if (op == "-") return PsValue(x - y);
    if (op == "*") return PsValue(x * y);
    if (op == "/") return PsValue(x / y);
    return PsValue(std::fmod(x, y));
}

// .NET's replacement syntax in -replace: $1, ${name} is not modelled, $$, $0/$&.
std::string expand_replacement(const std::string& repl, const RegexMatch& m) {
    std::string out;
    for (size_t i = 0; i < repl.size(); ++i) {
        if (repl[i] == '$' && i + 1 < repl.size()) {
            char c = repl[i + 1];
            if (c == '$') {
                out += '$';
                ++i;
                continue;
            }
            if (c == '&') {
                out += m[0];
                ++i;
                continue;
            }
            if (std::isdigit(static_cast<unsigned char>(c))) {
                size_t j = i + 1;
                size_t n = 0;
                while (j < repl.size() && std::isdigit(static_cast<unsigned char>(repl[j])) && n * 10 + (repl[j] - '0') < m.size()) {
                    n = n * 10 + size_t(repl[j] - '0');
                    ++j;
                }
                if (j > i + 1) {
                    out += m[n];
                    i = j - 1;
                    continue;
                }
            }
        }
        out += repl[i];
    }
    return out;
}

}  // namespace

Regex compile_regex(const std::string& pattern, bool cs, OperatorContext& ctx) {
    try {
        return Regex(pattern, cs ? Regex::none : Regex::icase);
    } catch (const RegexSyntaxError& e) {
        ctx.error(fmt::format("The regular expression pattern {} is not valid: {} (at character {}).", pattern, e.what(), e.offset() + 1),
                  "InvalidRegularExpression");
    }
    __builtin_unreachable();
}

namespace {

PsValue matches_table(const RegexMatch& m) {
    auto h = std::make_shared<Hashtable>();
    for (size_t i = 0; i < m.size(); ++i)
        if (m.matched(i)) h->set(PsValue(static_cast<long long>(i)), PsValue(m[i]));
    return PsValue(h);
}

std::optional<bool> scalar_comparison(std::string_view base, bool cs, const PsValue& l, const PsValue& r, OperatorContext& ctx) {
    if (base == "eq") return ps_equals(l, r, cs);
    if (base == "ne") return !ps_equals(l, r, cs);
    if (base == "gt" || base == "ge" || base == "lt" || base == "le") {
        auto c = ps_compare(l, r, cs);
        if (!c) ctx.error(fmt::format("Could not compare \"{}\" to \"{}\". Error: \"Cannot convert value \"{}\" to type \"{}\".\"",
                                      to_string(l), to_string(r), to_string(r), type_name_of(l)), "ComparisonFailure");
        if (base == "gt") return *c > 0;
        if (base == "ge") return *c >= 0;
        if (base == "lt") return *c < 0;
        return *c <= 0;
    }
    if (base == "like" || base == "notlike") {
        bool m = like(to_string(r), to_string(l), cs);
        return base == "like" ? m : !m;
    }
    if (base == "match" || base == "notmatch") {
        Regex re = compile_regex(to_string(r), cs, ctx);
        RegexMatch m;
        bool found = re.search(to_string(l), &m);
        return base == "match" ? found : !found;
    }
    return std::nullopt;
}

}  // namespace

std::string format_operator(const std::string& format, const Array& args, OperatorContext& ctx) {
    std::string out;
    for (size_t i = 0; i < format.size(); ++i) {
        char c = format[i];
        if (c == '{' && i + 1 < format.size() && format[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        if (c == '}' && i + 1 < format.size() && format[i + 1] == '}') {
            out += '}';
            ++i;
            continue;
        }
        if (c != '{') {
            out += c;
            continue;
        }
        size_t end = format.find('}', i);
        if (end == std::string::npos) ctx.error("Error formatting a string: Input string was not in a correct format..", "FormatError");
        std::string item = format.substr(i + 1, end - i - 1);
        i = end;
        std::string spec;
        if (auto colon = item.find(':'); colon != std::string::npos) {
            spec = item.substr(colon + 1);
            item = item.substr(0, colon);
        }
        int align = 0;
        if (auto comma = item.find(','); comma != std::string::npos) {
            align = std::atoi(item.substr(comma + 1).c_str());
            item = item.substr(0, comma);
        }
        size_t index = static_cast<size_t>(std::atoi(item.c_str()));
        if (item.empty() || index >= args.size())
            ctx.error("Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of "
                      "the argument list..", "FormatError");
        const PsValue& v = args[index];
        std::string text;
        if (spec.empty()) {
            text = v.is_datetime() ? *format_datetime(v.as_datetime(), "G") : to_string(v);
        } else if (v.is_datetime()) {
            auto f = format_datetime(v.as_datetime(), spec);
            if (!f) ctx.not_modelled(fmt::format("the date format '{}'", spec));
            text = *f;
        } else if (auto n = to_number(v); n && !v.is_string()) {
            char kind = char(std::toupper(static_cast<unsigned char>(spec[0])));
            int digits = spec.size() > 1 ? std::atoi(spec.c_str() + 1) : -1;
            double d = as_double_of(*n);
            if (kind == 'N' || kind == 'F') {
                text = fmt::format("{:.{}f}", d, digits < 0 ? 2 : digits);
                if (kind == 'N') {
                    size_t dot = text.find('.');
                    size_t start = text[0] == '-' ? 1 : 0;
                    for (long long p = static_cast<long long>(dot == std::string::npos ? text.size() : dot) - 3; p > static_cast<long long>(start); p -= 3)
                        text.insert(size_t(p), ",");
                }
            } else if (kind == 'D' && n->is_int()) {
                text = fmt::format("{:0{}}", n->as_int(), digits < 0 ? 1 : digits);
            } else if (kind == 'X' && n->is_int()) {
                text = spec[0] == 'X' ? fmt::format("{:0{}X}", n->as_int(), digits < 0 ? 1 : digits) : fmt::format("{:0{}x}", n->as_int(), digits < 0 ? 1 : digits);
            } else if (kind == 'P') {
                text = fmt::format("{:.{}f} %", d * 100, digits < 0 ? 2 : digits);
            } else {
                ctx.not_modelled(fmt::format("the number format '{}'", spec));
            }
        } else {
            text = to_string(v);
        }
        if (align > 0 && text.size() < size_t(align)) text = std::string(size_t(align) - text.size(), ' ') + text;
        if (align < 0 && text.size() < size_t(-align)) text += std::string(size_t(-align) - text.size(), ' ');
        out += text;
    }
    return out;
}

std::optional<PsValue> apply_binary(const std::string& raw_op, const PsValue& l_in, const PsValue& r_in, OperatorContext& ctx) {
    // A list (ArrayList, List[T]) is a collection to the operators, as an array is: -join, -contains,
    // a comparison that filters, + that makes an object[] (spec 7.7.3, 7.8).
    auto as_collection = [](const PsValue& v) {
        if (v.is_object())
            if (auto items = v.as_object()->collection()) return PsValue(items);
        return v;
    };
    const PsValue l = as_collection(l_in), r = as_collection(r_in);
    // Views of the folded spelling: compared with literals as views, no std::string measures
    // each literal first (this runs for every operator a script applies).
    std::string op_text = fold(raw_op);
    std::string_view op = op_text;
    if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") return arithmetic(op, l, r, ctx);
    if (op == "-f") return PsValue(format_operator(to_string(l), r.is_array() ? *r.as_array() : Array{r}, ctx));
    if (op == "..") {
        auto a = to_number(l), b = to_number(r);
        if (!a || !b) ctx.error("Cannot convert the range bounds to integers.", "RangeError");
        long long x = a->is_int() ? a->as_int() : (long long)std::nearbyint(a->as_double());
        long long y = b->is_int() ? b->as_int() : (long long)std::nearbyint(b->as_double());
        if (std::llabs(y - x) > 10'000'000) ctx.error("The range is too large for the simulator (more than 10,000,000 numbers).", "RangeError");
        Array out;
        for (long long i = x;; i += (y >= x ? 1 : -1)) {
            out.push_back(PsValue(i));
            if (i == y) break;
        }
        return make_array(std::move(out));
    }
    if (op.size() < 2 || op[0] != '-') return std::nullopt;
    std::string_view base = op.substr(1);
    bool cs = false;
    if (base.size() > 2 && (base[0] == 'c' || base[0] == 'i') && base != "contains" && base != "in") {
        std::string_view rest = base.substr(1);
        static const char* const casable[] = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch",
                                              "contains", "notcontains", "in", "notin", "replace", "split"};
        for (auto* c : casable)
            if (rest == c) {
                cs = base[0] == 'c';
                base = rest;
                break;
            }
    }
    if (base == "and" || base == "or") return std::nullopt;  // short-circuit: the engine's
    if (base == "xor") return PsValue(to_bool(l) != to_bool(r));
    if (base == "contains" || base == "notcontains") {
        bool found = false;
        for (auto& e : enumerate(l))
            if (ps_equals(e, r, cs)) found = true;
        return PsValue(base == "contains" ? found : !found);
    }
    if (base == "in" || base == "notin") {
        bool found = false;
        for (auto& e : enumerate(r))
            if (ps_equals(e, l, cs)) found = true;
        return PsValue(base == "in" ? found : !found);
    }
    if (base == "is" || base == "isnot" || base == "as") return std::nullopt;  // the engine's: they take a type
    if (base == "replace") {
        Array parts = enumerate(r);
        if (parts.empty() || parts.size() > 2) ctx.error("The -replace operator allows only two elements to follow it, not " +
                                                             std::to_string(parts.size()) + ".", "BadReplaceArgument");
        Regex re = compile_regex(to_string(parts[0]), cs, ctx);
        std::string repl = parts.size() > 1 ? to_string(parts[1]) : "";
        auto replace_one = [&](const std::string& text) {
            std::string out;
            size_t last = 0;
            for (const RegexMatch& m : re.find_all(text)) {
                out += text.substr(last, m.position() - last) + expand_replacement(repl, m);
                last = m.position() + m.length();
            }
            return out + text.substr(last);
        };
        if (l.is_array()) {
            Array out;
            for (auto& e : *l.as_array()) out.push_back(PsValue(replace_one(to_string(e))));
            return make_array(std::move(out));
        }
        return PsValue(replace_one(to_string(l)));
    }
    if (base == "split") {
        Regex re = compile_regex(to_string(r), cs, ctx);
        Array out;
        for (auto& e : enumerate(l)) {
            std::string text = to_string(e);
            size_t last = 0;
            for (const RegexMatch& m : re.find_all(text)) {
                if (m.length() == 0) continue;
                out.push_back(PsValue(text.substr(last, m.position() - last)));
                last = m.position() + m.length();
            }
            out.push_back(PsValue(text.substr(last)));
        }
        return make_array(std::move(out));
    }
    if (base == "join") {
        std::string sep = to_string(r), out;
        bool first = true;
        for (auto& e : enumerate(l)) {
            {
                out += first ? "" : sep;
                out += to_string(e);
            }
            first = false;
        }
        return PsValue(out);
    }
    // Comparisons: a collection on the left filters (spec 7.8.1).
    if (l.is_array()) {
        Array out;
        for (auto& e : *l.as_array()) {
            auto keep = scalar_comparison(base, cs, e, r, ctx);
            if (!keep) return std::nullopt;
            if (*keep) out.push_back(e);
        }
        return make_array(std::move(out));
    }
    if (base == "match" || base == "notmatch") {
        Regex re = compile_regex(to_string(r), cs, ctx);
        RegexMatch m;
        bool found = re.search(to_string(l), &m);
        if (found) ctx.set_matches(matches_table(m));
        return PsValue(base == "match" ? found : !found);
    }
    auto b = scalar_comparison(base, cs, l, r, ctx);
    if (!b) return std::nullopt;
    return PsValue(*b);
}

}  // namespace cusim::ps
