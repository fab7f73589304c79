// The WebAdministration module: Get-WebBinding, New-WebBinding and what the binding object's
// AddSslCertificate/RemoveSslCertificate methods do (the object is server_objects' WebBindingObject).
#include "sim/runbook/commands.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {


std::optional<std::string> binding_add_ssl_certificate(const std::string& endpoint, const std::string& thumbprint,
                                                       const std::string& store, LineContext& lc) {
    // The method refuses an endpoint that already has a certificate: remove it first.
    if (lc.ctx.state.find_ssl_binding(endpoint))
        return "Cannot create a file when that file already exists. (Exception from HRESULT: 0x800700B7)";
    Json p = {{"ipport", endpoint}, {"certificate", by_thumbprint(thumbprint)}, {"certstorename", store}};
    // http.sys cannot use the certificate (its key, most often): IIS's 0x80070520 (Microsoft's IIS
    // support blog, "Error HRESULT: 0x80070520 when adding SSL binding in IIS").
    if (!action("netsh-add-sslcert", p, lc).ok)
        return "A specified logon session does not exist. It may already have been terminated. (Exception from HRESULT: 0x80070520)";
    return std::nullopt;
}

std::optional<std::string> binding_remove_ssl_certificate(const std::string& endpoint, LineContext& lc) {
    // INFERRED wording: the endpoint has no certificate to remove.
    if (!action("netsh-delete-sslcert", {{"ipport", endpoint}}, lc).ok)
        return "The system cannot find the file specified. (Exception from HRESULT: 0x80070002)";
    return std::nullopt;
}

void add_web_administration_commands(CommandTable& c) {
    c["get-webbinding"] = {"PowerShell", {"name", "protocol", "port", "ipaddress"}, [](const Args& a, LineContext& lc) -> ActionResult {
        std::vector<IisBinding> out;
        for (auto& site : lc.ctx.state.sites) {
            if (a.has("name") && !iequals(site.name, a.get("name"))) continue;
            for (auto& b : site.bindings) {
                if (a.has("protocol") && !iequals(b.protocol, a.get("protocol"))) continue;
                out.push_back(b);
            }
        }
        return ok(web_binding_table(out));
    }};

    c["new-webbinding"] = {"PowerShell", {"name", "protocol", "port", "ipaddress", "hostheader", "sslflags"},
        [](const Args& a, LineContext& lc) -> ActionResult {
            std::string site = a.get("name", "Default Web Site");
            for (auto& s : lc.ctx.state.sites) {
                if (!iequals(s.name, site)) continue;
                std::string ip = a.get("ipaddress", "*");
                std::string info = ip + ":" + a.get("port", "80") + ":" + a.get("hostheader");
                for (auto& b : s.bindings)
                    if (b.binding_information == info && iequals(b.protocol, a.get("protocol", "http")))
                        return error(fmt::format("New-WebBinding : Cannot add duplicate collection entry of type 'binding' with "
                                                 "combined key attributes 'protocol, bindingInformation' respectively set to '{}, {}'",
                                                 a.get("protocol", "http"), info));
                s.bindings.push_back({lower(a.get("protocol", "http")), info, std::atoi(a.get("sslflags", "0").c_str())});
                return ok();
            }
            return error("New-WebBinding : Cannot find site '" + site + "'");
        }};
}

}  // namespace cusim::runbook
