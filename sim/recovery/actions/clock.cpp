// The system clock and time synchronisation (case 3: a clock set back is undone by time sync).
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include "sim/recovery/actions/action_support.hpp"

namespace cusim {
namespace {

ActionFn parse_advance_clock(const JsonAt& p, const InputFolder&) {
    p.allow_only({"days", "hours", "minutes"});
    // Each amount at most the span of the simulated clock's range, so that the sum below
    // cannot overflow; the result must stay in that range (a huge number of days once wrapped
    // the clock to the year 1546).
    auto get = [&](const char* k, long long unit) {
        long long span = 3652059LL * seconds_per_day / unit;
        return p.has(k) ? p.at(k).integer_in(-span, span) * unit : 0;
    };
    long long seconds = get("days", seconds_per_day) + get("hours", seconds_per_hour) + get("minutes", seconds_per_minute);
    return [=](ActionContext& ctx) -> ActionResult {
        auto to = add_to_time(ctx.state.clock, seconds, 1);
        if (!to || !clock_in_range(*to))
            return {false, fmt::format("the clock cannot move {} seconds from {}: the simulated clock stays {}", seconds,
                                       format_iso(ctx.state.clock), clock_range_text())};
        ctx.state.clock = *to;
        return {true, "clock now " + format_iso(ctx.state.clock)};
    };
}

ActionFn parse_set_clock(const JsonAt& p, const InputFolder&) {
    p.allow_only({"to"});
    SimTime to = parse_clock_or_throw(p.str("to"), p.file(), p.at("to").pointer());
    return [=](ActionContext& ctx) -> ActionResult {
        if (ctx.state.time_sync)
            return {true, fmt::format("clock set to {}, and set back to {} by time synchronisation",
                                      format_iso(to), format_iso(ctx.state.clock))};
        ctx.state.clock_skew += to - ctx.state.clock;
        ctx.state.clock = to;
        return {true, "clock now " + format_iso(to)};
    };
}

}  // namespace

void add_clock_actions(std::vector<ActionDef>& c) {
    c.push_back({"advance-clock", "simulation", "Let time pass (days, hours, minutes)", parse_advance_clock});
    c.push_back({"set-clock", "Set-Date / Date and Time",
                 "Set the system clock; undone at once while time synchronisation is on (case 3)", parse_set_clock});
    for (bool on : {false, true})
        c.push_back({on ? "enable-time-sync" : "disable-time-sync", "Windows Time / hypervisor",
                     on ? "Turn time synchronisation back on (the clock returns to the real time)"
                        : "Stop Windows Time and the hypervisor's time sync",
                     [on](const JsonAt& p, const InputFolder&) -> ActionFn {
                         p.allow_only({});
                         return [on](ActionContext& ctx) -> ActionResult {
                             ctx.state.time_sync = on;
                             if (!on) return {true, "time synchronisation off"};
                             ctx.state.clock -= ctx.state.clock_skew;
                             ctx.state.clock_skew = std::chrono::seconds{0};
                             return {true, "time synchronisation on; clock now " + format_iso(ctx.state.clock)};
                         };
                     }});
}

}  // namespace cusim
