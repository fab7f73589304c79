// Windows services, iisreset, IIS application pools and reboots.
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/text.hpp"

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

// Recycling an application pool: OWA's and ECP's load the Auth certificate anew (KB2617816: "restart
// the MSExchangeOWAAppPool and MSExchangeECPAppPool application pools"); the other pools do not sign
// with it. A pool the server does not have is the cmdlet's error.
ActionFn parse_recycle_app_pool(const JsonAt& p, const InputFolder&) {
    p.allow_only({"name"});
    std::string name = p.str("name");
    return [name](ActionContext& ctx) -> ActionResult {
        auto& pools = exchange_app_pools();
        auto it = std::find_if(pools.begin(), pools.end(), [&](auto& n) { return iequals(n, name); });
        // INFERRED wording: WebAdministration resolves -Name as the path IIS:\AppPools\<name>.
        if (it == pools.end()) return failed(fmt::format("Cannot find path 'IIS:\\AppPools\\{}' because it does not exist.", name));
        if (*it == "MSExchangeOWAAppPool" || *it == "MSExchangeECPAppPool")
            ctx.state.exchange.auth_loaded_thumbprint = ctx.state.exchange.auth.current_thumbprint;
        return {true, ""};
    };
}

}  // namespace

void add_services_actions(std::vector<ActionDef>& c) {
    c.push_back({"reboot", "Windows", "Restart the server", parse_reboot});
    c.push_back({"iisreset", "iisreset",
                 "iisreset: restart IIS (recycles the OWA/ECP app pools)", restart("iisreset")});
    c.push_back({"restart-services", "Services", "Restart the Exchange services", restart("services")});
    c.push_back({"recycle-app-pool", "Restart-WebAppPool / IIS Manager",
                 "Recycle an IIS application pool, e.g. MSExchangeOWAAppPool (OWA and ECP reload the Auth certificate)",
                 parse_recycle_app_pool});
    c.push_back({"restart-service", "Restart-Service",
                 "Restart-Service <name>, e.g. MSExchangeServiceHost", restart("service")});
}

}  // namespace cusim
