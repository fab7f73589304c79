#pragma once
// The simulated clock's value type and its text forms. Nothing here reads the wall
// clock: every instant comes from a scenario, a fixture description or a certificate.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cusim {

using SimTime = std::chrono::sys_seconds;

// "2026-11-24T10:15:00Z", "2026-11-24T10:15:00" (taken as UTC) or "2026-11-24" (midnight UTC).
std::optional<SimTime> parse_iso_time(std::string_view text);
// Same, but throws InputError naming file and location when the text is not a date.
SimTime parse_iso_time_or_throw(std::string_view text, const std::string& file, const std::string& location);

// "5/31/2024 11:59:59 PM" (Windows' M/d/yyyy h:mm:ss tt, as setup logs a certificate's validity)
// and "03/11/2021 15:43:05.0713" (a setup log's stamp; the fraction is dropped).
std::optional<SimTime> parse_windows_time(std::string_view text);
// xs:dateTime as CLIXML writes a DateTime ([MS-PSRP] 2.2.5.1.9, <DT>): 2021-11-02T10:00:00,
// fractions of a second, then Z or an offset (+02:00), which is taken off; `zoned` says whether
// there was one (a DateTime of kind Unspecified has none).
struct XsDateTime {
    SimTime time;
    bool zoned = false;
};
std::optional<XsDateTime> parse_xs_datetime(std::string_view text);
std::optional<SimTime> parse_setup_log_stamp(std::string_view text);

std::string format_iso(SimTime t);                 // 2026-11-24T10:15:00Z
std::string format_windows(SimTime t);             // 11/24/2026 10:15:00 AM  (M/d/yyyy h:mm:ss tt)
std::string format_setup_log_stamp(SimTime t, int ten_thousandths);  // 11/24/2026 10:15:00.0713

SimTime from_time_t(long long t);

// Dates an input may name (certificate validity, a clock to set): .NET's DateTime range,
// 0001-01-01 to 9999-12-31T23:59:59, what Get-Date, AddYears and X.509 GeneralizedTime hold.
SimTime first_representable_time();
SimTime last_representable_time();
// The simulated clock stays in a narrower range, 1970-01-01 to 9899-12-31: setup and the fix
// actions make certificates valid for up to five years from the clock (and log lines after it),
// which must still be dates a certificate can carry.
bool clock_in_range(SimTime t);
std::string clock_range_text();  // "between 1970-01-01 and 9899-12-31", for error messages
// A date the simulated clock is set to (a scenario's clock, clock.txt, --at, set-clock): a date
// by parse_iso_time_or_throw, and in the clock's range, else an InputError naming file and location.
SimTime parse_clock_or_throw(std::string_view text, const std::string& file, const std::string& location);

// t + count * unit_seconds, or nullopt when the product or the sum overflows or the result is
// outside the representable range above (where .NET's AddDays/AddYears throws "The added or
// subtracted value results in an un-representable DateTime."). Every amount that comes from
// input is added through this, never with chrono's operator+ (which overflows silently).
std::optional<SimTime> add_to_time(SimTime t, long long count, long long unit_seconds);
inline constexpr long long seconds_per_minute = 60, seconds_per_hour = 3600, seconds_per_day = 86400;
long long to_time_t(SimTime t);

}  // namespace cusim
