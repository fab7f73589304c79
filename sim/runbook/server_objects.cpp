#include "sim/runbook/server_objects.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"
#include "sim/powershell/interpreter.hpp"
#include "sim/runbook/command_syntax.hpp"
#include "sim/runbook/commands.hpp"
#include "sim/runbook/server_host.hpp"

namespace cusim::runbook {
namespace {

ps::PsValue date(SimTime t) { return ps::PsValue(ps::DateTimeValue{t}); }

ps::PsValue strings(const std::vector<std::string>& v) {
    ps::Array a;
    for (auto& s : v) a.push_back(ps::PsValue(s));
    return ps::make_array(std::move(a));
}

// The properties both certificate views share (X509Certificate2's).
// `n` in lower case, a view: compared with each literal without measuring it first.
std::optional<ps::PsValue> certificate_property(const StoreEntry& e, std::string_view n) {
    const Certificate& c = e.certificate;
    if (n == "thumbprint") return ps::PsValue(c.thumbprint());
    if (n == "subject") return ps::PsValue(c.subject());
    if (n == "issuer") return ps::PsValue(c.issuer());
    if (n == "notbefore") return date(c.not_before());
    if (n == "notafter") return date(c.not_after());
    if (n == "friendlyname") return ps::PsValue(e.friendly_name);
    if (n == "hasprivatekey") return ps::PsValue(e.has_private_key);
    if (n == "serialnumber") return ps::PsValue(c.serial_number());
    if (n == "dnsnamelist") return strings(c.dns_names());
    if (n == "archived") return ps::PsValue(e.archived);
    if (n == "version") return ps::PsValue(3);
    return std::nullopt;
}

}  // namespace

std::vector<std::string> CertificateObject::property_names() const {
    return {"PSPath", "PSParentPath", "PSChildName", "Archived", "FriendlyName", "HasPrivateKey", "Issuer", "NotAfter", "NotBefore",
            "SerialNumber", "Subject", "Thumbprint", "Version", "DnsNameList"};
}

std::string CertificateObject::ps_path() const {
    return "Microsoft.PowerShell.Security\\Certificate::LocalMachine\\" + cusim::to_string(store) + "\\" + entry.certificate.thumbprint();
}

std::optional<ps::PsValue> CertificateObject::property(const std::string& name) const {
    std::string lowered = ascii_lower(name);
    std::string_view n = lowered;
    if (n == "pspath") return ps::PsValue(ps_path());
    if (n == "psparentpath") return ps::PsValue("Microsoft.PowerShell.Security\\Certificate::LocalMachine\\" + cusim::to_string(store));
    if (n == "pschildname") return ps::PsValue(entry.certificate.thumbprint());
    if (n == "psprovider") return ps::PsValue("Microsoft.PowerShell.Security\\Certificate");
    return certificate_property(entry, n);
}

// X509Certificate2.ToString(): "[Subject]\r\n  CN=...\r\n\r\n[Issuer]..." (learn.microsoft.com).
std::string CertificateObject::to_string() const {
    const Certificate& c = entry.certificate;
    return fmt::format("[Subject]\r\n  {}\r\n\r\n[Issuer]\r\n  {}\r\n\r\n[Serial Number]\r\n  {}\r\n\r\n[Not Before]\r\n  {}\r\n\r\n"
                       "[Not After]\r\n  {}\r\n\r\n[Thumbprint]\r\n  {}\r\n",
                       c.subject(), c.issuer(), c.serial_number(), format_windows(c.not_before()), format_windows(c.not_after()),
                       c.thumbprint());
}

ExchangeCertificateObject::ExchangeCertificateObject(StoreEntry e, std::vector<std::string> svc, SimTime now, const ServerState& state)
    : entry(std::move(e)), services(std::move(svc)) {
    const Certificate& c = entry.certificate;
    if (!c.is_valid_at(now)) {
        dated_status = "DateInvalid";
        return;
    }
    if (c.is_self_signed()) {
        dated_status = "Valid";
        return;
    }
    for (StoreName s : {StoreName::CA, StoreName::Root, StoreName::My})
        if (auto* store = state.find_store(s))
            for (auto& x : store->entries)
                if (x.certificate.subject() == c.issuer()) issuer_candidates.push_back(x.certificate);
}

std::string ExchangeCertificateObject::status() const {
    if (!dated_status.empty()) return dated_status;
    // A CA-issued certificate is Valid when its issuer is in the machine's stores; otherwise the
    // chain (and so Status) depends on what the simulator does not model.
    for (auto& issuer : issuer_candidates)
        if (entry.certificate.issued_by(issuer)) return "Valid";
    return "";
}

std::vector<std::string> ExchangeCertificateObject::property_names() const {
    return {"AccessRules", "CertificateDomains", "HasPrivateKey", "IsSelfSigned", "Issuer", "NotAfter", "NotBefore",
            "PublicKeySize", "RootCAType", "SerialNumber", "Services", "Status", "Subject", "Thumbprint", "FriendlyName"};
}

std::optional<ps::PsValue> ExchangeCertificateObject::property(const std::string& name) const {
    std::string n = ascii_lower(name);
    const Certificate& c = entry.certificate;
    if (n == "services") return ps::PsValue(services.empty() ? std::string("None") : join(services, ", "));
    if (n == "isselfsigned") return ps::PsValue(c.is_self_signed());
    if (n == "certificatedomains") return strings(c.dns_names());
    if (n == "privatekeyexportable") return ps::PsValue(entry.has_private_key && entry.exportable);
    if (n == "publickeysize") return ps::PsValue(c.key_bits());
    if (n == "status") {
        std::string s = status();
        if (s.empty()) return std::nullopt;
        return ps::PsValue(s);
    }
    if (n == "dnsnamelist" || n == "archived" || n == "version") return std::nullopt;
    return certificate_property(entry, n);
}

std::string ExchangeCertificateObject::to_string() const {
    return "[Subject]\r\n  " + entry.certificate.subject() + "\r\n";
}

std::vector<std::string> WebBindingObject::property_names() const {
    return {"protocol", "bindingInformation", "sslFlags", "certificateHash", "certificateStoreName", "ItemXPath"};
}

std::optional<ps::PsValue> WebBindingObject::property(const std::string& name) const {
    std::string n = ascii_lower(name);
    if (n == "protocol") return ps::PsValue(binding.protocol);
    if (n == "bindinginformation") return ps::PsValue(binding.binding_information);
    if (n == "sslflags") return ps::PsValue(binding.ssl_flags);
    if (n == "certificatehash") return ps::PsValue(certificate_hash);
    if (n == "certificatestorename") return ps::PsValue(store_name);
    if (n == "itemxpath")
        return ps::PsValue(fmt::format("/system.applicationHost/sites/site[@name='{}' and @id='1']", site));
    return std::nullopt;
}

std::optional<ps::PsValue> WebBindingObject::call(const std::string& method, const std::vector<ps::PsValue>& args, ps::Interpreter& in) {
    auto& host = dynamic_cast<ServerHost&>(in.host());
    LineContext lc{host.context(), host.folder()};
    std::string endpoint = http_sys_endpoint(binding);
    std::string m = ascii_lower(method);
    // A .NET method's exception, as PowerShell reports it (MethodInvocationException).
    auto fail = [&](const std::string& text) {
        ps::ErrorRecord e;
        e.message = fmt::format("Exception calling \"{}\" with \"{}\" argument(s): \"{}\"", method, args.size(), text);
        e.category = "NotSpecified: (:) [], MethodInvocationException";
        e.error_id = "COMException";
        e.exception_type = "System.Management.Automation.MethodInvocationException";
        in.raise(std::move(e));
    };
    std::optional<std::string> failure;
    if (m == "removesslcertificate" && args.empty()) failure = binding_remove_ssl_certificate(endpoint, lc);
    else if (m == "addsslcertificate" && args.size() == 2)
        failure = binding_add_ssl_certificate(endpoint, ps::to_string(args[0]), ps::to_string(args[1]), lc);
    else
        return std::nullopt;
    if (failure) fail(*failure);
    return ps::PsValue();
}

std::optional<ps::PsValue> SslBindingObject::property(const std::string& name) const {
    std::string n = ascii_lower(name);
    auto colon = binding.ip_port.rfind(':');
    std::string ip = binding.ip_port.substr(0, colon), port = binding.ip_port.substr(colon + 1);
    bool sni = !ip.empty() && !std::isdigit(static_cast<unsigned char>(ip[0]));
    if (n == "ipaddress") return ps::PsValue(sni ? std::string("0.0.0.0") : ip);
    if (n == "port") return ps::PsValue(static_cast<long long>(std::atoll(port.c_str())));
    if (n == "host") return ps::PsValue(sni ? ip : std::string());
    if (n == "store") return ps::PsValue(binding.store_name);
    if (n == "thumbprint") return ps::PsValue(binding.certificate_hash);
    if (n == "sites") return ps::PsValue(join(sites, ", "));
    return std::nullopt;
}

std::optional<ps::PsValue> WebSiteObject::property(const std::string& name) const {
    std::string n = ascii_lower(name);
    if (n == "name") return ps::PsValue(site.name);
    if (n == "id") return ps::PsValue(static_cast<long long>(site.id));
    if (n == "state") return state ? std::optional<ps::PsValue>(ps::PsValue(*state)) : std::nullopt;
    if (n == "physicalpath") return physical_path ? std::optional<ps::PsValue>(ps::PsValue(*physical_path)) : std::nullopt;
    if (n == "bindings") return ps::PsValue(ps::ObjectPtr(std::make_shared<BindingCollectionObject>(bindings)));
    return std::nullopt;
}

std::optional<ps::PsValue> BindingCollectionObject::property(const std::string& name) const {
    if (iequals(name, "Collection")) return ps::make_array(bindings);
    return std::nullopt;
}

std::optional<ps::PsValue> AppPoolObject::property(const std::string& n) const {
    if (iequals(n, "Name")) return ps::PsValue(name);
    if (iequals(n, "State")) return ps::PsValue(std::string("Started"));
    return std::nullopt;
}

std::optional<ps::PsValue> AuthConfigObject::property(const std::string& name) const {
    std::string n = ascii_lower(name);
    if (n == "currentcertificatethumbprint") return ps::PsValue(auth.current_thumbprint);
    if (n == "previouscertificatethumbprint") return ps::PsValue(auth.previous_thumbprint);
    if (n == "nextcertificatethumbprint") return ps::PsValue(auth.next_thumbprint);
    if (n == "nextcertificateeffectivedate") return auth.next_effective_date ? date(*auth.next_effective_date) : ps::PsValue();
    return std::nullopt;
}

std::optional<ps::PsValue> ExchangeServerObject::property(const std::string& name) const {
    std::string n = ascii_lower(name);
    if (n == "name" || n == "identity") return ps::PsValue(exchange.server_name);
    if (n == "fqdn") return ps::PsValue(exchange.fqdn);
    if (n == "serverrole") return ps::PsValue("Mailbox");
    if (n == "ismailboxserver") return ps::PsValue(true);
    if (n == "internaltransportcertificatethumbprint") return ps::PsValue(exchange.internal_transport_thumbprint);
    if (n == "admindisplayversion") {
        // "Version 15.2 (Build 1258.12)", as Get-ExchangeServer shows the build it runs.
        const std::string& b = exchange.installed_build;
        auto dot = b.find('.', b.find('.') + 1);
        if (dot == std::string::npos) return std::nullopt;
        return ps::PsValue(fmt::format("Version {} (Build {})", b.substr(0, dot), b.substr(dot + 1)));
    }
    return std::nullopt;
}

std::optional<ps::PsValue> ReceiveConnectorObject::property(const std::string& name) const {
    std::string n = ascii_lower(name);
    if (n == "identity") return ps::PsValue(connector.name);
    if (n == "name") {
        auto slash = connector.name.find('\\');
        return ps::PsValue(slash == std::string::npos ? connector.name : connector.name.substr(slash + 1));
    }
    if (n == "fqdn") return ps::PsValue(connector.fqdn);
    if (n == "tlscertificatename") return connector.tls_certificate_name.empty() ? ps::PsValue() : ps::PsValue(connector.tls_certificate_name);
    if (n == "transportrole") return ps::PsValue(connector.front_end ? "FrontendTransport" : "HubTransport");
    return std::nullopt;
}

}  // namespace cusim::runbook
