// Windows services, iisreset and reboots.
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include "sim/recovery/actions/action_support.hpp"

namespace cusim {
namespace {

ActionFn parse_reboot(const JsonAt& p, const InputFolder&) {
    p.allow_only({});
    return [](ActionContext& ctx) -> ActionResult {
        ctx.state.clock += std::chrono::minutes{6};
        // Services that start at boot load the Auth certificate anew; disabled ones stay down.
        if (!ctx.state.setup.upgrade_in_progress)
            ctx.state.exchange.auth_loaded_thumbprint = ctx.state.exchange.auth.current_thumbprint;
        return {true, "restarted"};
    };
}

// Restarting reloads the Auth certificate into OWA/ECP and MSExchangeServiceHost
// (KB2617816's last steps); after a failed CU the services are disabled and do not start.
std::function<ActionFn(const JsonAt&, const InputFolder&)> restart(const std::string& what) {
    return [what](const JsonAt& p, const InputFolder&) -> ActionFn {
        if (what == "service") p.allow_only({"name"});
        else p.allow_only({});
        std::string name = what == "service" ? p.str("name") : what;
        return [name, what](ActionContext& ctx) -> ActionResult {
            bool exchange_service = name.rfind("MSExchange", 0) == 0 || name == "services";
            if (ctx.state.setup.upgrade_in_progress && exchange_service) {
                std::string svc = name == "services" ? "MSExchangeServiceHost" : name;
                return failed(fmt::format("Start-Service : Service '{0}' cannot be started due to the following error: "
                                          "Cannot start service {0} on computer '.'.",
                                          svc));
            }
            ctx.state.exchange.auth_loaded_thumbprint = ctx.state.exchange.auth.current_thumbprint;
            if (what == "iisreset")
                return {true, "Attempting stop...\nInternet services successfully stopped\nAttempting start...\n"
                              "Internet services successfully restarted"};
            return {true, fmt::format("restarted {}", name)};
        };
    };
}

}  // namespace

void add_services_actions(std::vector<ActionDef>& c) {
    c.push_back({"reboot", "Windows", "Restart the server", parse_reboot});
    c.push_back({"iisreset", "iisreset",
                 "iisreset: restart IIS (recycles the OWA/ECP app pools)", restart("iisreset")});
    c.push_back({"restart-services", "Services", "Restart the Exchange services", restart("services")});
    c.push_back({"restart-service", "Restart-Service",
                 "Restart-Service <name>, e.g. MSExchangeServiceHost", restart("service")});
}

}  // namespace cusim
