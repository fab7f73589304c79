// IIS Manager: the binding dialog and Server Certificates.
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include "sim/recovery/actions/action_support.hpp"

namespace cusim {
namespace {

// The binding dialog lists the certificates of these stores.
const std::vector<StoreName> iis_stores = {StoreName::My, StoreName::WebHosting};

ActionFn parse_iis_edit_binding(const JsonAt& p, const InputFolder&) {
    p.allow_only({"site", "binding", "certificate"});
    std::string site = p.str("site"), binding = p.str("binding");
    CertSelector sel = parse_selector(p.at("certificate"));
    return [=](ActionContext& ctx) -> ActionResult {
        const IisSite* s = ctx.state.find_site(site);
        const IisBinding* b = nullptr;
        if (s)
            for (auto& x : s->bindings)
                if (x.protocol == "https" && x.binding_information == binding) b = &x;
        if (!b) return failed(fmt::format("IIS Manager: site '{}' has no https binding '{}'", site, binding));
        // The dialog lists certificates of My and Web Hosting that have a private key.
        const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, iis_stores, true);
        if (!e)
            return failed(fmt::format("IIS Manager: the SSL certificate list of the binding has no {}",
                                      sel.describe()));
        std::string endpoint = http_sys_endpoint(*b);
        std::string store = ctx.state.find_store(StoreName::My) &&
                                    ctx.state.find_store(StoreName::My)->find(e->certificate.thumbprint())
                                ? "MY"
                                : "WebHosting";
        std::string thumb = e->certificate.thumbprint();
        if (SslBinding* sb = ctx.state.find_ssl_binding(endpoint)) {
            sb->certificate_hash = thumb;
            sb->store_name = store;
        } else {
            ctx.state.ssl_bindings.push_back(SslBinding{endpoint, thumb, store});
        }
        return {true, fmt::format("{} {} {} -> {} ({})", site, b->protocol, binding, thumb,
                                  e->friendly_name.empty() ? e->certificate.subject() : e->friendly_name)};
    };
}

ActionFn parse_iis_create_self_signed(const JsonAt& p, const InputFolder&) {
    p.allow_only({"friendlyName", "store"});
    std::string friendly = p.str("friendlyName");
    std::string store_text = p.str_or("store", "Personal");
    auto store = parse_store_name(store_text);
    if (!store || (*store != StoreName::My && *store != StoreName::WebHosting))
        p.at("store").fail("IIS offers the stores Personal and Web Hosting");
    StoreName st = *store;
    return [=](ActionContext& ctx) -> ActionResult {
        // INFERRED (facts.md 3b): CN=<host name>, 1 year, RSA 2048, SHA-256, no SAN.
        CertSpec spec;
        spec.subject = "CN=" + ctx.state.exchange.server_name;
        spec.not_before = ctx.state.clock;
        spec.not_after = ctx.state.clock + std::chrono::days{365};
        spec.serial_hex = ctx.state.next_serial(1);
        spec.key_usage = {"Key Encipherment", "Data Encipherment"};
        spec.extended_key_usage = {"Server Authentication"};
        Certificate cert = ctx.state.add_new_certificate(st, spec, KeyProvider::capi, friendly).certificate;
        return {true, fmt::format("created {} ({}, valid until {}) in {}", cert.thumbprint(), cert.subject(),
                                  format_windows(cert.not_after()), to_string(st))};
    };
}

}  // namespace

void add_iis_manager_actions(std::vector<ActionDef>& c) {
    c.push_back({"iis-edit-binding", "IIS Manager",
                 "Sites > <site> > Bindings > edit an https binding > SSL certificate", parse_iis_edit_binding});
    c.push_back({"iis-create-self-signed", "IIS Manager",
                 "Server Certificates > Create Self-Signed Certificate (CN=<host>, 1 year, no SANs)", parse_iis_create_self_signed});
}

}  // namespace cusim
