#pragma once
// PowerShell's values as the engine holds them (PowerShell Language Specification 3.0, chapter 4
// "Types" and chapter 6 "Conversions"): $null, bool, integers, doubles, strings, DateTime and
// TimeSpan, arrays (object[]), hashtables (ordered or not), script blocks, and objects that the
// host supplies (certificates, web bindings, Exchange certificates) behind one interface.
//
// A value is cheap to copy: arrays, hashtables and objects are shared, as .NET reference types are
// ($b = $a makes $b name the same array); `+=` on an array makes a new one, as PowerShell does.
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/sim_time.hpp"

namespace cusim::ps {

class Interpreter;
struct PsValue;
struct ScriptBlock;
using Array = std::vector<PsValue>;

// A DateTime (spec 4.5.19) at the simulated clock's precision: seconds.
struct DateTimeValue {
    SimTime t;
};

// A TimeSpan (spec 4.5.20), in seconds.
struct TimeSpanValue {
    long long seconds = 0;
};

class Hashtable;
struct ScriptBlockValue;

// An object the host supplies: an X509Certificate2 on Cert:\, a binding of Get-WebBinding. Every
// property and method it models is named; asking for another is an error that says the simulator
// does not model it (a real object may well have it: $null there would be a silently wrong answer).
class PsObject {
public:
    virtual ~PsObject() = default;
    // The .NET type, as [type].FullName and -is see it.
    virtual std::string type_name() const = 0;
    // Further type names -is accepts (base classes, interfaces), without the type itself.
    virtual std::vector<std::string> base_type_names() const { return {}; }
    // The properties Format-List and Select-Object * show, in their order.
    virtual std::vector<std::string> property_names() const = 0;
    // nullopt: the property is not modelled (name compared without regard to case).
    virtual std::optional<PsValue> property(const std::string& name) const = 0;
    // false: not a settable property the simulator models.
    virtual bool set_property(const std::string& name, const PsValue& v);
    // nullopt: the method is not modelled. Errors are thrown as RuntimeError.
    virtual std::optional<PsValue> call(const std::string& method, const std::vector<PsValue>& args, Interpreter& in);
    // What "$obj" and [string]$obj give.
    virtual std::string to_string() const { return type_name(); }
    // A .NET list (ArrayList, List[T]): its elements, which pipelines, foreach, indexing and the
    // operators see as a collection's (spec 8.4.4, 7.1.4); nullptr for other objects.
    virtual std::shared_ptr<Array> collection() const { return nullptr; }
};
using ObjectPtr = std::shared_ptr<PsObject>;

struct PsValue {
    using Variant = std::variant<std::monostate, bool, long long, double, std::string, DateTimeValue, TimeSpanValue,
                                 std::shared_ptr<Array>, std::shared_ptr<Hashtable>, std::shared_ptr<ScriptBlockValue>,
                                 ObjectPtr>;
    Variant v;

    PsValue() = default;
    PsValue(std::nullptr_t) {}
    PsValue(bool b) : v(b) {}
    PsValue(int i) : v(static_cast<long long>(i)) {}
    PsValue(long long i) : v(i) {}
    PsValue(double d) : v(d) {}
    PsValue(std::string s) : v(std::move(s)) {}
    PsValue(const char* s) : v(std::string(s)) {}
    PsValue(DateTimeValue d) : v(d) {}
    PsValue(TimeSpanValue t) : v(t) {}
    PsValue(std::shared_ptr<Array> a) : v(std::move(a)) {}
    PsValue(std::shared_ptr<Hashtable> h) : v(std::move(h)) {}
    PsValue(std::shared_ptr<ScriptBlockValue> s) : v(std::move(s)) {}
    PsValue(ObjectPtr o) : v(std::move(o)) {}

    bool is_null() const { return v.index() == 0; }
    bool is_bool() const { return std::holds_alternative<bool>(v); }
    bool is_int() const { return std::holds_alternative<long long>(v); }
    bool is_double() const { return std::holds_alternative<double>(v); }
    bool is_number() const { return is_int() || is_double(); }
    bool is_string() const { return std::holds_alternative<std::string>(v); }
    bool is_datetime() const { return std::holds_alternative<DateTimeValue>(v); }
    bool is_timespan() const { return std::holds_alternative<TimeSpanValue>(v); }
    bool is_array() const { return std::holds_alternative<std::shared_ptr<Array>>(v); }
    bool is_hashtable() const { return std::holds_alternative<std::shared_ptr<Hashtable>>(v); }
    bool is_scriptblock() const { return std::holds_alternative<std::shared_ptr<ScriptBlockValue>>(v); }
    bool is_object() const { return std::holds_alternative<ObjectPtr>(v); }

    bool as_bool() const { return std::get<bool>(v); }
    long long as_int() const { return std::get<long long>(v); }
    double as_double() const { return std::get<double>(v); }
    const std::string& as_string() const { return std::get<std::string>(v); }
    SimTime as_datetime() const { return std::get<DateTimeValue>(v).t; }
    long long as_timespan() const { return std::get<TimeSpanValue>(v).seconds; }
    const std::shared_ptr<Array>& as_array() const { return std::get<std::shared_ptr<Array>>(v); }
    const std::shared_ptr<Hashtable>& as_hashtable() const { return std::get<std::shared_ptr<Hashtable>>(v); }
    const std::shared_ptr<ScriptBlockValue>& as_scriptblock() const { return std::get<std::shared_ptr<ScriptBlockValue>>(v); }
    const ObjectPtr& as_object() const { return std::get<ObjectPtr>(v); }
};

PsValue make_array(Array items = {});

// @{} and [ordered]@{}: keys compared without regard to case when they are strings (spec 4.3.6:
// "the key comparison is case-insensitive"). Both keep insertion order here; a plain Hashtable
// enumerates in hash order in .NET, which no script can rely on, so output is ordered either way.
class Hashtable {
public:
    bool ordered = false;
    std::vector<std::pair<PsValue, PsValue>> entries;

    const PsValue* find(const PsValue& key) const;
    void set(const PsValue& key, PsValue value);
    bool remove(const PsValue& key);
};

// A { } value: the block, and the parsed script that owns it (kept alive with it).
struct ScriptBlockValue {
    const ScriptBlock* block = nullptr;
    std::shared_ptr<const void> owner;
    std::string text;  // the source between the braces, what [string]{...} gives
};

// [pscustomobject]@{...} and Select-Object's output: properties in order.
class CustomObject : public PsObject {
public:
    std::vector<std::pair<std::string, PsValue>> properties;
    std::string type_name() const override { return "System.Management.Automation.PSCustomObject"; }
    std::vector<std::string> property_names() const override;
    std::optional<PsValue> property(const std::string& name) const override;
    bool set_property(const std::string& name, const PsValue& v) override;
    std::string to_string() const override;
};

// System.Collections.ArrayList and System.Collections.Generic.List[T] (New-Object, ::new()): a list
// that changes in place, shared by every variable that holds it. ArrayList.Add returns the new
// element's index, which is output unless discarded ([void], $null =, | Out-Null); List[T].Add
// returns nothing and converts the element to T
// (https://learn.microsoft.com/en-us/dotnet/api/system.collections.arraylist.add,
// https://learn.microsoft.com/en-us/dotnet/api/system.collections.generic.list-1.add).
class ListObject : public PsObject {
public:
    // `element_type`: "" for an ArrayList, else List[T]'s T as written ("string", "int").
    explicit ListObject(std::string element_type = "") : element(std::move(element_type)), items(std::make_shared<Array>()) {}
    std::string element;
    std::shared_ptr<Array> items;
    std::string type_name() const override;
    std::vector<std::string> property_names() const override { return {"Count", "Capacity", "IsReadOnly", "IsFixedSize", "IsSynchronized"}; }
    std::optional<PsValue> property(const std::string& name) const override;
    std::optional<PsValue> call(const std::string& method, const std::vector<PsValue>& args, Interpreter& in) override;
    std::string to_string() const override;
    std::shared_ptr<Array> collection() const override { return items; }
};

// A SecureString (ConvertTo-SecureString): the text stays in the simulator, as the real one stays
// in memory; printing it gives its type name.
class SecureStringObject : public PsObject {
public:
    explicit SecureStringObject(std::string text) : plain(std::move(text)) {}
    std::string plain;
    std::string type_name() const override { return "System.Security.SecureString"; }
    std::vector<std::string> property_names() const override { return {"Length"}; }
    std::optional<PsValue> property(const std::string& name) const override;
};

// ---- conversions (spec chapter 6) ----

// The .NET type name of a value ("System.String", "System.Object[]").
std::string type_name_of(const PsValue& v);
// Conversion to bool (spec 6.2).
bool to_bool(const PsValue& v);
// Conversion to string (spec 6.8): arrays joined with a space ($OFS), dates in the invariant
// culture ("05/31/2024 23:59:59"), doubles in round-trip form, $null as "".
std::string to_string(const PsValue& v);
// The display form of a double ("1.5", "1E+20"): .NET's Double.ToString() with the invariant culture.
std::string format_double(double d);
// Conversion to a number (spec 6.4/6.5): nullopt when the value has none ("abc", an object).
std::optional<PsValue> to_number(const PsValue& v);
// A DateTime from a value (spec 6.?: a string parsed with the invariant culture): nullopt if none.
std::optional<SimTime> to_datetime(const PsValue& v);
// The elements a value enumerates in a pipeline or foreach: an array's elements, $null as nothing,
// anything else as itself (spec 8.4.4). Hashtables are not enumerated.
Array enumerate(const PsValue& v);
// A pipeline's output as one value (spec 7.1.1 and 8.1.3): nothing is $null, one object is itself,
// more are an object[].
PsValue collapse(Array items);

// TimeSpan's text: "d.hh:mm:ss" or "hh:mm:ss".
std::string format_timespan(long long seconds);
// DateTime.ToString(format) with the en-US culture for names ("dddd, MMMM d, yyyy h:mm:ss tt" for
// the default display), custom and standard format strings (d, D, g, G, s, u, o, yyyy-MM-dd...).
// nullopt: a format specifier the simulator does not model.
std::optional<std::string> format_datetime(SimTime t, const std::string& format);

}  // namespace cusim::ps
