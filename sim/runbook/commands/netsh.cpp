// netsh http show|add|update|delete sslcert (facts.md 3).
#include "sim/runbook/commands.hpp"

#include "sim/formats/tool_output.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

void add_netsh_commands(CommandTable& c) {
    c["netsh"] = {"netsh", {}, [](const Args& a, LineContext& lc) -> ActionResult {
        auto t = a.tokens();
        if (t.size() < 4 || lower(t[1]) != "http" || lower(t[3]) != "sslcert")
            return not_modelled("netsh other than `netsh http show|add|update|delete sslcert`");
        std::map<std::string, std::string> kv;
        for (size_t i = 4; i < t.size(); ++i) {
            auto eq = t[i].find('=');
            if (eq == std::string::npos) return error("netsh: '" + t[i] + "' is not key=value");
            kv[lower(t[i].substr(0, eq))] = unquote(t[i].substr(eq + 1));
        }
        std::string verb = lower(t[2]);
        if (verb == "show") return ok(netsh_show_sslcert(lc.ctx.state, kv["ipport"]));
        if (!kv.count("ipport")) return error("netsh: ipport= is required");
        if (verb == "delete") return action("netsh-delete-sslcert", {{"ipport", kv["ipport"]}}, lc);
        if (verb != "add" && verb != "update") return error("netsh: unknown verb " + t[2]);
        // certhash= empty (a script's variable that came back $null) or absent: netsh's own refusal.
        if (kv["certhash"].empty())
            return error("One or more essential parameters were not entered.\nVerify the required parameters, and reenter them.");
        Json p = {{"ipport", kv["ipport"]}, {"certificate", by_thumbprint(kv["certhash"])}};
        if (kv.count("appid")) p["appid"] = kv["appid"];
        if (kv.count("certstorename")) p["certstorename"] = kv["certstorename"];
        return action(verb == "add" ? "netsh-add-sslcert" : "netsh-update-sslcert", p, lc);
    }};
}

}  // namespace cusim::runbook
