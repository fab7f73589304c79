#include "sim/runbook/command_syntax.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <sstream>

#include "sim/core/regex.hpp"

namespace cusim::runbook {

std::string lower(std::string s) { return ascii_lower(std::move(s)); }

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string unquote(const std::string& s) {
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) return s.substr(1, s.size() - 2);
    return s;
}


// Windows paths in a runbook ("..\..\fixtures\pfx\a.pfx") name files relative to the runbook.
std::string native_path(const std::string& p) {
    std::string out = unquote(p);
    std::replace(out.begin(), out.end(), '\\', '/');
    return out;
}

std::vector<std::string> split_list(const std::string& v) {
    std::vector<std::string> out;
    if (trim(v) == "@()") return out;
    std::stringstream ss(unquote(v));
    for (std::string item; std::getline(ss, item, ',');) {
        item = unquote(trim(item));
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

namespace {
// DateTime.AddYears/AddMonths: calendar arithmetic, the day clamped to the new month's last day
// (2024-02-29 plus one year is 2025-02-28), the time of day kept.
std::optional<SimTime> add_months(SimTime t, long long months) {
    using namespace std::chrono;
    auto day = floor<days>(t);
    year_month_day ymd{day};
    long long total = (long long)int(ymd.year()) * 12 + (unsigned(ymd.month()) - 1) + months;
    long long y = total / 12, mo = total % 12 + 1;
    if (y < 1 || y > 9999) return std::nullopt;
    year_month_day_last last{year{int(y)} / month{unsigned(mo)} / std::chrono::last};
    unsigned d = std::min(unsigned(ymd.day()), unsigned(last.day()));
    return SimTime{sys_days{year{int(y)} / month{unsigned(mo)} / d}} + (t - day);
}
}  // namespace

std::optional<SimTime> parse_date_arg(const std::string& raw, SimTime now, std::string* error) {
    std::string v = unquote(trim(raw));
    if (lower(v) == "(get-date)") return now;
    RegexMatch m;
    static const Regex add(R"(\(Get-Date\)\.Add(Years|Months|Days|Hours)\((-?\d+)\))", Regex::icase);
    if (add.full_match(v, &m)) {
        std::string method = "Add" + m[1];
        auto fail = [&](const std::string& why) -> std::optional<SimTime> {
            if (error) *error = fmt::format("Exception calling \"{}\" with \"1\" argument(s): \"{}\"", method, why);
            return std::nullopt;
        };
        // The argument is an Int32 for AddYears/AddMonths and a Double for AddDays/AddHours;
        // anything past a DateTime's range fails the same way, so a long long bounds it.
        long long n = 0;
        const std::string digits = m[2];
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        std::string unit = lower(m[1]);
        if (ec != std::errc() || end != digits.data() + digits.size())
            return fail("The added or subtracted value results in an un-representable DateTime.");
        std::optional<SimTime> r;
        if (unit == "years") {
            // System.DateTime.AddYears: "Years value must be between +/-10000."
            if (n < -10000 || n > 10000) return fail("Years value must be between +/-10000.\r\nParameter name: years");
            r = add_months(now, n * 12);
        } else if (unit == "months") {
            if (n < -120000 || n > 120000) return fail("Months value must be between +/-120000.\r\nParameter name: months");
            r = add_months(now, n);
        } else {
            r = add_to_time(now, n, unit == "days" ? seconds_per_day : seconds_per_hour);
        }
        if (!r) return fail("The added or subtracted value results in an un-representable DateTime.\r\nParameter name: value");
        return r;
    }
    return parse_iso_time(v);
}

std::string Args::get(const std::string& n, const std::string& fallback) const {
    auto it = named.find(n);
    return it == named.end() ? fallback : unquote(it->second);
}

}  // namespace cusim::runbook
