#include "sim/core/sim_time.hpp"

#include <cctype>

#include <fmt/format.h>

#include "sim/core/input_error.hpp"

namespace cusim {
namespace {

bool read_int(std::string_view s, size_t pos, size_t len, int& out) {
    if (pos + len > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

struct Civil {
    int year, month, day, hour, minute, second;
};

Civil to_civil(SimTime t) {
    using namespace std::chrono;
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss hms{t - day};
    return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())),
            int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count())};
}

}  // namespace

std::optional<SimTime> parse_iso_time(std::string_view s) {
    using namespace std::chrono;
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (!read_int(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' ||
        !read_int(s, 8, 2, d))
        return std::nullopt;
    size_t pos = 10;
    if (s.size() > 10) {
        if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
        if (!read_int(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !read_int(s, 14, 2, mi) || s[16] != ':' ||
            !read_int(s, 17, 2, se))
            return std::nullopt;
        pos = 19;
        if (pos < s.size() && s[pos] == 'Z') ++pos;
    }
    if (pos != s.size()) return std::nullopt;
    year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (y < 1 || !ymd.ok() || h > 23 || mi > 59 || se > 59) return std::nullopt;
    return SimTime{sys_days{ymd} + hours{h} + minutes{mi} + seconds{se}};
}

std::optional<XsDateTime> parse_xs_datetime(std::string_view s) {
    if (s.size() < 19) return std::nullopt;
    auto base = parse_iso_time(s.substr(0, 19));
    if (!base || s[10] != 'T') return std::nullopt;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        size_t digits = ++pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
        if (pos == digits) return std::nullopt;
    }
    XsDateTime out{*base, false};
    if (pos == s.size()) return out;
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
        out.zoned = true;
        return out;
    }
    int oh, om;
    if ((s[pos] != '+' && s[pos] != '-') || s.size() != pos + 6 || !read_int(s, pos + 1, 2, oh) || s[pos + 3] != ':' ||
        !read_int(s, pos + 4, 2, om) || oh > 14 || om > 59)
        return std::nullopt;
    auto offset = std::chrono::hours{oh} + std::chrono::minutes{om};
    // Local time = UTC + offset: UTC is the local time less the offset.
    out.time = s[pos] == '+' ? out.time - offset : out.time + offset;
    out.zoned = true;
    return out;
}

namespace {
// Reads digits at `pos` (at least one, at most `max`), moving pos past them.
bool read_number(std::string_view s, size_t& pos, size_t max, int& out) {
    size_t start = pos;
    out = 0;
    while (pos < s.size() && pos - start < max && s[pos] >= '0' && s[pos] <= '9') out = out * 10 + (s[pos++] - '0');
    return pos > start;
}
std::optional<SimTime> make_time(int y, int mo, int d, int h, int mi, int se) {
    using namespace std::chrono;
    year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (y < 1 || !ymd.ok() || h > 23 || mi > 59 || se > 59) return std::nullopt;
    return SimTime{sys_days{ymd} + hours{h} + minutes{mi} + seconds{se}};
}
}  // namespace

std::optional<SimTime> parse_windows_time(std::string_view s) {
    size_t pos = 0;
    int mo, d, y, h, mi, se;
    if (!read_number(s, pos, 2, mo) || pos >= s.size() || s[pos++] != '/' || !read_number(s, pos, 2, d) ||
        pos >= s.size() || s[pos++] != '/' || !read_number(s, pos, 4, y) || pos >= s.size() || s[pos++] != ' ' ||
        !read_number(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !read_number(s, pos, 2, mi) ||
        pos >= s.size() || s[pos++] != ':' || !read_number(s, pos, 2, se) || pos >= s.size() || s[pos++] != ' ')
        return std::nullopt;
    std::string_view ampm = s.substr(pos);
    if ((ampm != "AM" && ampm != "PM") || h < 1 || h > 12) return std::nullopt;
    h = h % 12 + (ampm == "PM" ? 12 : 0);
    return make_time(y, mo, d, h, mi, se);
}

std::optional<SimTime> parse_setup_log_stamp(std::string_view s) {
    int mo, d, y, h, mi, se, frac;
    size_t pos = 0;
    if (!read_number(s, pos, 2, mo) || pos >= s.size() || s[pos++] != '/' || !read_number(s, pos, 2, d) ||
        pos >= s.size() || s[pos++] != '/' || !read_number(s, pos, 4, y) || pos >= s.size() || s[pos++] != ' ' ||
        !read_number(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !read_number(s, pos, 2, mi) ||
        pos >= s.size() || s[pos++] != ':' || !read_number(s, pos, 2, se) || pos >= s.size() || s[pos++] != '.' ||
        !read_number(s, pos, 4, frac) || pos != s.size())
        return std::nullopt;
    return make_time(y, mo, d, h, mi, se);
}

SimTime parse_iso_time_or_throw(std::string_view text, const std::string& file, const std::string& location) {
    if (auto t = parse_iso_time(text)) return *t;
    throw InputError(file, location,
                     fmt::format("'{}' is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", text));
}

std::string format_iso(SimTime t) {
    auto c = to_civil(t);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::string format_windows(SimTime t) {
    auto c = to_civil(t);
    int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
    return fmt::format("{}/{}/{} {}:{:02}:{:02} {}", c.month, c.day, c.year, h12, c.minute, c.second,
                       c.hour < 12 ? "AM" : "PM");
}

std::string format_setup_log_stamp(SimTime t, int ten_thousandths) {
    auto c = to_civil(t);
    return fmt::format("{:02}/{:02}/{:04} {:02}:{:02}:{:02}.{:04}", c.month, c.day, c.year, c.hour, c.minute, c.second,
                       ten_thousandths);
}

SimTime first_representable_time() {
    using namespace std::chrono;
    return SimTime{sys_days{year{1} / January / 1}};
}
SimTime last_representable_time() {
    using namespace std::chrono;
    return SimTime{sys_days{year{9999} / December / 31} + hours{23} + minutes{59} + seconds{59}};
}

bool clock_in_range(SimTime t) {
    using namespace std::chrono;
    return t >= SimTime{sys_days{year{1970} / January / 1}} &&
           t <= SimTime{sys_days{year{9899} / December / 31} + hours{23} + minutes{59} + seconds{59}};
}
std::string clock_range_text() { return "between 1970-01-01 and 9899-12-31"; }

SimTime parse_clock_or_throw(std::string_view text, const std::string& file, const std::string& location) {
    SimTime t = parse_iso_time_or_throw(text, file, location);
    if (!clock_in_range(t))
        throw InputError(file, location,
                         fmt::format("{} is not a clock the simulator can run at: the clock stays {}", format_iso(t), clock_range_text()));
    return t;
}

std::optional<SimTime> add_to_time(SimTime t, long long count, long long unit_seconds) {
    long long delta = 0, sum = 0;
    if (__builtin_mul_overflow(count, unit_seconds, &delta)) return std::nullopt;
    if (__builtin_add_overflow(to_time_t(t), delta, &sum)) return std::nullopt;
    SimTime r = from_time_t(sum);
    if (r < first_representable_time() || r > last_representable_time()) return std::nullopt;
    return r;
}

SimTime from_time_t(long long t) { return SimTime{std::chrono::seconds{t}}; }
long long to_time_t(SimTime t) { return t.time_since_epoch().count(); }

}  // namespace cusim
