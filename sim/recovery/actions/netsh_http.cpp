// netsh http: the http.sys SSL bindings (facts.md 3).
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/recovery/actions/action_support.hpp"

namespace cusim {
namespace {

// The texts of the real tool: its success lines and Win32 errors 2, 183 and 1312.
std::function<ActionFn(const JsonAt&, const InputFolder&)> netsh(const std::string& verb) {
    return [verb](const JsonAt& p, const InputFolder&) -> ActionFn {
        if (verb == "delete") p.allow_only({"ipport"});
        else p.allow_only({"ipport", "certificate", "appid", "certstorename"});
        std::string ipport = p.str("ipport");
        std::optional<CertSelector> sel;
        if (verb != "delete") sel = parse_selector(p.at("certificate"));
        std::string appid = p.str_or("appid", "{4dc3e181-e14b-4a21-b022-59fc669b0914}");
        std::string store_name = p.str_or("certstorename", "MY");
        return [=](ActionContext& ctx) -> ActionResult {
            SslBinding* existing = ctx.state.find_ssl_binding(ipport);
            if (verb == "delete") {
                if (!existing) return failed("SSL Certificate deletion failed, Error: 2\nThe system cannot find the file specified.");
                auto& v = ctx.state.ssl_bindings;
                v.erase(std::remove_if(v.begin(), v.end(), [&](auto& b) { return b.ip_port == ipport; }), v.end());
                return {true, "SSL Certificate successfully deleted"};
            }
            std::string Verb = verb == "add" ? "add" : "update";
            if (verb == "add" && existing)
                return failed("SSL Certificate add failed, Error: 183\nCannot create a file when that file already exists.");
            if (verb == "update" && !existing)
                return failed("SSL Certificate update failed, Error: 2\nThe system cannot find the file specified.");
            auto st = parse_store_name(store_name);
            const StoreEntry* e =
                st ? select_certificate(*sel, ctx.state, ctx.scenario, {*st}, true) : nullptr;
            // http.sys needs the certificate, with its key, in the named store (Error 1312).
            if (!e)
                return failed(fmt::format("SSL Certificate {} failed, Error: 1312\nA specified logon session does not "
                                          "exist. It may already have been terminated.",
                                          Verb));
            if (existing) {
                existing->certificate_hash = e->certificate.thumbprint();
                existing->store_name = store_name;
                existing->application_id = appid;
            } else {
                ctx.state.ssl_bindings.push_back(SslBinding{ipport, e->certificate.thumbprint(), store_name, appid});
            }
            return {true, verb == "add" ? "SSL Certificate successfully added" : "SSL Certificate successfully updated"};
        };
    };
}

}  // namespace

void add_netsh_http_actions(std::vector<ActionDef>& c) {
    c.push_back({"netsh-delete-sslcert", "netsh http", "netsh http delete sslcert ipport=<ip:port>", netsh("delete")});
    c.push_back({"netsh-add-sslcert", "netsh http",
                 "netsh http add sslcert ipport=<ip:port> certhash=<hash> appid={...}", netsh("add")});
    c.push_back({"netsh-update-sslcert", "netsh http",
                 "netsh http update sslcert ipport=<ip:port> certhash=<hash> appid={...}", netsh("update")});
}

}  // namespace cusim
