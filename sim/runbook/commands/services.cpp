// iisreset, the service cmdlets, Restart-WebAppPool and Restart-Computer.
#include "sim/runbook/commands.hpp"

#include "sim/core/text.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

void add_services_commands(CommandTable& c) {
    c["iisreset"] = {"iisreset", {}, [](const Args&, LineContext& lc) { return action("iisreset", Json::object(), lc); }};

    auto service = [](const std::string& verb) {
        return Command{"PowerShell", {"name", "startuptype", "force"}, [verb](const Args& a, LineContext& lc) -> ActionResult {
            std::string name = a.has("name") ? a.get("name") : (a.positional.empty() ? "" : unquote(a.positional[0]));
            if (name.empty()) return error(a.command + ": no service name");
            // w32time is Windows Time: stopping or disabling it keeps a changed clock (case 3).
            if (iequals(name, "w32time")) {
                bool off = verb == "stop" || (verb == "set" && iequals(a.get("startuptype"), "Disabled"));
                return action(off ? "disable-time-sync" : "enable-time-sync", Json::object(), lc);
            }
            if (verb == "set") return ok();  // startup types of the Exchange services: setup sets them again
            if (verb == "stop") return ok();
            return action("restart-service", {{"name", name}}, lc);
        }};
    };
    c["restart-service"] = service("restart");
    c["start-service"] = service("restart");
    c["stop-service"] = service("stop");
    c["set-service"] = service("set");
    // Restart-WebAppPool [-Name] <pool> (WebAdministration:
    // https://learn.microsoft.com/en-us/powershell/module/webadministration/restart-webapppool).
    c["restart-webapppool"] = {"PowerShell", {"name"}, [](const Args& a, LineContext& lc) -> ActionResult {
        std::string name = a.has("name") ? a.get("name") : (a.positional.empty() ? "" : unquote(a.positional[0]));
        if (name.empty()) return error(a.command + ": no application pool name");
        return action("recycle-app-pool", {{"name", name}}, lc);
    }};
    c["restart-computer"] = {"PowerShell", {"force"}, [](const Args&, LineContext& lc) {
        return action("reboot", Json::object(), lc);
    }};
}

}  // namespace cusim::runbook
