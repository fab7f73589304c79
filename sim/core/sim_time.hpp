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
std::optional<SimTime> parse_setup_log_stamp(std::string_view text);

std::string format_iso(SimTime t);                 // 2026-11-24T10:15:00Z
std::string format_windows(SimTime t);             // 11/24/2026 10:15:00 AM  (M/d/yyyy h:mm:ss tt)
std::string format_setup_log_stamp(SimTime t, int ten_thousandths);  // 11/24/2026 10:15:00.0713

SimTime from_time_t(long long t);
long long to_time_t(SimTime t);

}  // namespace cusim
