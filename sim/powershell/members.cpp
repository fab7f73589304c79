#include "sim/powershell/members.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/core/text.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/powershell/interpreter.hpp"
#include "sim/powershell/operators.hpp"

namespace cusim::ps {
namespace {

std::string lc(const std::string& s) { return ascii_lower(s); }

// Argument i of a .NET method as a number, converted as PowerShell converts it to the parameter's
// type (`type`: "System.Int32", "System.Double"): a missing argument or one that is not a number
// is PowerShell's error for that method.
PsValue number_arg(const std::vector<PsValue>& args, size_t i, Interpreter& in, const std::string& method, const char* type) {
    if (i >= args.size())
        in.throw_error(fmt::format("Cannot find an overload for \"{}\" and the argument count: \"{}\".", method, args.size()),
                       "MethodCountCouldNotFindBest");
    auto n = to_number(args[i]);
    if (!n) in.throw_error(fmt::format("Cannot convert argument \"{}\", with value: \"{}\", for \"{}\" to type \"{}\".", i,
                                       to_string(args[i]), method, type), "MethodArgumentConversionInvalidCastArgument");
    return *n;
}

double double_arg(const std::vector<PsValue>& args, size_t i, Interpreter& in, const std::string& method) {
    PsValue n = number_arg(args, i, in, method, "System.Double");
    return n.is_int() ? double(n.as_int()) : n.as_double();
}

long long int_arg(const std::vector<PsValue>& args, size_t i, Interpreter& in, const std::string& method) {
    PsValue n = number_arg(args, i, in, method, "System.Int32");
    double d = n.is_int() ? double(n.as_int()) : n.as_double();
    // The .NET methods scripts call take an Int32 here (AddYears, AddMonths, Substring): PowerShell
    // converts the argument first, and a value outside Int32 fails that conversion.
    if (!(d >= -2147483648.0 && d <= 2147483647.0))
        in.throw_error(fmt::format("Cannot convert argument \"value\", with value: \"{}\", for \"{}\" to type \"System.Int32\": "
                                   "\"Cannot convert value \"{}\" to type \"System.Int32\". Error: \"Value was either too large or too "
                                   "small for an Int32.\"\"", to_string(args[i]), method, to_string(args[i])),
                       "MethodArgumentConversionInvalidCastArgument");
    return n.is_int() ? n.as_int() : static_cast<long long>(std::nearbyint(n.as_double()));
}

PsValue date_plus(SimTime t, double amount, long long unit_seconds, const std::string& method, Interpreter& in) {
    double secs = amount * double(unit_seconds);
    std::optional<SimTime> r;
    if (std::isfinite(secs) && std::fabs(secs) < 4e11) r = add_to_time(t, static_cast<long long>(std::llround(secs)), 1);
    if (!r) in.throw_error(fmt::format("Exception calling \"{}\" with \"1\" argument(s): \"The added or subtracted value results in "
                                       "an un-representable DateTime.\r\nParameter name: value\"", method),
                           "ArgumentOutOfRangeException");
    return PsValue(DateTimeValue{*r});
}

// DateTime.AddMonths/AddYears: calendar arithmetic, the day clamped to the month's last day.
PsValue add_months(SimTime t, long long months, const std::string& method, Interpreter& in) {
    using namespace std::chrono;
    auto day = floor<days>(t);
    year_month_day ymd{day};
    long long total = (long long)int(ymd.year()) * 12 + (unsigned(ymd.month()) - 1) + months;
    long long y = total / 12, mo = total % 12 + 1;
    if (y < 1 || y > 9999)
        in.throw_error(fmt::format("Exception calling \"{}\" with \"1\" argument(s): \"The added or subtracted value results in an "
                                   "un-representable DateTime.\"", method), "ArgumentOutOfRangeException");
    year_month_day_last last{year{int(y)} / month{unsigned(mo)} / std::chrono::last};
    unsigned d = std::min(unsigned(ymd.day()), unsigned(last.day()));
    return PsValue(DateTimeValue{SimTime{sys_days{year{int(y)} / month{unsigned(mo)} / d}} + (t - day)});
}

std::optional<PsValue> datetime_property(SimTime t, const std::string& n) {
    using namespace std::chrono;
    auto day = floor<days>(t);
    year_month_day ymd{day};
    long long tod = (t - day).count();
    if (n == "year") return PsValue(int(ymd.year()));
    if (n == "month") return PsValue(int(unsigned(ymd.month())));
    if (n == "day") return PsValue(int(unsigned(ymd.day())));
    if (n == "hour") return PsValue(tod / 3600);
    if (n == "minute") return PsValue(tod % 3600 / 60);
    if (n == "second") return PsValue(tod % 60);
    if (n == "millisecond") return PsValue(0);
    if (n == "date") return PsValue(DateTimeValue{SimTime{day}});
    if (n == "timeofday") return PsValue(TimeSpanValue{tod});
    if (n == "dayofweek") return PsValue(*format_datetime(t, "dddd"));
    if (n == "dayofyear") {
        auto jan1 = sys_days{ymd.year() / January / 1};
        return PsValue(static_cast<long long>((day - jan1).count() + 1));
    }
    // The simulated server keeps its clock in UTC (its time zone is not modelled): Kind is Local,
    // as Get-Date's, and local time is UTC.
    if (n == "kind") return PsValue("Local");
    return std::nullopt;
}

std::optional<PsValue> timespan_property(long long s, const std::string& n) {
    if (n == "days") return PsValue(s / 86400);
    if (n == "hours") return PsValue(s % 86400 / 3600);
    if (n == "minutes") return PsValue(s % 3600 / 60);
    if (n == "seconds") return PsValue(s % 60);
    if (n == "milliseconds") return PsValue(0);
    if (n == "totaldays") return PsValue(double(s) / 86400);
    if (n == "totalhours") return PsValue(double(s) / 3600);
    if (n == "totalminutes") return PsValue(double(s) / 60);
    if (n == "totalseconds") return PsValue(double(s));
    if (n == "totalmilliseconds") return PsValue(double(s) * 1000);
    if (n == "ticks") return PsValue(s * 10'000'000);
    return std::nullopt;
}

}  // namespace

std::string full_type_name(const std::string& written) {
    static const std::pair<const char*, const char*> names[] = {
        {"string", "System.String"},     {"int", "System.Int32"},       {"int32", "System.Int32"},
        {"long", "System.Int64"},        {"int64", "System.Int64"},     {"double", "System.Double"},
        {"bool", "System.Boolean"},      {"boolean", "System.Boolean"}, {"datetime", "System.DateTime"},
        {"timespan", "System.TimeSpan"}, {"hashtable", "System.Collections.Hashtable"},
        {"array", "System.Array"},       {"math", "System.Math"},       {"environment", "System.Environment"},
        {"pscustomobject", "System.Management.Automation.PSObject"}, {"object", "System.Object"},
        {"scriptblock", "System.Management.Automation.ScriptBlock"}};
    std::string l = lc(written);
    if (l.rfind("system.", 0) == 0) l = l.substr(7);
    for (auto& [a, b] : names)
        if (l == a) return b;
    return written;
}

std::optional<PsValue> TypeObject::property(const std::string& n) const {
    std::string full = full_type_name(name);
    if (iequals(n, "FullName")) return PsValue(full);
    if (iequals(n, "Name")) return PsValue(full.substr(full.rfind('.') == std::string::npos ? 0 : full.rfind('.') + 1));
    return std::nullopt;
}

std::string TypeObject::to_string() const { return full_type_name(name); }

std::optional<PsValue> get_property(const PsValue& target, const std::string& name) {
    std::string lowered = lc(name);
    std::string_view n = lowered;  // compared with literals as a view: none measured first
    // Count and Length on anything (PowerShell 3.0's intrinsic members): 0 for $null, 1 for a
    // scalar; a collection's and a string's own come first.
    if ((n == "count" || n == "length") && !target.is_array() && !target.is_hashtable() && !(target.is_string() && n == "length")) {
        if (target.is_null()) return PsValue(0);
        if (!target.is_object() || !target.as_object()->property(name)) return PsValue(1);
    }
    switch (target.v.index()) {
        case 0: return PsValue();  // $null.Anything is $null (no strict mode)
        case 1: case 2: case 3: return PsValue();  // primitives have no other properties
        case 4:
            if (n == "length") return PsValue(static_cast<long long>(target.as_string().size()));
            return PsValue();  // System.String has only Length (and the indexer Chars)
        case 5: {
            if (auto p = datetime_property(target.as_datetime(), lowered)) return p;
            return std::nullopt;
        }
        case 6: return timespan_property(target.as_timespan(), lowered);
        case 7: {
            auto& a = *target.as_array();
            if (n == "count" || n == "length") return PsValue(static_cast<long long>(a.size()));
            // Member enumeration (PowerShell 3.0 and later): the property of every element.
            Array out;
            for (auto& e : a) {
                auto p = get_property(e, name);
                if (!p) return std::nullopt;
                for (auto& x : enumerate(*p)) out.push_back(x);
            }
            return collapse(std::move(out));
        }
        case 8: {
            auto& h = *target.as_hashtable();
            if (auto* v = h.find(PsValue(name))) return *v;
            if (n == "count") return PsValue(static_cast<long long>(h.entries.size()));
            if (n == "keys" || n == "values") {
                Array out;
                for (auto& [k, v] : h.entries) out.push_back(n == "keys" ? k : v);
                return make_array(std::move(out));
            }
            return PsValue();
        }
        case 9: return std::nullopt;
        default: return target.as_object()->property(name);
    }
}

std::optional<PsValue> call_method(const PsValue& target, const std::string& name, const std::vector<PsValue>& args,
                                   Interpreter& in) {
    std::string n = lc(name);
    if (n == "gettype" && args.empty()) {
        if (target.is_null()) in.throw_error("You cannot call a method on a null-valued expression.", "InvokeMethodOnNull");
        return PsValue(ObjectPtr(std::make_shared<TypeObject>(type_name_of(target))));
    }
    if (n == "tostring" && args.empty() && !target.is_datetime() && !target.is_null() &&
        !(target.is_object() && target.as_object()->collection()))
        return PsValue(to_string(target));
    if (target.is_null()) in.throw_error("You cannot call a method on a null-valued expression.", "InvokeMethodOnNull");
    auto str = [&](size_t i) { return i < args.size() ? to_string(args[i]) : std::string(); };
    if (target.is_string()) {
        const std::string& s = target.as_string();
        if (n == "toupper" || n == "toupperinvariant") {
            std::string u = s;
            for (auto& c : u) c = char(std::toupper(static_cast<unsigned char>(c)));
            return PsValue(u);
        }
        if (n == "tolower" || n == "tolowerinvariant") return PsValue(lc(s));
        if (n == "trim" || n == "trimstart" || n == "trimend") {
            std::string chars = args.empty() ? std::string(" \t\r\n") : std::string();
            for (auto& a : args) chars += to_string(a);
            size_t b = n == "trimend" ? 0 : s.find_first_not_of(chars);
            if (b == std::string::npos) return PsValue(std::string());
            size_t e = n == "trimstart" ? s.size() - 1 : s.find_last_not_of(chars);
            return PsValue(s.substr(b, e - b + 1));
        }
        // .NET's String methods compare case-sensitively (ordinal or current culture), unlike the operators.
        if (n == "startswith") return PsValue(s.rfind(str(0), 0) == 0);
        if (n == "endswith") return PsValue(s.size() >= str(0).size() && s.compare(s.size() - str(0).size(), str(0).size(), str(0)) == 0);
        if (n == "contains") return PsValue(s.find(str(0)) != std::string::npos);
        if (n == "indexof") {
            auto p = s.find(str(0));
            return PsValue(p == std::string::npos ? -1LL : static_cast<long long>(p));
        }
        if (n == "replace") {
            std::string out = s, from = str(0), to = str(1);
            if (from.empty()) in.throw_error("Exception calling \"Replace\" with \"2\" argument(s): \"String cannot be of zero length.\"",
                                             "ArgumentException");
            for (size_t p = out.find(from); p != std::string::npos; p = out.find(from, p + to.size())) out.replace(p, from.size(), to);
            return PsValue(out);
        }
        if (n == "split") {
            std::string seps;
            for (auto& a : args) seps += to_string(a);
            if (seps.empty()) seps = " \t\r\n";
            Array out;
            std::string cur;
            for (char c : s) {
                if (seps.find(c) != std::string::npos) {
                    out.push_back(PsValue(cur));
                    cur.clear();
                } else {
                    cur += c;
                }
            }
            out.push_back(PsValue(cur));
            return make_array(std::move(out));
        }
        if (n == "substring") {
            long long start = int_arg(args, 0, in, "Substring");
            long long len = args.size() > 1 ? int_arg(args, 1, in, "Substring") : static_cast<long long>(s.size()) - start;
            if (start < 0 || len < 0 || size_t(start + len) > s.size())
                in.throw_error(fmt::format("Exception calling \"Substring\" with \"{}\" argument(s): \"Index and length must refer to "
                                           "a location within the string.\r\nParameter name: length\"", args.size()),
                               "ArgumentOutOfRangeException");
            return PsValue(s.substr(size_t(start), size_t(len)));
        }
        if (n == "padleft" || n == "padright") {
            long long w = int_arg(args, 0, in, name);
            std::string pad = args.size() > 1 ? str(1) : " ";
            if (size_t(std::max(0LL, w)) <= s.size() || pad.empty()) return PsValue(s);
            std::string fill(size_t(w) - s.size(), pad[0]);
            return PsValue(n == "padleft" ? fill + s : s + fill);
        }
        if (n == "equals") return PsValue(s == str(0));
        return std::nullopt;
    }
    if (target.is_datetime()) {
        SimTime t = target.as_datetime();
        if (n == "adddays") return date_plus(t, double_arg(args, 0, in, "AddDays"), seconds_per_day, "AddDays", in);
        if (n == "addhours") return date_plus(t, double_arg(args, 0, in, "AddHours"), seconds_per_hour, "AddHours", in);
        if (n == "addminutes") return date_plus(t, double_arg(args, 0, in, "AddMinutes"), seconds_per_minute, "AddMinutes", in);
        if (n == "addseconds") return date_plus(t, double_arg(args, 0, in, "AddSeconds"), 1, "AddSeconds", in);
        if (n == "addmonths" || n == "addyears") {
            long long k = int_arg(args, 0, in, name);
            if (n == "addyears" && (k < -10000 || k > 10000))
                in.throw_error("Exception calling \"AddYears\" with \"1\" argument(s): \"Years value must be between +/-10000.\r\n"
                               "Parameter name: years\"", "ArgumentOutOfRangeException");
            if (n == "addmonths" && (k < -120000 || k > 120000))
                in.throw_error("Exception calling \"AddMonths\" with \"1\" argument(s): \"Months value must be between +/-120000.\r\n"
                               "Parameter name: months\"", "ArgumentOutOfRangeException");
            return add_months(t, n == "addyears" ? k * 12 : k, n == "addyears" ? "AddYears" : "AddMonths", in);
        }
        if (n == "tostring") {
            auto f = format_datetime(t, args.empty() ? "G" : str(0));
            if (!f) in.not_modelled(fmt::format("the date format \"{}\"", str(0)));
            return PsValue(*f);
        }
        if (n == "toshortdatestring") return PsValue(*format_datetime(t, "d"));
        if (n == "tolongdatestring") return PsValue(*format_datetime(t, "D"));
        if (n == "toshorttimestring") return PsValue(*format_datetime(t, "t"));
        if (n == "tolongtimestring") return PsValue(*format_datetime(t, "T"));
        // The simulated server's time zone is UTC: local and universal time are the same.
        if (n == "touniversaltime" || n == "tolocaltime") return target;
        if (n == "subtract" && args.size() == 1) {
            if (args[0].is_datetime()) return PsValue(TimeSpanValue{to_time_t(t) - to_time_t(args[0].as_datetime())});
            if (args[0].is_timespan()) return date_plus(t, -double(args[0].as_timespan()), 1, "Subtract", in);
        }
        if (n == "compareto" && args.size() == 1) {
            auto o = to_datetime(args[0]);
            if (!o) return std::nullopt;
            return PsValue(t < *o ? -1 : t > *o ? 1 : 0);
        }
        return std::nullopt;
    }
    if (target.is_array()) {
        auto& a = *target.as_array();
        // IList.Contains and IndexOf use Object.Equals: strings compare case-sensitively.
        if (n == "contains" || n == "indexof") {
            for (size_t i = 0; i < a.size(); ++i)
                if (args.size() == 1 && ps_equals(a[i], args[0], true) && type_name_of(a[i]) == type_name_of(args[0]))
                    return n == "contains" ? PsValue(true) : PsValue(static_cast<long long>(i));
            return n == "contains" ? PsValue(false) : PsValue(-1LL);
        }
        if ((n == "where" || n == "foreach") && args.size() == 1 && args[0].is_scriptblock()) {
            Array out;
            for (auto& e : a) {
                Array r = in.invoke_block(*args[0].as_scriptblock(), e);
                if (n == "where") {
                    if (to_bool(collapse(r))) out.push_back(e);
                } else {
                    for (auto& x : r) out.push_back(x);
                }
            }
            return make_array(std::move(out));
        }
        return std::nullopt;
    }
    if (target.is_hashtable()) {
        auto& h = *target.as_hashtable();
        if (n == "containskey" && args.size() == 1) return PsValue(h.find(args[0]) != nullptr);
        if (n == "containsvalue" && args.size() == 1) {
            for (auto& [k, v] : h.entries)
                if (ps_equals(v, args[0], false)) return PsValue(true);
            return PsValue(false);
        }
        if (n == "add" && args.size() == 2) {
            if (h.find(args[0]))
                in.throw_error(fmt::format("Exception calling \"Add\" with \"2\" argument(s): \"Item has already been added. Key in "
                                           "dictionary: '{}'  Key being added: '{}'\"", to_string(args[0]), to_string(args[0])),
                               "ArgumentException");
            h.set(args[0], args[1]);
            return PsValue();
        }
        if (n == "remove" && args.size() == 1) {
            h.remove(args[0]);
            return PsValue();
        }
        if (n == "clear" && args.empty()) {
            h.entries.clear();
            return PsValue();
        }
        return std::nullopt;
    }
    if (target.is_scriptblock() && n == "invoke") return collapse(in.invoke_block(*target.as_scriptblock(), PsValue(), args));
    if (target.is_object()) return target.as_object()->call(name, args, in);
    return std::nullopt;
}

std::optional<PsValue> get_static(const std::string& type, const std::string& name, Interpreter& in) {
    std::string t = lc(full_type_name(type)), n = lc(name);
    if (t == "system.datetime") {
        if (n == "now" || n == "utcnow") return PsValue(DateTimeValue{in.host().now()});
        if (n == "today") return PsValue(DateTimeValue{std::chrono::floor<std::chrono::days>(in.host().now())});
        if (n == "minvalue") return PsValue(DateTimeValue{first_representable_time()});
        if (n == "maxvalue") return PsValue(DateTimeValue{last_representable_time()});
    }
    if (t == "system.int32" && n == "maxvalue") return PsValue(2147483647LL);
    if (t == "system.int32" && n == "minvalue") return PsValue(-2147483648LL);
    if (t == "system.string" && n == "empty") return PsValue(std::string());
    if (t == "system.environment") {
        if (n == "machinename") return PsValue(in.host().machine_name());
        if (n == "newline") return PsValue("\r\n");
    }
    return std::nullopt;
}

std::optional<PsValue> call_static(const std::string& type, const std::string& name, const std::vector<PsValue>& args,
                                   Interpreter& in) {
    std::string t = lc(full_type_name(type)), n = lc(name);
    if (t.rfind("system.", 0) != 0) t = "system." + t;
    if (n == "new")
        if (auto list = make_list(type)) {
            if (!args.empty()) in.not_modelled(fmt::format("[{}]::new() with arguments", type));
            return PsValue(list);
        }
    auto str = [&](size_t i) { return i < args.size() ? to_string(args[i]) : std::string(); };
    if (t == "system.string") {
        if (n == "isnullorempty" && args.size() == 1) return PsValue(args[0].is_null() || to_string(args[0]).empty());
        if (n == "isnullorwhitespace" && args.size() == 1)
            return PsValue(to_string(args[0]).find_first_not_of(" \t\r\n") == std::string::npos);
        if (n == "join" && args.size() >= 2) {
            std::string out;
            Array items = args.size() == 2 ? enumerate(args[1]) : Array(args.begin() + 1, args.end());
            for (size_t i = 0; i < items.size(); ++i) {
                if (i) out += str(0);
                out += to_string(items[i]);
            }
            return PsValue(out);
        }
    }
    if (t == "system.datetime" && n == "parse" && args.size() == 1) {
        auto d = to_datetime(PsValue(str(0)));
        if (!d) in.throw_error(fmt::format("Exception calling \"Parse\" with \"1\" argument(s): \"String was not recognized as a "
                                           "valid DateTime.\""), "FormatException");
        return PsValue(DateTimeValue{*d});
    }
    if (t == "system.timespan") {
        static const std::pair<const char*, long long> units[] = {
            {"fromdays", seconds_per_day}, {"fromhours", seconds_per_hour}, {"fromminutes", 60}, {"fromseconds", 1}};
        for (auto& [u, secs] : units)
            if (n == u && args.size() == 1) return PsValue(TimeSpanValue{std::llround(double_arg(args, 0, in, name) * double(secs))});
    }
    if (t == "system.math") {
        double x = double_arg(args, 0, in, name);
        if (n == "round") {
            int digits = args.size() > 1 ? int(int_arg(args, 1, in, name)) : 0;
            double scale = std::pow(10.0, digits);
            double r = std::nearbyint(x * scale) / scale;  // banker's rounding, as Math.Round
            return digits == 0 && (args[0].is_int()) ? PsValue(static_cast<long long>(r)) : PsValue(r);
        }
        if (n == "floor") return PsValue(std::floor(x));
        if (n == "ceiling") return PsValue(std::ceil(x));
        if (n == "abs") return args[0].is_int() ? PsValue(std::llabs(args[0].as_int())) : PsValue(std::fabs(x));
        if ((n == "max" || n == "min") && args.size() == 2) {
            auto c = ps_compare(args[0], args[1], false);
            if (!c) return std::nullopt;
            return (n == "max") == (*c >= 0) ? args[0] : args[1];
        }
    }
    if (t == "system.net.dns" && (n == "gethostbyname" || n == "gethostentry") && args.size() == 1) {
        auto fqdn = in.host().dns_host_name(str(0));
        if (!fqdn) in.not_modelled(fmt::format("[System.Net.Dns]::{}() of '{}' (a name other than this server's)", name, str(0)));
        auto o = std::make_shared<CustomObject>();
        o->properties = {{"HostName", PsValue(*fqdn)}, {"Aliases", make_array()}, {"AddressList", make_array()}};
        return PsValue(ObjectPtr(o));
    }
    if (t == "system.io.file" && (n == "readallbytes" || n == "readalltext" || n == "readalllines") && args.size() == 1) {
        // The file through the host (its files are the script's folder and setup's log); a missing
        // one is .NET's FileNotFoundException, as a method exception
        // (https://learn.microsoft.com/en-us/dotnet/api/system.io.file.readallbytes).
        auto data = read_host_file(in, str(0), n == "readallbytes");
        if (!data)
            in.throw_error(fmt::format("Exception calling \"{}\" with \"1\" argument(s): \"Could not find file '{}'.\"", name, str(0)),
                           "FileNotFoundException", "System.Management.Automation.MethodInvocationException");
        Array out;
        if (n == "readalltext") return PsValue(*data);
        if (n == "readalllines") {
            for (auto& l : file_lines(*data)) out.push_back(PsValue(l));
        } else {
            // byte[]: each byte a number 0..255 (PowerShell enumerates a byte[] as its bytes).
            out.reserve(data->size());
            for (unsigned char b : *data) out.push_back(PsValue(static_cast<long long>(b)));
        }
        return make_array(std::move(out));
    }
    if ((t == "system.net.dns" && n == "gethostname") || (t == "system.environment" && n == "getenvironmentvariable"))
        return n == "gethostname" ? PsValue(in.host().machine_name())
                                  : (in.host().environment(str(0)) ? PsValue(*in.host().environment(str(0))) : PsValue());
    return std::nullopt;
}


// ---- System.Collections.ArrayList and List[T] (value.hpp)

std::string ListObject::type_name() const {
    if (element.empty()) return "System.Collections.ArrayList";
    // List<T>'s FullName names T by its assembly-qualified name (Type.FullName of a generic type).
    return "System.Collections.Generic.List`1[[" + full_type_name(element) +
           ", mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]";
}

std::optional<PsValue> ListObject::property(const std::string& name) const {
    std::string n = lc(name);
    if (n == "count") return PsValue(static_cast<long long>(items->size()));
    if (n == "isreadonly" || n == "isfixedsize" || n == "issynchronized") return PsValue(false);
    return std::nullopt;
}

std::string ListObject::to_string() const { return ps::to_string(PsValue(items)); }

std::optional<PsValue> ListObject::call(const std::string& method, const std::vector<PsValue>& args, Interpreter& in) {
    std::string n = lc(method);
    Array& a = *items;
    // List[T] converts what it takes to T; the element types the simulator models are string, int and object.
    auto element_of = [&](const PsValue& v) -> PsValue {
        std::string t = lc(full_type_name(element));
        if (element.empty() || t == "system.object") return v;
        if (t == "system.string") return v.is_null() ? PsValue() : PsValue(ps::to_string(v));
        if (t == "system.int32" && v.is_int()) return v;
        in.not_modelled(fmt::format("{}.{}() of a [{}]", type_name(), method, type_name_of(v)));
    };
    // Object.Equals: a string compares with case, and only with a value of its own type.
    auto index_of = [&](const PsValue& v) -> long long {
        for (size_t i = 0; i < a.size(); ++i)
            if (ps_equals(a[i], v, true) && type_name_of(a[i]) == type_name_of(v)) return static_cast<long long>(i);
        return -1;
    };
    auto in_range = [&](const PsValue& v, size_t size) -> size_t {
        auto k = to_number(v);
        if (!k || !k->is_int() || k->as_int() < 0 || static_cast<size_t>(k->as_int()) > size)
            in.not_modelled(fmt::format("{}.{}() with the index {}", type_name(), method, ps::to_string(v)));
        return static_cast<size_t>(k->as_int());
    };
    if (n == "add" && args.size() == 1) {
        a.push_back(element_of(args[0]));
        if (!element.empty()) return PsValue();  // List<T>.Add returns void
        return PsValue(static_cast<long long>(a.size() - 1));
    }
    if (n == "addrange" && args.size() == 1) {
        for (auto& e : enumerate(args[0])) a.push_back(element_of(e));
        return PsValue();
    }
    if (n == "contains" && args.size() == 1) return PsValue(index_of(args[0]) >= 0);
    if (n == "indexof" && args.size() == 1) return PsValue(index_of(args[0]));
    if (n == "remove" && args.size() == 1) {
        long long i = index_of(args[0]);
        if (i >= 0) a.erase(a.begin() + i);
        // ArrayList.Remove returns void; List<T>.Remove whether it removed one.
        return element.empty() ? PsValue() : PsValue(i >= 0);
    }
    if (n == "removeat" && args.size() == 1) {
        size_t i = in_range(args[0], a.empty() ? 0 : a.size() - 1);
        if (i >= a.size()) in.not_modelled(type_name() + ".RemoveAt() of an empty list");
        a.erase(a.begin() + static_cast<long>(i));
        return PsValue();
    }
    if (n == "insert" && args.size() == 2) {
        size_t i = in_range(args[0], a.size());
        a.insert(a.begin() + static_cast<long>(i), element_of(args[1]));
        return PsValue();
    }
    if (n == "clear" && args.empty()) {
        a.clear();
        return PsValue();
    }
    // ArrayList.ToArray() is an object[]; List<T>'s T[] the engine does not model.
    if (n == "toarray" && args.empty() && element.empty()) return make_array(a);
    // Object.ToString(): the type's name, not the elements ("$list" joins them).
    if (n == "tostring" && args.empty()) return PsValue(type_name());
    return std::nullopt;
}

ObjectPtr make_list(const std::string& type) {
    std::string t;
    for (char ch : lc(type))
        if (ch != ' ') t += ch;
    if (t.rfind("system.", 0) == 0) t = t.substr(7);
    if (t == "collections.arraylist") return std::make_shared<ListObject>();
    const std::string generic = "collections.generic.list[";
    if (t.rfind(generic, 0) != 0 || t.back() != ']') return nullptr;
    std::string element = t.substr(generic.size(), t.size() - generic.size() - 1);
    if (element.size() > 2 && element.front() == '[' && element.back() == ']') element = element.substr(1, element.size() - 2);
    std::string full = lc(full_type_name(element));
    if (full != "system.string" && full != "system.int32" && full != "system.object") return nullptr;
    return std::make_shared<ListObject>(element);
}

}  // namespace cusim::ps
