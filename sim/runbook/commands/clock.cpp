// Set-Date.
#include "sim/runbook/commands.hpp"

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
}

}  // namespace cusim::runbook
