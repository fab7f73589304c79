#include "reports/preflight_report.hpp"

#include <fmt/format.h>

namespace cusim {

namespace {
long long days_between(SimTime from, SimTime to) { return (to_time_t(to) - to_time_t(from)) / 86400; }
}  // namespace

std::string preflight_text(const PreflightResult& r) {
    // The target is named when `--target` chose it; otherwise the CU is the scenario's, as ever.
    std::string cu = "the CU";
    if (!r.target.empty()) cu += " to " + r.target;
    std::string out = fmt::format("{} (Exchange {} {}) at {}: {} {}\n", r.server, r.version, r.build, format_iso(r.clock), cu,
                                  preflight_verdict(r));
    out += "\nFindings:\n";
    for (auto& f : r.findings) {
        out += fmt::format("  {:<8} {}", f.result, f.test);
        if (!f.details.empty()) out += ": " + f.details;
        if (!f.reference.empty()) out += " (" + f.reference + ")";
        out += "\n";
    }
    if (r.completes) {
        if (r.time_bomb)
            out += fmt::format("\nTime bomb: from {} ({} days from now) the CU {}\n", format_iso(*r.time_bomb),
                               days_between(r.clock, *r.time_bomb), r.time_bomb_reason);
        else
            out += "\nTime bomb: none: no certificate's expiry makes the CU fail if nothing else changes\n";
    } else if (r.fixes.empty()) {
        out += "\nNo before-cu fix of the catalogue makes the CU complete with every check green on this server.\n";
    } else {
        out += "\nVerified on this server (the CU completes and every health check passes), least invasive first:\n";
        for (auto& f : r.fixes) {
            out += fmt::format("  {}: {}\n", f.id, f.title);
            for (auto& c : f.commands) out += "      " + c + "\n";
        }
    }
    return out;
}

std::string preflight_fleet_header() {
    return fmt::format("{:<44} {:<27} {:<9} {:<46} {:>9}  {}\n", "server", "version", "verdict", "failing step", "bomb days",
                       "best verified fix");
}

std::string preflight_fleet_line(const std::string& where, const PreflightResult& r) {
    std::string verdict = preflight_verdict_word(r);
    auto days = time_bomb_days(r);
    std::string bomb = days ? std::to_string(*days) : "-";
    return fmt::format("{:<44} {:<27} {:<9} {:<46} {:>9}  {}\n", where,
                       "Exchange " + r.version + " " + r.build, verdict, r.completes ? "-" : r.failing_step, bomb,
                       r.fixes.empty() ? "-" : r.fixes[0].id);
}

}  // namespace cusim
