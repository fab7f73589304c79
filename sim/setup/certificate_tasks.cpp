#include "sim/setup/certificate_tasks.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"

#include <algorithm>

namespace cusim {
namespace {

// The serial of a certificate setup makes: deterministic, from the clock and a counter.
std::string new_serial(const ServerState& state, int salt) {
    return fmt::format("{:016X}{:08X}{:08X}", static_cast<unsigned long long>(to_time_t(state.clock)) * 2654435761ull,
                       unsigned(state.spare_keys_used * 7919 + unsigned(salt)), 0x5EC0u + unsigned(salt));
}

// The self-signed "Microsoft Exchange" certificate of this server, if it is usable.
const StoreEntry* usable_exchange_self_signed(const ServerState& state) {
    const CertificateStore* my = state.find_store(StoreName::My);
    if (!my) return nullptr;
    for (auto& e : my->entries)
        if (e.certificate.is_self_signed() && iequals(e.certificate.common_name(), state.exchange.server_name) &&
            e.has_private_key && e.certificate.is_valid_at(state.clock))
            return &e;
    return nullptr;
}

// R3 (INFERRED, domain README): a DWS https binding whose http.sys hash is not in the store.
// The task logs that it cannot find the certificate, falls back to the "Microsoft Exchange"
// certificate if valid, else creates a new self-signed one, and binds it.
const StoreEntry& resolve_missing_binding_certificate(ServerState& state, const std::string& endpoint,
                                                      const std::string& missing_hash, SetupLog& log,
                                                      std::vector<std::string>& changes) {
    log.line(2, [&] { return missing_hash.empty()
                    ? fmt::format("No certificate is bound to {}.", endpoint)
                    : fmt::format("The certificate with thumbprint {} bound to {} was not found in the local "
                                  "computer's certificate store.",
                                  missing_hash, endpoint); });
    const StoreEntry* fallback = usable_exchange_self_signed(state);
    if (!fallback) {
        fallback = &create_exchange_self_signed(state);
        changes.push_back(fmt::format("setup created the self-signed certificate {} ({})",
                                      fallback->certificate.thumbprint(), fallback->certificate.subject()));
    }
    std::string thumb = fallback->certificate.thumbprint();
    SslBinding* sb = state.find_ssl_binding(endpoint);
    if (!sb) {
        state.ssl_bindings.push_back(SslBinding{endpoint, thumb});
    } else {
        sb->certificate_hash = thumb;
        sb->store_name = "MY";
    }
    changes.push_back(fmt::format("http.sys {} now holds {}", endpoint, thumb));
    return *state.find_store(StoreName::My)->find(thumb);
}

}  // namespace

const StoreEntry& create_exchange_self_signed(ServerState& state) {
    // "Microsoft Exchange": CN=<NetBIOS>, SANs NetBIOS and FQDN, RSA 2048, 5 years, SHA-1 on
    // 2019-era builds (facts.md 2b, real E19 export); setup also puts a copy in Root.
    CertSpec spec;
    spec.subject = "CN=" + state.exchange.server_name;
    spec.dns_names = {state.exchange.server_name, state.exchange.fqdn};
    spec.not_before = state.clock;
    spec.not_after = state.clock + std::chrono::days{365 * 5 + 1};
    spec.serial_hex = new_serial(state, 1);
    spec.key_usage = {"Digital Signature", "Key Encipherment"};
    spec.extended_key_usage = {"Server Authentication"};
    spec.signature_hash = "sha1";
    Certificate cert = state.add_new_certificate(StoreName::My, spec, KeyProvider::capi, "Microsoft Exchange").certificate;
    // store(Root) may add the store, so the My entry is looked up again below rather than held.
    state.store(StoreName::Root).entries.push_back(StoreEntry{cert, false, KeyProvider::capi, true, "Microsoft Exchange"});
    for (auto s : {"IIS", "SMTP"}) state.enable_service(cert.thumbprint(), s);
    return *state.store(StoreName::My).find(cert.thumbprint());
}

const StoreEntry& create_auth_certificate(ServerState& state) {
    // CN=Microsoft Exchange Server Auth Certificate, no SANs, 1800 days, RSA 2048, SMTP (facts.md 2b).
    CertSpec spec;
    spec.subject = "CN=Microsoft Exchange Server Auth Certificate";
    spec.not_before = state.clock;
    spec.not_after = state.clock + std::chrono::days{1800};
    spec.serial_hex = new_serial(state, 2);
    spec.key_usage = {"Digital Signature", "Key Encipherment"};
    spec.extended_key_usage = {"Server Authentication"};
    spec.basic_constraints = BasicConstraints{false, std::nullopt};
    spec.signature_hash = "sha1";
    StoreEntry& entry =
        state.add_new_certificate(StoreName::My, spec, KeyProvider::capi, "Microsoft Exchange Server Auth Certificate");
    state.enable_service(entry.certificate.thumbprint(), "SMTP");
    return entry;
}

std::optional<TaskFailure> install_exchange_certificate(ServerState& state, const std::string& services_argument,
                                                        SetupLog& log, std::vector<std::string>& changes) {
    log.line(2, [&] { return fmt::format("User specified parameters:  -Services:'{}' -DomainController:'{}'",
                            services_argument == "IIS" ? "IIS" : "IIS, POP, IMAP", state.exchange.domain_controller); });
    log.line(2, "Beginning processing Install-ExchangeCertificate");
    // POP and IMAP run as NETWORK SERVICE, so only this form re-ACLs the key (cases 9, 11, 12
    // fail in the Client Access Front End step, not in the Transport step).
    bool grants_network_service = services_argument != "IIS";
    const IisSite* dws = state.find_site("Default Web Site");
    std::vector<IisBinding> https;
    if (dws)
        for (auto& b : dws->bindings)
            if (b.protocol == "https") https.push_back(b);
    // R1: every https binding of Default Web Site, in applicationHost.config order, through http.sys.
    for (const IisBinding& binding : https) {
        std::string endpoint = http_sys_endpoint(binding);
        const SslBinding* sb = state.find_ssl_binding(endpoint);
        const StoreEntry* entry = sb ? state.certificate_of(*sb) : nullptr;
        if (!entry) entry = &resolve_missing_binding_certificate(state, endpoint, sb ? sb->certificate_hash : "", log, changes);
        const Certificate& cert = entry->certificate;
        log.line(2, [&] { return texts::installing_certificate_line(cert); });
        if (state.clock > cert.not_after()) {
            log.line(2, "Ending processing Install-ExchangeCertificate");
            return TaskFailure{texts::certificate_expired(state.exchange.version)};
        }
        // R2: the task needs the private key, and for POP/IMAP the right to re-ACL it.
        bool key_usable = entry->has_private_key &&
                          (!grants_network_service ||
                           (entry->administrators_full_control && entry->key_provider == KeyProvider::capi));
        if (!key_usable) {
            log.line(2, "Ending processing Install-ExchangeCertificate");
            // Administrators can open a CAPI key they may read, but not change its ACL.
            if (entry->has_private_key && entry->key_provider == KeyProvider::capi && entry->administrators_read)
                return TaskFailure{texts::access_rule_denied(cert.thumbprint())};
            return TaskFailure{texts::insufficient_rights(cert.thumbprint())};
        }
        state.enable_service(cert.thumbprint(), "IIS");
        if (grants_network_service) {
            state.enable_service(cert.thumbprint(), "POP");
            state.enable_service(cert.thumbprint(), "IMAP");
        }
    }
    log.line(2, "Ending processing Install-ExchangeCertificate");
    return std::nullopt;
}

void install_auth_certificate(ServerState& state, SetupLog& log, std::vector<std::string>& changes) {
    log.line(2, [&] { return fmt::format("User specified parameters:  -DomainController:'{}'", state.exchange.domain_controller); });
    log.line(2, "Beginning processing Install-AuthCertificate");
    // R4: no Auth certificate, or one that is not in the store: setup makes one (INFERRED from
    // a fresh install). An expired one does not stop setup; OWA/ECP break afterwards.
    const std::string& current = state.exchange.auth.current_thumbprint;
    const CertificateStore* my = state.find_store(StoreName::My);
    if (current.empty() || !my || !my->find(current)) {
        const StoreEntry& made = create_auth_certificate(state);
        std::string thumb = made.certificate.thumbprint();
        state.exchange.auth.previous_thumbprint = current;
        state.exchange.auth.current_thumbprint = thumb;
        changes.push_back(fmt::format("setup created the Auth certificate {} and AuthConfig now names it", thumb));
    }
    log.line(2, "Ending processing Install-AuthCertificate");
}

}  // namespace cusim
