// The system clock and time synchronisation (case 3: a clock set back is undone by time sync).
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include "sim/recovery/actions/action_support.hpp"

namespace cusim {
namespace {

ActionFn parse_advance_clock(const JsonAt& p, const InputFolder&) {
    p.allow_only({"days", "hours", "minutes"});
    auto get = [&](const char* k) { return p.has(k) ? p.at(k).integer() : 0; };
    auto amount = std::chrono::days{get("days")} + std::chrono::hours{get("hours")} + std::chrono::minutes{get("minutes")};
    return [=](ActionContext& ctx) -> ActionResult {
        ctx.state.clock += amount;
        return {true, "clock now " + format_iso(ctx.state.clock)};
    };
}

ActionFn parse_set_clock(const JsonAt& p, const InputFolder&) {
    p.allow_only({"to"});
    SimTime to = parse_iso_time_or_throw(p.str("to"), p.file(), p.at("to").pointer());
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
