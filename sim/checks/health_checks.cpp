#include "sim/checks/health_checks.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"

#include <algorithm>

namespace cusim {
namespace {

// An https binding must resolve, through http.sys, to a certificate in My with its private
// key, valid at the simulated time.
CheckResult binding_check(const ServerState& state, const std::string& id, const std::string& site_name,
                          const IisBinding& binding) {
    CheckResult r{id, fmt::format("{} https {} certificate", site_name, binding.binding_information), false, "", {}};
    std::string endpoint = http_sys_endpoint(binding);
    const SslBinding* sb = state.find_ssl_binding(endpoint);
    if (!sb) {
        r.detail = fmt::format("http.sys has no SSL binding for {}", endpoint);
        return r;
    }
    const StoreEntry* e = state.certificate_of(*sb);
    if (!e) {
        r.detail = fmt::format("{} holds {}, which is not in the {} store", endpoint, sb->certificate_hash, sb->store_name);
        return r;
    }
    const Certificate& c = e->certificate;
    if (!e->has_private_key) r.detail = fmt::format("{} ({}) has no private key", c.thumbprint(), c.subject());
    else if (state.clock > c.not_after())
        r.detail = fmt::format("{} ({}) expired on {}", c.thumbprint(), c.subject(), format_windows(c.not_after()));
    else if (state.clock < c.not_before())
        r.detail = fmt::format("{} ({}) is not valid before {}", c.thumbprint(), c.subject(), format_windows(c.not_before()));
    else {
        r.passed = true;
        r.detail = fmt::format("{} ({}), valid until {}", c.thumbprint(), c.subject(), format_windows(c.not_after()));
    }
    return r;
}

CheckResult auth_check(const ServerState& state) {
    CheckResult r{"auth-certificate", "Auth certificate named by AuthConfig", false, "", {}};
    const std::string& t = state.exchange.auth.current_thumbprint;
    const CertificateStore* my = state.find_store(StoreName::My);
    const StoreEntry* e = my && !t.empty() ? my->find(t) : nullptr;
    if (t.empty()) r.detail = "AuthConfig names no certificate";
    else if (!e) r.detail = fmt::format("AuthConfig names {}, which is not in the My store", t);
    else if (!e->has_private_key) r.detail = fmt::format("{} has no private key", t);
    else if (state.clock > e->certificate.not_after())
        r.detail = fmt::format("{} expired on {}", t, format_windows(e->certificate.not_after()));
    else {
        r.passed = true;
        r.detail = fmt::format("{}, valid until {}", t, format_windows(e->certificate.not_after()));
    }
    return r;
}

// R8: a valid certificate with the server FQDN, enabled for SMTP, with its key.
CheckResult smtp_check(const ServerState& state) {
    CheckResult r{"smtp-certificate", "SMTP certificate for " + state.exchange.fqdn, false, "", {}};
    const CertificateStore* my = state.find_store(StoreName::My);
    if (my) {
        for (auto& e : my->entries) {
            auto svc = state.exchange.services.find(e.certificate.thumbprint());
            bool smtp = svc != state.exchange.services.end() &&
                        std::find(svc->second.begin(), svc->second.end(), "SMTP") != svc->second.end();
            const auto& names = e.certificate.dns_names();
            bool has_fqdn = std::any_of(names.begin(), names.end(), [&](auto& n) { return iequals(n, state.exchange.fqdn); }) ||
                            iequals(e.certificate.common_name(), state.exchange.fqdn);
            if (smtp && has_fqdn && e.has_private_key && e.certificate.is_valid_at(state.clock)) {
                r.passed = true;
                r.detail = fmt::format("{} ({})", e.certificate.thumbprint(), e.certificate.subject());
                return r;
            }
        }
    }
    r.detail = fmt::format("no valid certificate with {} is enabled for SMTP", state.exchange.fqdn);
    return r;
}

// R7: Exchange forms-based login needs the IIS certificate's key in a CAPI provider.
CheckResult key_provider_check(const ServerState& state) {
    CheckResult r{"iis-key-provider", "IIS certificate key in a CAPI provider", true,
                  "no Default Web Site certificate keeps its key in a CNG provider", {}};
    const IisSite* dws = state.find_site("Default Web Site");
    if (!dws) return r;
    for (auto& b : dws->bindings) {
        if (b.protocol != "https") continue;
        const SslBinding* sb = state.find_ssl_binding(http_sys_endpoint(b));
        const StoreEntry* e = sb ? state.certificate_of(*sb) : nullptr;
        if (e && e->has_private_key && e->key_provider == KeyProvider::cng) {
            r.passed = false;
            r.detail = fmt::format("{} keeps its key in {}", e->certificate.thumbprint(), provider_display_name(e->key_provider));
            return r;
        }
    }
    return r;
}

}  // namespace

std::vector<CheckResult> run_health_checks(const ServerState& state) {
    std::vector<CheckResult> out;
    auto site_checks = [&](const std::string& site_name, const std::string& prefix) {
        const IisSite* site = state.find_site(site_name);
        if (!site) return;
        for (auto& b : site->bindings) {
            if (b.protocol != "https") continue;
            std::string endpoint = http_sys_endpoint(b);
            std::string ip = endpoint.substr(0, endpoint.find(':'));
            std::string port = endpoint.substr(endpoint.find(':') + 1);
            std::string id = prefix + (ip == "0.0.0.0" ? "" : ip == "127.0.0.1" ? "-localhost" : "-" + ip) + "-" + port;
            out.push_back(binding_check(state, id, site_name, b));
        }
    };
    site_checks("Default Web Site", "dws");
    site_checks("Exchange Back End", "backend");
    out.push_back(auth_check(state));
    out.push_back(smtp_check(state));
    out.push_back(key_provider_check(state));
    for (auto& p : run_probes(state)) out.push_back({p.id, p.name, p.ok, p.ok ? "ok" : p.symptom, p.events});
    return out;
}

}  // namespace cusim
