#include "sim/powershell/value.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdio>

#include "sim/core/text.hpp"

namespace cusim::ps {

bool PsObject::set_property(const std::string&, const PsValue&) { return false; }
std::optional<PsValue> PsObject::call(const std::string&, const std::vector<PsValue>&, Interpreter&) { return std::nullopt; }

PsValue make_array(Array items) { return PsValue(std::make_shared<Array>(std::move(items))); }

namespace {
bool keys_equal(const PsValue& a, const PsValue& b) {
    if (a.is_string() && b.is_string()) return iequals(a.as_string(), b.as_string());
    if (a.is_number() && b.is_number()) {
        if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
        return (a.is_int() ? double(a.as_int()) : a.as_double()) == (b.is_int() ? double(b.as_int()) : b.as_double());
    }
    if (a.is_bool() && b.is_bool()) return a.as_bool() == b.as_bool();
    if (a.is_object() && b.is_object()) return a.as_object() == b.as_object();
    return false;
}
}  // namespace

const PsValue* Hashtable::find(const PsValue& key) const {
    for (auto& [k, v] : entries)
        if (keys_equal(k, key)) return &v;
    return nullptr;
}

void Hashtable::set(const PsValue& key, PsValue value) {
    for (auto& [k, v] : entries)
        if (keys_equal(k, key)) {
            v = std::move(value);
            return;
        }
    entries.emplace_back(key, std::move(value));
}

bool Hashtable::remove(const PsValue& key) {
    for (auto it = entries.begin(); it != entries.end(); ++it)
        if (keys_equal(it->first, key)) {
            entries.erase(it);
            return true;
        }
    return false;
}

std::vector<std::string> CustomObject::property_names() const {
    std::vector<std::string> names;
    for (auto& [n, v] : properties) names.push_back(n);
    return names;
}

std::optional<PsValue> CustomObject::property(const std::string& name) const {
    for (auto& [n, v] : properties)
        if (iequals(n, name)) return v;
    // A PSCustomObject answers $null for a property it lacks (no strict mode), as the real one.
    return PsValue();
}

bool CustomObject::set_property(const std::string& name, const PsValue& v) {
    for (auto& [n, value] : properties)
        if (iequals(n, name)) {
            value = v;
            return true;
        }
    return false;  // "The property 'x' cannot be found on this object."
}

std::string CustomObject::to_string() const {
    // "@{a=1; b=x}": what "$obj" prints for a PSCustomObject.
    std::string s = "@{";
    for (size_t i = 0; i < properties.size(); ++i)
        {
            s += i ? "; " : "";
            s += properties[i].first + "=" + ps::to_string(properties[i].second);
        }
    return s + "}";
}

std::optional<PsValue> SecureStringObject::property(const std::string& name) const {
    if (iequals(name, "Length")) return PsValue(static_cast<long long>(plain.size()));
    return std::nullopt;
}

std::string type_name_of(const PsValue& v) {
    switch (v.v.index()) {
        case 0: return "";
        case 1: return "System.Boolean";
        case 2: return v.as_int() >= -2147483648LL && v.as_int() <= 2147483647LL ? "System.Int32" : "System.Int64";
        case 3: return "System.Double";
        case 4: return "System.String";
        case 5: return "System.DateTime";
        case 6: return "System.TimeSpan";
        case 7: return "System.Object[]";
        case 8: return v.as_hashtable()->ordered ? "System.Collections.Specialized.OrderedDictionary" : "System.Collections.Hashtable";
        case 9: return "System.Management.Automation.ScriptBlock";
        default: return v.as_object()->type_name();
    }
}

bool to_bool(const PsValue& v) {
    switch (v.v.index()) {
        case 0: return false;
        case 1: return v.as_bool();
        case 2: return v.as_int() != 0;
        case 3: return v.as_double() != 0;
        case 4: return !v.as_string().empty();
        case 7: {
            // Spec 6.2: an array of one element is that element's truth; of more, $true.
            auto& a = *v.as_array();
            if (a.empty()) return false;
            if (a.size() == 1) return to_bool(a[0]);
            return true;
        }
        case 10:
            // A list is a collection: its truth is an array's (spec 6.2).
            if (auto items = v.as_object()->collection()) return to_bool(PsValue(items));
            return true;
        default: return true;
    }
}

std::string format_double(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    // .NET Framework's Double.ToString(): 15 significant digits ("G15"), exponent E+XX.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15G", d);
    std::string s = buf;
    if (s == "-0") s = "0";
    return s;
}

std::string format_timespan(long long seconds) {
    bool negative = seconds < 0;
    unsigned long long s = negative ? 0ULL - static_cast<unsigned long long>(seconds) : static_cast<unsigned long long>(seconds);
    unsigned long long days = s / 86400, rest = s % 86400;
    std::string t = fmt::format("{:02}:{:02}:{:02}", rest / 3600, rest % 3600 / 60, rest % 60);
    if (days) t = fmt::format("{}.{}", days, t);
    return negative ? "-" + t : t;
}

namespace {

const char* const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
const char* const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

struct Civil {
    int year;
    unsigned month, day, hour, minute, second, weekday;
};

Civil civil(SimTime t) {
    using namespace std::chrono;
    auto d = floor<days>(t);
    year_month_day ymd{d};
    auto tod = t - d;
    long long secs = tod.count();
    weekday wd{d};
    return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()), unsigned(secs / 3600), unsigned(secs % 3600 / 60),
            unsigned(secs % 60), wd.c_encoding()};
}

// .NET custom date and time format strings (learn.microsoft.com, "Custom date and time format
// strings"), with the en-US names PowerShell on an English server prints.
std::optional<std::string> format_custom(SimTime t, const std::string& f) {
    Civil c = civil(t);
    std::string out;
    for (size_t i = 0; i < f.size();) {
        char ch = f[i];
        size_t n = 1;
        while (i + n < f.size() && f[i + n] == ch) ++n;
        auto pad = [&](long long v, size_t width) { return fmt::format("{:0{}}", v, width); };
        switch (ch) {
            case 'y':
                out += n == 1 ? std::to_string(c.year % 100) : n == 2 ? pad(c.year % 100, 2) : pad(c.year, n);
                break;
            case 'M':
                out += n == 1 ? std::to_string(c.month) : n == 2 ? pad(c.month, 2)
                     : n == 3 ? std::string(month_names[c.month - 1]).substr(0, 3) : std::string(month_names[c.month - 1]);
                break;
            case 'd':
                out += n == 1 ? std::to_string(c.day) : n == 2 ? pad(c.day, 2)
                     : n == 3 ? std::string(day_names[c.weekday]).substr(0, 3) : std::string(day_names[c.weekday]);
                break;
            case 'H': out += n == 1 ? std::to_string(c.hour) : pad(c.hour, 2); break;
            case 'h': {
                unsigned h = c.hour % 12 == 0 ? 12 : c.hour % 12;
                out += n == 1 ? std::to_string(h) : pad(h, 2);
                break;
            }
            case 'm': out += n == 1 ? std::to_string(c.minute) : pad(c.minute, 2); break;
            case 's': out += n == 1 ? std::to_string(c.second) : pad(c.second, 2); break;
            case 't': out += n == 1 ? std::string(c.hour < 12 ? "A" : "P") : std::string(c.hour < 12 ? "AM" : "PM"); break;
            case 'f': case 'F':
                // The simulated clock has whole seconds: the fraction is zeros ('F' omits them).
                if (n > 7) return std::nullopt;
                if (ch == 'f') out += std::string(n, '0');
                break;
            case 'z': case 'K': case 'g':
                // The offset and era depend on the server's time zone and calendar, which are not modelled.
                return std::nullopt;
            case '\'': case '"': {
                size_t end = f.find(ch, i + 1);
                if (end == std::string::npos) return std::nullopt;
                out += f.substr(i + 1, end - i - 1);
                i = end + 1;
                continue;
            }
            case '\\':
                if (i + 1 < f.size()) out += f[i + 1];
                i += 2;
                continue;
            case '%':
                i += 1;
                continue;
            default: out.append(n, ch); break;
        }
        i += n;
    }
    return out;
}

}  // namespace

std::optional<std::string> format_datetime(SimTime t, const std::string& format) {
    // The standard format strings of the en-US culture (learn.microsoft.com, "Standard date and
    // time format strings").
    if (format.size() == 1) {
        switch (format[0]) {
            case 'd': return format_custom(t, "M/d/yyyy");
            case 'D': return format_custom(t, "dddd, MMMM d, yyyy");
            case 'f': return format_custom(t, "dddd, MMMM d, yyyy h:mm tt");
            case 'F': return format_custom(t, "dddd, MMMM d, yyyy h:mm:ss tt");
            case 'g': return format_custom(t, "M/d/yyyy h:mm tt");
            case 'G': return format_custom(t, "M/d/yyyy h:mm:ss tt");
            case 'm': case 'M': return format_custom(t, "MMMM d");
            case 's': return format_custom(t, "yyyy'-'MM'-'dd'T'HH':'mm':'ss");
            case 't': return format_custom(t, "h:mm tt");
            case 'T': return format_custom(t, "h:mm:ss tt");
            case 'u': return format_custom(t, "yyyy'-'MM'-'dd HH':'mm':'ss'Z'");
            case 'y': case 'Y': return format_custom(t, "MMMM yyyy");
            default: return std::nullopt;  // o, O, r, R, U: offsets and UTC conversion are not modelled
        }
    }
    return format_custom(t, format);
}

std::string to_string(const PsValue& v) {
    switch (v.v.index()) {
        case 0: return "";
        case 1: return v.as_bool() ? "True" : "False";
        case 2: return std::to_string(v.as_int());
        case 3: return format_double(v.as_double());
        case 4: return v.as_string();
        // Spec 6.8: string conversion uses the invariant culture.
        case 5: return *format_custom(v.as_datetime(), "MM/dd/yyyy HH:mm:ss");
        case 6: return format_timespan(v.as_timespan());
        case 7: {
            std::string s;
            bool first = true;
            for (auto& e : *v.as_array()) {
                {
                    s += first ? "" : " ";
                    s += to_string(e);
                }
                first = false;
            }
            return s;
        }
        case 8: return type_name_of(v);
        case 9: return v.as_scriptblock()->text;
        default: return v.as_object()->to_string();
    }
}

namespace {

std::string trim_blanks(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::optional<PsValue> parse_number_text(const std::string& raw) {
    std::string s = trim_blanks(raw);
    if (s.empty()) return PsValue(0);  // spec 6.4: an empty string converts to 0
    bool negative = false;
    std::string digits = s;
    if (digits[0] == '-' || digits[0] == '+') {
        negative = digits[0] == '-';
        digits = digits.substr(1);
    }
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        unsigned long long u = 0;
        auto [p, ec] = std::from_chars(digits.data() + 2, digits.data() + digits.size(), u, 16);
        if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
        long long r = static_cast<long long>(u);
        return PsValue(negative ? -r : r);
    }
    long long i = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
    if (ec == std::errc() && p == digits.data() + digits.size()) return PsValue(negative ? -i : i);
    double d = 0;
    auto [q, ec2] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
    if (ec2 == std::errc() && q == digits.data() + digits.size()) return PsValue(negative ? -d : d);
    return std::nullopt;
}

}  // namespace

std::optional<PsValue> to_number(const PsValue& v) {
    switch (v.v.index()) {
        case 0: return PsValue(0);
        case 1: return PsValue(v.as_bool() ? 1 : 0);
        case 2: case 3: return v;
        case 4: return parse_number_text(v.as_string());
        case 7: {
            auto& a = *v.as_array();
            if (a.size() == 1) return to_number(a[0]);
            return std::nullopt;
        }
        default: return std::nullopt;
    }
}

std::optional<SimTime> to_datetime(const PsValue& v) {
    if (v.is_datetime()) return v.as_datetime();
    if (v.is_string()) {
        // DateTime.Parse with the invariant culture (spec 6.?: a cast converts a string so).
        std::string s = trim_blanks(v.as_string());
        if (auto t = parse_iso_time(s)) return t;
        if (auto t = parse_windows_time(s)) return t;
        // "2024-05-30 10:00:00" and "05/30/2024" / "05/30/2024 10:00:00" (month first).
        std::string iso = s;
        if (iso.size() == 19 && iso[10] == ' ') {
            iso[10] = 'T';
            if (auto t = parse_iso_time(iso)) return t;
        }
        unsigned mo = 0, d = 0, y = 0, h = 0, mi = 0, se = 0;
        char tail = 0;
        int n = std::sscanf(s.c_str(), "%u/%u/%u %u:%u:%u%c", &mo, &d, &y, &h, &mi, &se, &tail);
        if ((n == 3 || n == 6) && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && y >= 1 && y <= 9999 && h < 24 && mi < 60 && se < 60) {
            std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, mo, d, h, mi, se);
            return parse_iso_time(text);
        }
        return std::nullopt;
    }
    if (v.is_array() && v.as_array()->size() == 1) return to_datetime((*v.as_array())[0]);
    return std::nullopt;
}

Array enumerate(const PsValue& v) {
    if (v.is_null()) return {};
    if (v.is_array()) return *v.as_array();
    if (v.is_object())
        if (auto items = v.as_object()->collection()) return *items;
    return {v};
}

PsValue collapse(Array items) {
    if (items.empty()) return PsValue();
    if (items.size() == 1) return std::move(items[0]);
    return make_array(std::move(items));
}

}  // namespace cusim::ps
