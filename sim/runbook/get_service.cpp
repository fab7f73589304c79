#include "sim/runbook/get_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/text.hpp"
#include "sim/runbook/server_host.hpp"
#include "sim/setup/setup_texts.hpp"

namespace cusim::runbook {
namespace {

using ps::CommandCall;
using ps::PsValue;

// The display names of the services setup disables, as "Overview of Exchange services on Exchange
// servers" (learn.microsoft.com/exchange/plan-and-deploy/deployment-ref/services-overview) and IIS name them.
const std::map<std::string, std::string>& service_display_names() {
    static const std::map<std::string, std::string> m = {
        {"MSExchangeADTopology", "Microsoft Exchange Active Directory Topology"},
        {"MSExchangeAntispamUpdate", "Microsoft Exchange Anti-spam Update"},
        {"MSExchangeDagMgmt", "Microsoft Exchange DAG Management"},
        {"MSExchangeDelivery", "Microsoft Exchange Mailbox Transport Delivery"},
        {"MSExchangeDiagnostics", "Microsoft Exchange Diagnostics"},
        {"MSExchangeEdgeSync", "Microsoft Exchange EdgeSync"},
        {"MSExchangeFastSearch", "Microsoft Exchange Search"},
        {"MSExchangeFrontEndTransport", "Microsoft Exchange Frontend Transport"},
        {"MSExchangeHM", "Microsoft Exchange Health Manager"},
        {"MSExchangeHMRecovery", "Microsoft Exchange Health Manager Recovery"},
        {"MSExchangeImap4", "Microsoft Exchange IMAP4"},
        {"MSExchangeIMAP4BE", "Microsoft Exchange IMAP4 Backend"},
        {"MSExchangeIS", "Microsoft Exchange Information Store"},
        {"MSExchangeMailboxAssistants", "Microsoft Exchange Mailbox Assistants"},
        {"MSExchangeMailboxReplication", "Microsoft Exchange Mailbox Replication"},
        {"MSExchangePop3", "Microsoft Exchange POP3"},
        {"MSExchangePOP3BE", "Microsoft Exchange POP3 Backend"},
        {"MSExchangeRepl", "Microsoft Exchange Replication Service"},
        {"MSExchangeRPC", "Microsoft Exchange RPC Client Access"},
        {"MSExchangeServiceHost", "Microsoft Exchange Service Host"},
        {"MSExchangeSubmission", "Microsoft Exchange Mailbox Transport Submission"},
        {"MSExchangeThrottling", "Microsoft Exchange Throttling"},
        {"MSExchangeTransport", "Microsoft Exchange Transport"},
        {"MSExchangeTransportLogSearch", "Microsoft Exchange Transport Log Search"},
        {"W3SVC", "World Wide Web Publishing Service"}};
    return m;
}

}  // namespace

std::optional<std::string> service_display_name(const std::string& name, std::string* canonical) {
    // Windows Time's service name is W32Time (https://learn.microsoft.com/en-us/windows-server/networking/windows-time-service/windows-time-service-tools-and-settings).
    if (iequals(name, "w32time")) {
        if (canonical) *canonical = "W32Time";
        return std::string("Windows Time");
    }
    for (auto& [n, d] : service_display_names())
        if (iequals(n, name)) {
            if (canonical) *canonical = n;
            return d;
        }
    return std::nullopt;
}

namespace {

// System.ServiceProcess.ServiceController as Get-Service returns it
// (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-service?view=powershell-5.1).
class ServiceObject : public ps::PsObject {
public:
    ServiceObject(std::string n, std::string d, std::string s, std::string t)
        : name(std::move(n)), display(std::move(d)), status(std::move(s)), start_type(std::move(t)) {}
    std::string name, display, status, start_type;
    std::string type_name() const override { return "System.ServiceProcess.ServiceController"; }
    std::vector<std::string> property_names() const override { return {"Name", "DisplayName", "ServiceName", "Status", "StartType"}; }
    std::optional<PsValue> property(const std::string& p) const override {
        if (iequals(p, "Name") || iequals(p, "ServiceName")) return PsValue(name);
        if (iequals(p, "DisplayName")) return PsValue(display);
        if (iequals(p, "Status")) return PsValue(status);
        if (iequals(p, "StartType")) return PsValue(start_type);
        return std::nullopt;
    }
    std::string to_string() const override { return "System.ServiceProcess.ServiceController"; }
};

// A column of the view: at most `width` characters, a longer value cut to width-3 and "..."
// (Windows PowerShell 5.1's table truncation).
std::string service_cell(const std::string& v, size_t width) {
    if (v.size() <= width) return v + std::string(width - v.size(), ' ');
    return v.substr(0, width - 3) + "...";
}

}  // namespace

void get_service(CommandCall& c) {
    ServerHost& host = dynamic_cast<ServerHost&>(c.in.host());
    const ServerState& s = host.context().state;
    bool by_display = c.has("displayname");
    if (!by_display && !c.has("name")) c.in.not_modelled("Get-Service of every service (the simulator knows the services a failed CU disables)");
    for (auto& wanted : ps::enumerate(*c.get(by_display ? "displayname" : "name"))) {
        std::string w = ps::to_string(wanted);
        if (w.find_first_of("*?[") != std::string::npos)
            c.in.not_modelled("Get-Service " + w + " (wildcards: the server has services the simulator does not list)");
        auto it = std::find_if(service_display_names().begin(), service_display_names().end(),
                               [&](auto& e) { return iequals(by_display ? e.second : e.first, w); });
        if (it == service_display_names().end()) c.in.not_modelled("the service " + w + " (the simulator knows the services a failed CU disables)");
        if (host.startup_types_set.count(ascii_lower(it->first)))
            c.in.not_modelled("the service " + it->first + " after Set-Service (the simulator does not keep the startup type it set)");
        auto& off = s.setup.disabled_services;
        bool disabled = s.setup.upgrade_in_progress && std::find(off.begin(), off.end(), it->first) != off.end();
        if (!disabled) c.in.not_modelled("the state of the service " + it->first + " (the simulator knows it while a failed CU has disabled it)");
        c.emit(PsValue(ps::ObjectPtr(std::make_shared<ServiceObject>(it->first, it->second, "Stopped", "Disabled"))));
    }
}

// The default view of ServiceController (DotNetTypes.format.ps1xml): Status 8, Name 18, DisplayName 38.
std::optional<std::string> service_format_default(const ps::Array& objects) {
    if (!dynamic_cast<const ServiceObject*>(objects[0].as_object().get())) return std::nullopt;
    std::string out = "\nStatus   Name               DisplayName\n------   ----               -----------\n";
    for (auto& o : objects) {
        auto& svc = static_cast<const ServiceObject&>(*o.as_object());
        std::string line = service_cell(svc.status, 8) + " " + service_cell(svc.name, 18) + " " + service_cell(svc.display, 38);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out + "\n\n";
}

}  // namespace cusim::runbook
