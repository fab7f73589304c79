#include "sim/formats/tool_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace cusim {
namespace {
std::string lower(std::string s) { return ascii_lower(std::move(s)); }
}  // namespace

std::string netsh_show_sslcert(const ServerState& state, const std::string& ipport) {
    // facts.md 3 (vcloudnine), line for line; the hash in lower case, as netsh prints it.
    std::string out = "\nSSL Certificate bindings:\n-------------------------\n\n";
    bool any = false;
    for (auto& b : state.ssl_bindings) {
        if (!ipport.empty() && b.ip_port != ipport) continue;
        any = true;
        out += fmt::format("    IP:port                      : {}\n", b.ip_port);
        out += fmt::format("    Certificate Hash             : {}\n", lower(b.certificate_hash));
        out += fmt::format("    Application ID               : {}\n", b.application_id);
        out += fmt::format("    Certificate Store Name       : {}\n", b.store_name);
        out += "    Verify Client Certificate Revocation : Enabled\n"
               "    Verify Revocation Using Cached Client Certificate Only : Disabled\n"
               "    Usage Check                  : Enabled\n"
               "    Revocation Freshness Time    : 0\n"
               "    URL Retrieval Timeout        : 0\n"
               "    Ctl Identifier               : (null)\n"
               "    Ctl Store Name               : (null)\n"
               "    DS Mapper Usage              : Disabled\n"
               "    Negotiate Client Certificate : Disabled\n\n";
    }
    if (!any && !ipport.empty())
        return "\nSSL Certificate bindings:\n-------------------------\n\nThe system cannot find the file specified.\n";
    return out;
}

std::string certutil_store(const ServerState& state, StoreName store, const std::vector<const StoreEntry*>& entries) {
    // certutil's layout as commonly quoted (INFERRED details: the key container lines).
    static const std::map<StoreName, std::string> titles = {
        {StoreName::My, "Personal"}, {StoreName::Root, "Trusted Root Certification Authorities"},
        {StoreName::CA, "Intermediate Certification Authorities"}, {StoreName::WebHosting, "Web Hosting"}};
    std::string name = lower(to_string(store));
    std::string out = fmt::format("{} \"{}\"\n", name, titles.at(store));
    int i = 0;
    for (auto* e : entries) {
        const Certificate& c = e->certificate;
        auto short_date = [](SimTime t) {
            std::string w = format_windows(t);  // M/d/yyyy h:mm:ss tt -> drop the seconds
            auto colon = w.rfind(':');
            return w.substr(0, colon) + w.substr(colon + 3);
        };
        out += fmt::format("================ Certificate {} ================\n", i++);
        out += fmt::format("Serial Number: {}\n", lower(c.serial_number()));
        out += fmt::format("Issuer: {}\n NotBefore: {}\n NotAfter: {}\n", c.issuer(), short_date(c.not_before()),
                           short_date(c.not_after()));
        out += fmt::format("Subject: {}\n", c.subject());
        out += c.is_self_signed() ? "Signature matches Public Key\nRoot Certificate: Subject matches Issuer\n"
                                  : "Non-root Certificate\n";
        out += fmt::format("Cert Hash(sha1): {}\n", lower(c.thumbprint()));
        if (e->has_private_key) {
            out += fmt::format("  Key Container = {}\n", "te-" + lower(c.thumbprint().substr(0, 8)) + "-" +
                                                             lower(c.thumbprint().substr(8, 4)));
            out += fmt::format("  Provider = {}\n", provider_display_name(e->key_provider));
            out += e->exportable ? "" : "Private key is NOT exportable\n";
            out += "Encryption test passed\n";
        } else {
            out += "  No key provider information\nCannot find the certificate and private key for decryption.\n";
        }
        out += "\n";
    }
    (void)state;
    out += fmt::format("CertUtil: -store command completed successfully.\n");
    return out;
}

std::string cert_drive_table(StoreName store, const std::vector<const StoreEntry*>& entries) {
    std::string out = fmt::format("\n   PSParentPath: Microsoft.PowerShell.Security\\Certificate::LocalMachine\\{}\n\n",
                                  to_string(store));
    out += fmt::format("{:<41} {}\n{:<41} {}\n", "Thumbprint", "Subject", "----------", "-------");
    for (auto* e : entries) out += fmt::format("{:<41} {}\n", e->certificate.thumbprint(), e->certificate.subject());
    return out + "\n";
}

std::string services_flags(const std::vector<std::string>& services) {
    // Get-ExchangeCertificate's Services column: I P U W S F C, a dot where the service is off
    // (the Auth certificate shows "....S..", the self-signed one "IP.WS..").
    std::string f = ".......";
    auto has = [&](const char* s) { return std::find(services.begin(), services.end(), s) != services.end(); };
    if (has("IMAP")) f[0] = 'I';
    if (has("POP")) f[1] = 'P';
    if (has("UM")) f[2] = 'U';
    if (has("IIS")) f[3] = 'W';
    if (has("SMTP")) f[4] = 'S';
    if (has("Federation")) f[5] = 'F';
    if (has("UMCallRouter")) f[6] = 'C';
    return f;
}

std::string exchange_certificate_table(const ServerState& state, const std::vector<const StoreEntry*>& entries) {
    std::string out = fmt::format("\n{:<41} {:<10} {}\n{:<41} {:<10} {}\n", "Thumbprint", "Services", "Subject",
                                  "----------", "--------", "-------");
    for (auto* e : entries) {
        auto it = state.exchange.services.find(e->certificate.thumbprint());
        std::vector<std::string> svc = it == state.exchange.services.end() ? std::vector<std::string>{} : it->second;
        out += fmt::format("{:<41} {:<10} {}\n", e->certificate.thumbprint(), services_flags(svc), e->certificate.subject());
    }
    return out + "\n";
}

std::string web_binding_table(const std::vector<IisBinding>& bindings) {
    std::string out = fmt::format("\n{:<9}{:<25}{}\n{:<9}{:<25}{}\n", "protocol", "bindingInformation", "sslFlags",
                                  "--------", "------------------", "--------");
    for (auto& b : bindings) out += fmt::format("{:<9}{:<25}{}\n", b.protocol, b.binding_information, b.ssl_flags);
    return out + "\n";
}

std::string auth_config_list(const ServerState& state) {
    const auto& a = state.exchange.auth;
    std::string out = "\n";
    out += fmt::format("CurrentCertificateThumbprint  : {}\n", a.current_thumbprint);
    out += fmt::format("PreviousCertificateThumbprint : {}\n", a.previous_thumbprint);
    out += fmt::format("NextCertificateThumbprint     : {}\n", a.next_thumbprint);
    out += fmt::format("NextCertificateEffectiveDate  : {}\n",
                       a.next_effective_date ? format_windows(*a.next_effective_date) : std::string());
    return out + "\n";
}

}  // namespace cusim
