#include "sim/formats/tool_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "sim/core/input_error.hpp"
#include "sim/core/text.hpp"

namespace cusim {
namespace {
std::string lower(std::string s) { return ascii_lower(std::move(s)); }
}  // namespace

namespace {
// The fields of one binding as `netsh http show sslcert` prints them (facts.md 3, vcloudnine's
// output line for line): the name padded to 28 columns, then " : " and the value; a longer name
// takes one space. The first four are what cusim models; the rest are printed with the values of
// a default IIS binding, and the reader knows them by name but does not use them. "Reject
// Connections" is what newer Windows adds (facts.md 3, terenceluk); the writer does not print it.
struct NetshField {
    const char* name;
    const char* default_value;  // nullptr: a modelled field
};
const NetshField netsh_fields[] = {
    {"IP:port", nullptr},
    {"Certificate Hash", nullptr},
    {"Application ID", nullptr},
    {"Certificate Store Name", nullptr},
    {"Verify Client Certificate Revocation", "Enabled"},
    {"Verify Revocation Using Cached Client Certificate Only", "Disabled"},
    {"Usage Check", "Enabled"},
    {"Revocation Freshness Time", "0"},
    {"URL Retrieval Timeout", "0"},
    {"Ctl Identifier", "(null)"},
    {"Ctl Store Name", "(null)"},
    {"DS Mapper Usage", "Disabled"},
    {"Negotiate Client Certificate", "Disabled"},
};
// What newer Windows prints after them (Windows Server 2019 and 2022 as admins paste it: the
// fields of `netsh http add sslcert`'s reject, disablehttp2, disablequic, disabletls12,
// disabletls13, disableocspstapling, enabletokenbinding, logextendedevents, disablelegacytls,
// enablesessionticket, disablesessionid parameters, learn.microsoft.com "netsh http"), with the
// value a binding IIS made shows; the writer does not print them.
const NetshField netsh_fields_not_printed[] = {
    {"Reject Connections", "Disabled"},          {"Disable HTTP2", "Not Set"},
    {"Disable QUIC", "Not Set"},                 {"Disable TLS1.2", "Not Set"},
    {"Disable TLS1.3", "Not Set"},               {"Disable OCSP Stapling", "Not Set"},
    {"Enable Token Binding", "Not Set"},         {"Log Extended Events", "Not Set"},
    {"Disable Legacy TLS Versions", "Not Set"},  {"Enable Session Ticket", "Not Set"},
    {"Disable Session ID", "Not Set"},           {"Enable Caching Client Hello", "Not Set"},
};
// Newer netsh ends a binding with "Extended Properties:" blocks, each a PropertyId and the HTTP/2
// settings it holds (Receive Window; Max Settings Per Frame / Per Minute): http.sys's tuning, which
// the simulation does not model or need; read so that the file is understood, not kept.
const char netsh_extended_header[] = "Extended Properties:";
const char* const netsh_extended_fields[] = {"PropertyId", "Receive Window", "Max Settings Per Frame", "Max Settings Per Minute"};
const char netsh_header[] = "SSL Certificate bindings:";

std::string netsh_field(const std::string& name, const std::string& value) {
    return fmt::format("    {:<28} : {}\n", name, value);
}
}  // namespace

std::string netsh_show_sslcert(const ServerState& state, const std::string& ipport) {
    // facts.md 3 (vcloudnine), line for line; the hash in lower case, as netsh prints it.
    std::string out = fmt::format("\n{}\n-------------------------\n\n", netsh_header);
    bool any = false;
    for (auto& b : state.ssl_bindings) {
        if (!ipport.empty() && b.ip_port != ipport) continue;
        any = true;
        out += netsh_field("IP:port", b.ip_port);
        out += netsh_field("Certificate Hash", lower(b.certificate_hash));
        out += netsh_field("Application ID", b.application_id);
        out += netsh_field("Certificate Store Name", b.store_name);
        for (const NetshField& f : netsh_fields)
            if (f.default_value) out += netsh_field(f.name, f.default_value);
        out += "\n";
    }
    if (!any && !ipport.empty())
        return fmt::format("\n{}\n-------------------------\n\nThe system cannot find the file specified.\n", netsh_header);
    return out;
}

std::vector<NetshSslBinding> read_netsh_sslcert(const std::string& text, const std::string& path) {
    std::vector<NetshSslBinding> out;
    std::set<std::string> seen;  // the fields of the current block
    bool header = false;
    int n = 0;
    auto field = [](const std::string& key) -> const NetshField* {
        for (const NetshField& f : netsh_fields)
            if (key == f.name) return &f;
        for (const NetshField& f : netsh_fields_not_printed)
            if (key == f.name) return &f;
        return nullptr;
    };
    auto extended_field = [](const std::string& key) {
        for (const char* name : netsh_extended_fields)
            if (key == name) return true;
        return false;
    };
    bool in_extended = false;  // inside an "Extended Properties:" block of the current binding
    for (std::string line : split_lines(text)) {
        ++n;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        std::string where = fmt::format("line {}", n);
        std::string trimmed = line.substr(std::min(line.find_first_not_of(" \t"), line.size()));
        if (trimmed.empty()) continue;
        if (trimmed == netsh_header) {
            if (header || !out.empty()) throw InputError(path, where, "a second \"SSL Certificate bindings:\" header");
            header = true;
            continue;
        }
        if (trimmed.find_first_not_of('-') == std::string::npos && header && out.empty()) continue;  // the rule under it
        if (trimmed == netsh_extended_header) {
            if (out.empty()) throw InputError(path, where, "\"Extended Properties:\" before any IP:port");
            in_extended = true;
            seen.clear();  // each block has its own PropertyId and settings
            continue;
        }
        auto colon = line.find(" : ");
        if (colon == std::string::npos)
            throw InputError(path, where, "'" + trimmed + "' is not a line of `netsh http show sslcert` (name : value)");
        std::string key = line.substr(0, colon), value = line.substr(colon + 3);
        while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.erase(0, 1);
        while (!key.empty() && key.back() == ' ') key.pop_back();
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (key == "IP:port" || key == "Hostname:port") {
            // The scenario's endpoints are IPv4 or a host name with a port (SNI): an IPv6 address
            // ([::]:443) or a central certificate store binding is not modelled, and is said so.
            auto last = value.rfind(':');
            bool port_ok = last != std::string::npos && last > 0 && last + 1 < value.size() &&
                           value.find_first_not_of("0123456789", last + 1) == std::string::npos;
            if (!port_ok || value.find(':') != last)
                throw InputError(path, where, fmt::format("{} '{}' is not address:port (an IPv6 endpoint is not modelled)", key, value));
            out.push_back({SslBinding{value, "", "", ""}, n});
            seen = {"IP:port"};
            in_extended = false;
            continue;
        }
        if (in_extended) {
            if (!extended_field(key))
                throw InputError(path, where, fmt::format("'{}' is not a field this version knows in netsh's Extended Properties", key));
            if (!seen.insert(key).second)
                throw InputError(path, where, "'" + key + "' twice in one Extended Properties block");
            continue;
        }
        const NetshField* f = field(key);
        if (!f) throw InputError(path, where, fmt::format("'{}' is not a field this version knows in `netsh http show sslcert`", key));
        if (out.empty()) throw InputError(path, where, "'" + key + "' before any IP:port");
        if (!seen.insert(key).second) throw InputError(path, where, "'" + key + "' twice in the binding of line " + std::to_string(out.back().line));
        if (f->default_value && value != f->default_value)
            out.back().not_modelled.push_back({n, fmt::format("{} : {} ({}, the binding {}): the simulation takes the default, {}",
                                                          key, value, where, out.back().binding.ip_port, f->default_value)});
        SslBinding& b = out.back().binding;
        if (key == "Certificate Hash") {
            if (value.size() != 40 || value.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
                throw InputError(path, where, "'" + value + "' is not a 40-digit hash");
            b.certificate_hash = upper_hex(value);
        } else if (key == "Application ID") {
            b.application_id = value;
        } else if (key == "Certificate Store Name") {
            // "(null)": the binding was added without certstorename, and http.sys reads the
            // certificate from MY (HTTP_SERVICE_CONFIG_SSL_PARAM.pSslCertStoreName: NULL means "MY").
            if (value == "(null)") value = "MY";
            if (!parse_store_name(value)) throw InputError(path, where, "unknown store '" + value + "'");
            b.store_name = value;
        }
    }
    for (auto& b : out) {
        std::string where = fmt::format("line {}", b.line);
        if (b.binding.certificate_hash.empty())
            throw InputError(path, where, "binding " + b.binding.ip_port + " has no Certificate Hash");
        if (b.binding.store_name.empty())
            throw InputError(path, where, "binding " + b.binding.ip_port + " has no Certificate Store Name");
        if (b.binding.application_id.empty())
            throw InputError(path, where, "binding " + b.binding.ip_port + " has no Application ID");
    }
    // netsh with no bindings still prints its header; text that holds neither is not its output
    // (a UTF-16 file read as bytes once gave no bindings at all, and the import went on).
    if (!header && text.find_first_not_of(" \t\r\n") != std::string::npos)
        throw InputError(path, "line 1", "no \"SSL Certificate bindings:\" header: not the output of `netsh http show sslcert`");
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
