#pragma once
// Members of the values the engine knows: the properties and methods of String, DateTime,
// TimeSpan, arrays and hashtables that recovery scripts use (learn.microsoft.com's .NET API pages
// name each), member enumeration on arrays (about_Member-Access_Enumeration), GetType(), and the
// static members of the types scripts name ([DateTime]::Now, [string]::IsNullOrEmpty,
// [System.Net.Dns]::GetHostName()). Host objects answer for themselves (PsObject).
#include <optional>
#include <string>
#include <vector>

#include "sim/powershell/value.hpp"

namespace cusim::ps {

// A type as a value ([datetime] alone, GetType()'s result): its name, for -is, -as and statics.
class TypeObject : public PsObject {
public:
    explicit TypeObject(std::string name) : name(std::move(name)) {}
    std::string name;  // as written or as the runtime names it: "datetime", "System.String"
    std::string type_name() const override { return "System.RuntimeType"; }
    std::vector<std::string> property_names() const override { return {"Name", "FullName"}; }
    std::optional<PsValue> property(const std::string& n) const override;
    std::string to_string() const override;
};

// The full name of a type written in a script ("datetime" -> "System.DateTime"), or the name as
// written when the engine does not know it.
std::string full_type_name(const std::string& written);
// The lists New-Object and ::new() make (ListObject, value.hpp): System.Collections.ArrayList and
// System.Collections.Generic.List[T] for T string, int or object; nullptr for any other type.
ObjectPtr make_list(const std::string& type);

// nullopt: the member is not modelled for this value.
std::optional<PsValue> get_property(const PsValue& target, const std::string& name);
std::optional<PsValue> call_method(const PsValue& target, const std::string& name, const std::vector<PsValue>& args,
                                   Interpreter& in);
std::optional<PsValue> get_static(const std::string& type, const std::string& name, Interpreter& in);
std::optional<PsValue> call_static(const std::string& type, const std::string& name, const std::vector<PsValue>& args,
                                   Interpreter& in);

}  // namespace cusim::ps
