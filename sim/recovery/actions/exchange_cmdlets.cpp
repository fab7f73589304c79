// The Exchange Management Shell cmdlets: certificates, AuthConfig and receive connectors.
// All of them need a working EMS, which a failed CU takes away.
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/recovery/actions/action_support.hpp"
#include "sim/core/text.hpp"

namespace cusim {
namespace {

std::string rpc_error(const ServerState& state, const std::string& message) {
    return fmt::format("A special Rpc error occurs on server {}: {}", state.exchange.server_name, message);
}

// Enable-ExchangeCertificate -Services IIS rebinds the https bindings of Default Web Site
// (INFERRED: both of them; R9: this is how a renewal steals DWS 443).
void bind_default_web_site(ServerState& state, const std::string& thumbprint) {
    const IisSite* dws = state.find_site("Default Web Site");
    if (!dws) return;
    for (auto& b : dws->bindings) {
        if (b.protocol != "https") continue;
        std::string endpoint = http_sys_endpoint(b);
        SslBinding* sb = state.find_ssl_binding(endpoint);
        if (sb) {
            sb->certificate_hash = thumbprint;
            sb->store_name = "MY";
        } else {
            state.ssl_bindings.push_back(SslBinding{endpoint, thumbprint});
        }
    }
}

ActionResult enable_services(ServerState& state, const StoreEntry& e, const std::vector<std::string>& services) {
    if (!e.has_private_key)
        return failed(rpc_error(state, fmt::format("The certificate with thumbprint {} was found but is not valid for use "
                                                   "with Exchange Server (reason: PrivateKeyMissing).",
                                                   e.certificate.thumbprint())));
    std::string thumb = e.certificate.thumbprint();
    for (auto& s : services) {
        state.enable_service(thumb, s);
        if (s == "IIS") bind_default_web_site(state, thumb);
        // Only one certificate is IIS's: the others lose it.
        if (s == "IIS")
            for (auto& [t, list] : state.exchange.services)
                if (t != thumb) list.erase(std::remove(list.begin(), list.end(), "IIS"), list.end());
    }
    return {};
}

std::vector<std::string> parse_services(const JsonAt& params) {
    std::vector<std::string> out;
    if (auto s = params.find("services"))
        for (auto& item : s->items()) {
            std::string v = item.str();
            if (v != "IIS" && v != "SMTP" && v != "IMAP" && v != "POP" && v != "UM" && v != "Federation")
                item.fail(fmt::format("unknown Exchange service '{}'", v));
            out.push_back(v);
        }
    return out;
}

ActionFn parse_new_exchange_certificate(const JsonAt& p, const InputFolder&) {
    p.allow_only({"subjectName", "domainNames", "friendlyName", "services", "overwriteDefaultSmtp", "lifetimeDays"});
    std::string subject = p.str_or("subjectName", "");
    auto domains = p.strings("domainNames");
    std::string friendly = p.str_or("friendlyName", "Microsoft Exchange");
    auto services = parse_services(p);
    bool overwrite = p.boolean_or("overwriteDefaultSmtp", false);
    long long days = p.has("lifetimeDays") ? p.at("lifetimeDays").integer_in(1, 36525) : 365 * 5 + 1;
    return [=](ActionContext& ctx) -> ActionResult {
        if (auto r = exchange_cmdlet_unavailable(ctx.state, "New-ExchangeCertificate")) return *r;
        CertSpec spec;
        spec.subject = subject.empty() ? "CN=" + ctx.state.exchange.server_name : subject;
        spec.dns_names = domains;
        spec.not_before = ctx.state.clock;
        auto not_after = add_to_time(ctx.state.clock, days, seconds_per_day);
        if (!not_after)
            return {false, fmt::format("New-ExchangeCertificate : a certificate valid for {} days from {} would end after 9999-12-31", days,
                                       format_iso(ctx.state.clock))};
        spec.not_after = *not_after;
        spec.serial_hex = ctx.state.next_serial(0x100);
        spec.key_usage = {"Digital Signature", "Key Encipherment"};
        spec.extended_key_usage = {"Server Authentication"};
        auto made = add_typed_certificate(ctx.state, StoreName::My, spec, KeyProvider::capi, friendly, "New-ExchangeCertificate");
        if (!made.entry) return made.error;
        Certificate cert = made.entry->certificate;
        std::string out = fmt::format("Thumbprint {} Services {} Subject {}", cert.thumbprint(),
                                      services.empty() ? "None" : fmt::format("{}", fmt::join(services, ", ")),
                                      cert.subject());
        // Case 6: "Overwrite the existing default SMTP certificate?" (answered by overwriteDefaultSmtp).
        std::vector<std::string> enable = services;
        if (std::find(services.begin(), services.end(), "SMTP") != services.end()) {
            if (overwrite) ctx.state.exchange.internal_transport_thumbprint = cert.thumbprint();
            out += overwrite ? "\n(answered Yes: it is now the default SMTP certificate)"
                             : "\n(answered No to \"Overwrite the existing default SMTP certificate?\")";
        }
        auto r = enable_services(ctx.state, *ctx.state.store(StoreName::My).find(cert.thumbprint()), enable);
        if (!r.ok) return r;
        return {true, out};
    };
}

ActionFn parse_enable_exchange_certificate(const JsonAt& p, const InputFolder&) {
    p.allow_only({"certificate", "services"});
    CertSelector sel = parse_selector(p.at("certificate"));
    auto services = parse_services(p);
    if (services.empty()) p.fail("needs services");
    return [=](ActionContext& ctx) -> ActionResult {
        if (auto r = exchange_cmdlet_unavailable(ctx.state, "Enable-ExchangeCertificate")) return *r;
        const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
        if (!e) return failed(rpc_error(ctx.state, fmt::format("The certificate with {} was not found.", sel.describe())));
        auto r = enable_services(ctx.state, *e, services);
        if (!r.ok) return r;
        return {true, fmt::format("{} enabled for {}", e->certificate.thumbprint(), fmt::join(services, ", "))};
    };
}

ActionFn parse_remove_exchange_certificate(const JsonAt& p, const InputFolder&) {
    p.allow_only({"certificate"});
    CertSelector sel = parse_selector(p.at("certificate"));
    return [=](ActionContext& ctx) -> ActionResult {
        if (auto r = exchange_cmdlet_unavailable(ctx.state, "Remove-ExchangeCertificate")) return *r;
        const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
        if (!e) return failed(rpc_error(ctx.state, fmt::format("The certificate with {} was not found.", sel.describe())));
        std::string thumb = e->certificate.thumbprint();
        // Case 27 (Practical365), exact.
        if (thumb == ctx.state.exchange.internal_transport_thumbprint)
            return failed(rpc_error(ctx.state, "The internal transport certificate cannot be removed because "
                                               "that would cause the Microsoft Exchange Transport service to stop."));
        auto& entries = ctx.state.store(StoreName::My).entries;
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [&](auto& x) { return x.certificate.thumbprint() == thumb; }),
                      entries.end());
        ctx.state.exchange.services.erase(thumb);
        return {true, fmt::format("removed {}", thumb)};
    };
}

ActionFn parse_set_authconfig(const JsonAt& p, const InputFolder&) {
    p.allow_only({"newCertificate", "newCertificateEffectiveDate", "publishCertificate", "clearPreviousCertificate"});
    std::optional<CertSelector> sel;
    if (p.has("newCertificate")) sel = parse_selector(p.at("newCertificate"));
    std::optional<SimTime> effective;
    bool effective_now = false;
    if (auto d = p.find("newCertificateEffectiveDate")) {
        if (d->str() == "now") effective_now = true;
        else effective = parse_iso_time_or_throw(d->str(), d->file(), d->pointer());
    }
    bool publish = p.boolean_or("publishCertificate", false);
    bool clear = p.boolean_or("clearPreviousCertificate", false);
    return [=](ActionContext& ctx) -> ActionResult {
        if (auto r = exchange_cmdlet_unavailable(ctx.state, "Set-AuthConfig")) return *r;
        auto& auth = ctx.state.exchange.auth;
        std::vector<std::string> done;
        if (sel) {
            const StoreEntry* e = select_certificate(*sel, ctx.state, ctx.scenario, {StoreName::My}, true);
            if (!e) return failed(fmt::format("Set-AuthConfig : The certificate with {} was not found.", sel->describe()));
            auth.next_thumbprint = e->certificate.thumbprint();
            auth.next_effective_date = effective_now ? ctx.state.clock : effective.value_or(ctx.state.clock);
            done.push_back("next certificate " + auth.next_thumbprint);
        }
        if (publish) {
            // The next certificate becomes current once its effective date has come.
            if (!auth.next_thumbprint.empty() && auth.next_effective_date && *auth.next_effective_date <= ctx.state.clock) {
                auth.previous_thumbprint = auth.current_thumbprint;
                auth.current_thumbprint = auth.next_thumbprint;
                auth.next_thumbprint.clear();
                auth.next_effective_date.reset();
            }
            done.push_back("published");
        }
        if (clear) {
            auth.previous_thumbprint.clear();
            done.push_back("previous certificate cleared");
        }
        return {true, fmt::format("AuthConfig: {}", fmt::join(done, "; "))};
    };
}

ActionFn parse_set_receive_connector(const JsonAt& p, const InputFolder&) {
    p.allow_only({"connector", "tlsCertificate"});
    std::string connector = p.str("connector");
    CertSelector sel = parse_selector(p.at("tlsCertificate"));
    return [=](ActionContext& ctx) -> ActionResult {
        if (auto r = exchange_cmdlet_unavailable(ctx.state, "Set-ReceiveConnector")) return *r;
        ReceiveConnector* rc = nullptr;
        for (auto& x : ctx.state.exchange.receive_connectors)
            if (iequals(x.name, connector)) rc = &x;
        if (!rc)
            return failed(fmt::format("The operation couldn't be performed because object '{}' couldn't be "
                                      "found on '{}'.",
                                      connector, ctx.state.exchange.domain_controller));
        const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
        if (!e) return failed(fmt::format("Set-ReceiveConnector : no {} in the My store", sel.describe()));
        rc->tls_certificate_name = "<I>" + e->certificate.issuer() + "<S>" + e->certificate.subject();
        return {true, fmt::format("{} -TlsCertificateName {}", rc->name, rc->tls_certificate_name)};
    };
}

}  // namespace

// After a failed CU the Exchange binaries are gone: EMS does not load and the cmdlets are
// unknown to PowerShell (facts.md 1b: "We have no access to the EMS at this point").
std::optional<ActionResult> exchange_cmdlet_unavailable(const ServerState& state, const std::string& cmdlet) {
    if (state.exchange.management_usable) return std::nullopt;
    return failed(fmt::format("{} : The term '{}' is not recognized as the name of a cmdlet, function, script file, or "
                              "operable program. Check the spelling of the name, or if a path was included, verify "
                              "that the path is correct and try again.",
                              cmdlet, cmdlet));
}

void add_exchange_cmdlets_actions(std::vector<ActionDef>& c) {
    c.push_back({"new-exchange-certificate", "Exchange Management Shell",
                 "New-ExchangeCertificate (self-signed, 5 years) [-Services ...]", parse_new_exchange_certificate});
    c.push_back({"enable-exchange-certificate", "Exchange Management Shell",
                 "Enable-ExchangeCertificate -Thumbprint <t> -Services <...> (IIS rebinds Default Web Site)", parse_enable_exchange_certificate});
    c.push_back({"remove-exchange-certificate", "Exchange Management Shell",
                 "Remove-ExchangeCertificate -Thumbprint <t> (refuses the internal transport certificate)", parse_remove_exchange_certificate});
    c.push_back({"set-authconfig", "Exchange Management Shell",
                 "Set-AuthConfig -NewCertificateThumbprint/-NewCertificateEffectiveDate/-PublishCertificate/-ClearPreviousCertificate", parse_set_authconfig});
    c.push_back({"set-receive-connector", "Exchange Management Shell",
                 "Set-ReceiveConnector <name> -TlsCertificateName \"<I>issuer<S>subject\" of a certificate", parse_set_receive_connector});
}

}  // namespace cusim
