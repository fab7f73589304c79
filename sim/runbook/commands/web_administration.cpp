// The WebAdministration module: Get-WebBinding, New-WebBinding and the binding object's
// AddSslCertificate/RemoveSslCertificate methods.
#include "sim/runbook/commands.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

namespace {

std::optional<IisBinding> find_web_binding(const ServerState& s, const Args& a, std::string& site) {
    site = a.get("name", "Default Web Site");
    const IisSite* st = s.find_site(site);
    if (!st) return std::nullopt;
    for (auto& b : st->bindings) {
        if (a.has("protocol") && !iequals(b.protocol, a.get("protocol"))) continue;
        std::string endpoint = http_sys_endpoint(b);
        std::string ip = endpoint.substr(0, endpoint.find(':')), port = endpoint.substr(endpoint.find(':') + 1);
        if (a.has("port") && a.get("port") != port) continue;
        if (a.has("ipaddress")) {
            std::string want = a.get("ipaddress");
            if (want == "*") want = "0.0.0.0";
            if (want != ip) continue;
        }
        return b;
    }
    return std::nullopt;
}

const Regex& web_binding_method() {
    static const Regex re(R"(\((Get-WebBinding[^)]*)\)\.(AddSslCertificate|RemoveSslCertificate)\((.*)\))", Regex::icase);
    return re;
}

}  // namespace

bool is_web_binding_method(const std::string& text) { return web_binding_method().full_match(text); }

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

// (Get-WebBinding ...).AddSslCertificate("<thumbprint>", "My") / .RemoveSslCertificate()
std::optional<ActionResult> run_web_binding_method(const std::string& text, LineContext& lc) {
    RegexMatch m;
    if (!web_binding_method().full_match(text, &m)) return std::nullopt;
    Args a = parse_args(tokenize(m[1]), true);
    std::string site;
    auto binding = find_web_binding(lc.ctx.state, a, site);
    if (!binding) return error("You cannot call a method on a null-valued expression.");
    std::string endpoint = http_sys_endpoint(*binding);
    auto params = split_list(m[3]);
    bool remove = iequals(m[2], "RemoveSslCertificate");
    if (!remove && params.empty()) return error("AddSslCertificate needs a thumbprint");
    auto failure = remove ? binding_remove_ssl_certificate(endpoint, lc)
                          : binding_add_ssl_certificate(endpoint, params[0], params.size() > 1 ? params[1] : "My", lc);
    if (failure)
        return error(fmt::format("Exception calling \"{}\" with \"{}\" argument(s): \"{}\"", m[2], remove ? 0 : 2, *failure));
    return ok();
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
