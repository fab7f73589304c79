// Set-Date and w32tm /resync.
#include "sim/runbook/commands.hpp"

#include "sim/core/text.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

void add_clock_commands(CommandTable& c) {
    c["set-date"] = {"PowerShell", {"date"}, [](const Args& a, LineContext& lc) -> ActionResult {
        std::string d = a.has("date") ? a.get("date") : (a.positional.empty() ? "" : a.positional[0]);
        std::string why;
        auto t = parse_date_arg(d, lc.ctx.state.clock, &why);
        if (!why.empty()) return error("Set-Date : " + why);
        if (!t) return error("Set-Date : Cannot bind parameter 'Date'. Cannot convert value \"" + unquote(d) + "\" to type \"System.DateTime\".");
        return action("set-clock", {{"to", format_iso(*t)}}, lc);
    }};
    // w32tm /resync [/force] [/nowait]: asks Windows Time to sync now. While it runs, the clock is
    // already the real time (set-clock's rule: time sync undoes a changed clock), so nothing moves;
    // with the service stopped it is w32tm's error, ERROR_SERVICE_NOT_ACTIVE (1062, 0x80070426, "The
    // service has not been started."). The two lines' layout is INFERRED from admins' transcripts
    // (the w32tm page, https://learn.microsoft.com/en-us/windows-server/networking/windows-time-service/windows-time-service-tools-and-settings,
    // documents /resync but not its output).
    c["w32tm"] = {"w32tm", {}, [](const Args& a, LineContext& lc) -> ActionResult {
        bool resync = false;
        for (auto& arg : a.positional) {
            std::string l = lower(unquote(arg));
            if (l == "/resync") resync = true;
            else if (l != "/force" && l != "/nowait") return not_modelled("w32tm " + arg + " (only /resync [/force] [/nowait])");
        }
        if (!resync) return not_modelled("w32tm without /resync");
        if (!lc.ctx.state.time_sync)
            return {false, "Sending resync command to local computer\nThe following error occurred: The service has not been started. (0x80070426)"};
        return ok("Sending resync command to local computer\nThe command completed successfully.");
    }};
}

}  // namespace cusim::runbook
