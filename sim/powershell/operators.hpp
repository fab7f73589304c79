#pragma once
// PowerShell's operators on values (PowerShell Language Specification 3.0, sections 7.6-7.10 and
// about_Comparison_Operators, about_Arithmetic_Operators, about_Split, about_Join, about_Format):
// the left operand decides the type the right one is converted to; string comparison ignores case
// unless the operator has a 'c' (-ceq); a collection on the left filters (returns the elements for
// which the comparison holds); -match sets $Matches.
#include <optional>
#include <string>

#include "sim/core/regex.hpp"
#include "sim/powershell/value.hpp"

namespace cusim::ps {

class Hashtable;

// What an operator needs from the engine: raising an error, setting $Matches.
struct OperatorContext {
    virtual ~OperatorContext() = default;
    [[noreturn]] virtual void error(const std::string& message, const std::string& error_id) = 0;
    // Something the simulator does not model ("the date format 'zzz'"): never approximated.
    [[noreturn]] virtual void not_modelled(const std::string& what) = 0;
    virtual void set_matches(PsValue matches) = 0;
};

// Equality of two scalars as -eq sees it (the right converted to the left's type).
bool ps_equals(const PsValue& left, const PsValue& right, bool case_sensitive);
// -lt/-gt ordering: <0, 0, >0; nullopt when the values do not compare (an error for the caller).
std::optional<int> ps_compare(const PsValue& left, const PsValue& right, bool case_sensitive);

// Applies a binary operator ("+", "-eq", "-like", "-f", ...; not -and/-or, which short-circuit).
// Returns nullopt for an operator the engine does not model.
std::optional<PsValue> apply_binary(const std::string& op, const PsValue& left, const PsValue& right, OperatorContext& ctx);

// The -f operator's composite formatting ("{0,-10} {1:N2} {2:yyyy-MM-dd}").
std::string format_operator(const std::string& format, const Array& args, OperatorContext& ctx);

// Converts a value to a type named in a cast ("int", "System.String", "datetime", "string[]").
// nullopt: a type the engine does not model. Errors (a value that does not convert) go to ctx.
std::optional<PsValue> convert_to_type(const PsValue& v, const std::string& type, bool array, OperatorContext& ctx);
// A .NET pattern of -match, -replace, switch -Regex and Select-String, case-insensitive unless `case_sensitive`;
// one that does not compile is the operator's InvalidRegularExpression error through ctx.
Regex compile_regex(const std::string& pattern, bool case_sensitive, OperatorContext& ctx);
// -is: nullopt for a type the engine does not model.
std::optional<bool> value_is_type(const PsValue& v, const std::string& type);

}  // namespace cusim::ps
