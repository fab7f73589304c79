#include "sim/checks/probes.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"

namespace cusim {
namespace {

// ---------------------------------------------------------------- events (facts.md 4)

EventRecord http_event_15021(const std::string& endpoint) {
    return {15021, "HttpEvent", "System", "Error",
            fmt::format("An error occurred while using SSL configuration for endpoint {}. The error status code is "
                        "contained within the returned data.",
                        endpoint)};
}

EventRecord hmac_assert_1003() {
    // Cases 7, 8, 24 (exact assert text).
    return {1003, "MSExchange Front End HTTP Proxy", "Application", "Error",
            "Microsoft.Exchange.Diagnostics.ExAssertException: ASSERT: HMACProvider.GetCertificates:"
            "protectionCertificates.Length<1"};
}

EventRecord parse_cadata_1003() {
    // E_AUTH_1003 (cases 6, 23, 25).
    return {1003, "MSExchange Front End HTTP Proxy", "Application", "Error",
            "System.NullReferenceException: Object reference not set to an instance of an object. at "
            "Microsoft.Exchange.HttpProxy.FbaModule.ParseCadataCookies"};
}

EventRecord aspnet_1309() {
    // Case 5 (Jaap Wesselius): ASP.NET 4.0.30319.0 1309 beside 1003. The message text was not
    // recorded by the source; this is ASP.NET's generic wording (INFERRED).
    return {1309, "ASP.NET 4.0.30319.0", "Application", "Warning", "Event code: 3005 Event message: An unhandled exception has occurred."};
}

EventRecord event_12014(const std::string& domain, const std::string& connector, const std::string& fqdn, bool front_end) {
    return {12014, front_end ? "MSExchangeFrontEndTransport" : "MSExchangeTransport", "Application", "Error",
            fmt::format("Microsoft Exchange could not find a certificate that contains the domain name {} in the personal "
                        "store on the local computer. Therefore, it is unable to support the STARTTLS SMTP verb for the "
                        "connector {} with a FQDN parameter of {}. If the connector's FQDN is not specified, the "
                        "computer's FQDN is used. Verify the connector configuration and the installed certificates to "
                        "make sure that there is a certificate with a domain name for that FQDN. If this certificate "
                        "exists, run Enable-ExchangeCertificate -Services SMTP to make sure that the Microsoft Exchange "
                        "Transport service has access to the certificate key.",
                        domain, connector, fqdn)};
}

// 12013 and 12024 share their text; 12024 spells "-services" in lower case and adds the
// ephemeral certificate (facts.md 4).
std::string cannot_load_internal_certificate(const std::string& thumbprint, const char* services_switch) {
    return fmt::format("Microsoft Exchange could not load the certificate with thumbprint of {0} from the personal store "
                       "on the local computer. This certificate was configured for authentication with other Exchange "
                       "servers. Mail flow to other Exchange servers could be affected by this error. If the certificate "
                       "with this thumbprint still exists in the personal store, run Enable-ExchangeCertificate {0} "
                       "{1} SMTP to resolve the issue. If the certificate does not exist in the personal store, restore "
                       "it from backup by using the Import-ExchangeCertificate cmdlet, or create a new certificate for "
                       "the FQDN or the server enabled for SMTP by running the following command: "
                       "New-ExchangeCertificate -DomainName serverfqdn -Services SMTP.",
                       thumbprint, services_switch);
}

EventRecord event_12013(const std::string& thumbprint) {
    return {12013, "MSExchangeTransport", "Application", "Error", cannot_load_internal_certificate(thumbprint, "-Services")};
}

EventRecord event_12024(const std::string& thumbprint, const std::string& ephemeral) {
    return {12024, "MSExchangeTransport", "Application", "Information",
            cannot_load_internal_certificate(thumbprint, "-services") +
                fmt::format(" Meanwhile, an ephemeral, self-signed certificate with thumbprint {} is being used.", ephemeral)};
}

EventRecord event_12016(const std::string& fqdn) {
    return {12016, "MSExchangeTransport", "Application", "Error",
            fmt::format("There is no valid SMTP Transport Layer Security (TLS) certificate for the FQDN of {}. The existing "
                        "certificate for that FQDN has expired. The continued use of that FQDN will cause mail flow "
                        "problems. A new certificate that contains the FQDN of {} should be installed on this server as "
                        "soon as possible. You can create a new certificate by using the New-ExchangeCertificate task.",
                        fqdn, fqdn)};
}

// ---------------------------------------------------------------- what the probes look at

// The certificate an https endpoint serves, if it is usable at all (in the store, with its key).
const StoreEntry* served(const ServerState& s, const std::string& endpoint) {
    const SslBinding* b = s.find_ssl_binding(endpoint);
    const StoreEntry* e = b ? s.certificate_of(*b) : nullptr;
    return e && e->has_private_key ? e : nullptr;
}

bool services_down(const ServerState& s) { return s.setup.upgrade_in_progress; }

// R6: the Back End needs a certificate in the store with its key, valid, and (cases 4, 20)
// the self-signed one; a third-party certificate there also breaks the proxy.
std::string backend_problem(const ServerState& s) {
    const SslBinding* b = s.find_ssl_binding("0.0.0.0:444");
    if (!b) return "no certificate is bound to 0.0.0.0:444";
    const StoreEntry* e = s.certificate_of(*b);
    if (!e) return fmt::format("0.0.0.0:444 names {}, which is not in the store", b->certificate_hash);
    if (!e->has_private_key) return fmt::format("{} on 0.0.0.0:444 has no private key", b->certificate_hash);
    if (s.clock > e->certificate.not_after())
        return fmt::format("{} on 0.0.0.0:444 expired on {}", b->certificate_hash, format_windows(e->certificate.not_after()));
    return "";
}

// The Auth certificate OWA/ECP use: the one loaded at their last start (KB2617816).
std::string auth_problem(const ServerState& s) {
    const std::string& t = s.exchange.auth_loaded_thumbprint;
    const CertificateStore* my = s.find_store(StoreName::My);
    const StoreEntry* e = my && !t.empty() ? my->find(t) : nullptr;
    if (t.empty()) return "AuthConfig names no certificate";
    if (!e) return fmt::format("the Auth certificate {} is not in the store", t);
    if (s.clock > e->certificate.not_after())
        return fmt::format("the Auth certificate {} expired on {}", t, format_windows(e->certificate.not_after()));
    return "";
}

const StoreEntry* dws_certificate(const ServerState& s) { return served(s, "0.0.0.0:443"); }

ProbeResult http_sys_probe(const ServerState& s) {
    ProbeResult r{"http-sys", "http.sys SSL endpoints", true, "", {}};
    for (auto& b : s.ssl_bindings) {
        if (!s.certificate_of(b)) {
            r.ok = false;
            r.events.push_back(http_event_15021(b.ip_port));
            r.symptom += (r.symptom.empty() ? "" : "; ") + fmt::format("{} names a certificate that is not in the store", b.ip_port);
        }
    }
    return r;
}

ProbeResult forms_login_probe(const ServerState& s, const std::string& id, const std::string& app) {
    ProbeResult r{id, app + " login (forms-based)", false, "", {}};
    if (services_down(s)) {
        r.symptom = app + ": HTTP 503 Service Unavailable (Exchange services are disabled: the CU did not finish)";
        return r;
    }
    const StoreEntry* front = dws_certificate(s);
    if (!front) {
        r.symptom = app + ": the browser cannot open a secure connection to 443 (no usable certificate on 0.0.0.0:443)";
        r.events.push_back(http_event_15021("0.0.0.0:443"));
        return r;
    }
    if (std::string be = backend_problem(s); !be.empty()) {
        r.symptom = app + ": blank page / HTTP 500 when the front end proxies to the Back End (" + be + ")";
        const SslBinding* be_binding = s.find_ssl_binding("0.0.0.0:444");
        if (be_binding && !s.certificate_of(*be_binding)) r.events.push_back(http_event_15021("0.0.0.0:444"));
        return r;
    }
    if (std::string auth = auth_problem(s); !auth.empty()) {
        if (s.exchange.hmac_signs_with_auth) {
            r.symptom = app + ": \"Something went wrong\", HTTP 500 after login (" + auth + ")";
            r.events = {hmac_assert_1003(), aspnet_1309()};
        } else {
            // The sources disagree on what the browser shows, with the same event 1003 at
            // FbaModule.ParseCadataCookies: KB2617816 (cases.md 6) a redirect loop ("redirect limit
            // was reached"), gurvinderbharya after a CU (cases.md 23) "Something went wrong". No state
            // is known to tell them apart, so the symptom names both.
            r.symptom = app + ": after login, \"Something went wrong\" or the login page again (redirect loop) (" + auth + ")";
            r.events = {parse_cadata_1003()};
        }
        return r;
    }
    // R7: forms-based login needs the IIS certificate's key in the legacy CSP (case 25).
    if (front->key_provider == KeyProvider::cng) {
        r.symptom = app + ": the login page comes back again with no error (the IIS certificate's key is in " +
                    provider_display_name(front->key_provider) + ")";
        r.events = {parse_cadata_1003()};
        return r;
    }
    r.ok = true;
    return r;
}

ProbeResult ems_probe(const ServerState& s) {
    ProbeResult r{"ems-connect", "Exchange Management Shell session", false, "", {}};
    if (!s.exchange.management_usable) {
        r.symptom = "EMS: the Exchange cmdlets are not available (the failed CU removed the binaries)";
        return r;
    }
    if (std::string be = backend_problem(s); !be.empty()) {
        // Case 4 (miguelo): "the Exchange PowerShell console won't open a session to the server".
        r.symptom = "EMS: cannot open a session to the server (" + be + ")";
        return r;
    }
    r.ok = true;
    return r;
}

ProbeResult outlook_anywhere_probe(const ServerState& s) {
    ProbeResult r{"outlook-anywhere", "Outlook Anywhere / MAPI over HTTP", false, "", {}};
    if (services_down(s)) {
        r.symptom = "Outlook: \"Trying to connect...\" (Exchange services are disabled)";
        return r;
    }
    if (!dws_certificate(s)) {
        r.symptom = "Outlook: cannot connect (no usable certificate on 0.0.0.0:443)";
        return r;
    }
    if (std::string be = backend_problem(s); !be.empty()) {
        r.symptom = "Outlook: cannot connect; the proxy to the Back End answers HTTP 500 (" + be + ")";
        return r;
    }
    r.ok = true;  // Outlook does not use forms-based login: Auth and CNG problems leave it working (cases 5, 25)
    return r;
}

bool has_name(const Certificate& c, const std::string& name) {
    if (iequals(c.common_name(), name)) return true;
    for (auto& n : c.dns_names())
        if (iequals(n, name) || (n.rfind("*.", 0) == 0 && name.find('.') != std::string::npos &&
                                 iequals(n.substr(1), name.substr(name.find('.')))))
            return true;
    return false;
}

// `<I>issuer<S>subject` of a certificate, as Set-ReceiveConnector -TlsCertificateName takes it.
std::string tls_certificate_name(const Certificate& c) { return "<I>" + c.issuer() + "<S>" + c.subject(); }

ProbeResult smtp_probe(const ServerState& s) {
    ProbeResult r{"smtp-starttls", "SMTP STARTTLS (telnet 25, EHLO)", true, "", {}};
    if (services_down(s)) {
        r.ok = false;
        r.symptom = "SMTP: connection refused (transport services are disabled)";
        return r;
    }
    const CertificateStore* my = s.find_store(StoreName::My);
    auto add = [&](const std::string& symptom, EventRecord e) {
        r.ok = false;
        r.symptom += (r.symptom.empty() ? "" : "; ") + symptom;
        r.events.push_back(std::move(e));
    };
    // R8: the internal transport certificate (cases 27, 28, seed 0f).
    const std::string& internal = s.exchange.internal_transport_thumbprint;
    if (!internal.empty()) {
        const StoreEntry* e = my ? my->find(internal) : nullptr;
        if (!e || !e->has_private_key) {
            // Transport cannot load it (12013) and falls back to an ephemeral certificate (12024, case 28;
            // the ephemeral thumbprint is INFERRED: a placeholder).
            add("SMTP to other Exchange servers: the internal transport certificate cannot be loaded", event_12013(internal));
            r.events.push_back(event_12024(internal, "0000000000000000000000000000000000000000"));
        } else if (s.clock > e->certificate.not_after()) {
            add("SMTP to other Exchange servers: the internal transport certificate has expired", event_12013(internal));
        }
    }
    for (auto& rc : s.exchange.receive_connectors) {
        if (!rc.tls_certificate_name.empty()) {
            bool found = false;
            if (my)
                for (auto& e : my->entries)
                    found = found || (tls_certificate_name(e.certificate) == rc.tls_certificate_name && e.has_private_key &&
                                      e.certificate.is_valid_at(s.clock));
            if (!found)
                add(fmt::format("SMTP: no STARTTLS offered on \"{}\"; senders that require TLS get \"451 5.7.3 STARTTLS "
                                "is required to send mail.\"",
                                rc.name),
                    event_12014(rc.tls_certificate_name, rc.name, rc.fqdn, rc.front_end));
        }
    }
    // A valid certificate for the server FQDN, enabled for SMTP.
    bool valid = false, expired = false;
    if (my)
        for (auto& e : my->entries) {
            auto svc = s.exchange.services.find(e.certificate.thumbprint());
            bool smtp = svc != s.exchange.services.end() &&
                        std::find(svc->second.begin(), svc->second.end(), "SMTP") != svc->second.end();
            if (!smtp || !has_name(e.certificate, s.exchange.fqdn) || !e.has_private_key) continue;
            if (e.certificate.is_valid_at(s.clock)) valid = true;
            else expired = true;
        }
    if (!valid) {
        if (expired) add(fmt::format("SMTP: the certificate for {} has expired", s.exchange.fqdn), event_12016(s.exchange.fqdn));
        else if (internal.empty())
            add(fmt::format("SMTP: no certificate with {} for STARTTLS", s.exchange.fqdn),
                event_12014(s.exchange.fqdn, "Default " + s.exchange.server_name, s.exchange.fqdn, false));
    }
    return r;
}

}  // namespace

ProbeResult ems_connect_probe(const ServerState& state) { return ems_probe(state); }

std::vector<ProbeResult> run_probes(const ServerState& state) {
    return {forms_login_probe(state, "owa-login", "OWA"), forms_login_probe(state, "ecp-login", "ECP"),
            ems_probe(state),           outlook_anywhere_probe(state),
            smtp_probe(state),          http_sys_probe(state)};
}

}  // namespace cusim
