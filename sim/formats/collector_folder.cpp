#include "sim/formats/collector_folder.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "sim/core/text.hpp"
#include "sim/core/text_decode.hpp"
#include "sim/formats/iis_config.hpp"
#include "sim/formats/nrbf.hpp"
#include "sim/formats/state_files.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/x509/clixml.hpp"

namespace cusim {
namespace fs = std::filesystem;
namespace {

void write_file(const fs::path& p, const std::string& bytes) { write_file_made(p.string(), bytes); }

// ---- Export-Clixml (sim/x509/clixml), as 5.1 writes it: UTF-16LE with a BOM ----

std::string export_clixml(const std::vector<ClixmlObject>& objects) { return write_clixml(objects, TextEncoding::utf16le); }
ClixmlProperty text_member(const std::string& name, const std::string& value) { return {'S', name, value}; }
ClixmlProperty nil_member(const std::string& name) { return {'N', name, ""}; }
ClixmlProperty object_member(const std::string& name, std::vector<std::string> types, const std::string& shown) {
    return {'O', name, shown, std::move(types)};
}

// ---- Get-ExchangeCertificate ----

const std::vector<std::string> x509_types = {"System.Security.Cryptography.X509Certificates.X509Certificate2",
                                             "System.Security.Cryptography.X509Certificates.X509Certificate",
                                             "System.Object"};

// X509Certificate2.ToString(), the <ToString> of a certificate's export (the E19 export's layout;
// its dates are the server's local time, written here in UTC, which cusim import does not read).
std::string certificate_to_string(const Certificate& c) {
    return fmt::format("[Subject]\r\n  {}\r\n\r\n[Issuer]\r\n  {}\r\n\r\n[Serial Number]\r\n  {}\r\n\r\n[Not Before]\r\n  {}\r\n\r\n"
                       "[Not After]\r\n  {}\r\n\r\n[Thumbprint]\r\n  {}\r\n",
                       c.subject(), c.issuer(), c.serial_number(), format_windows(c.not_before()),
                       format_windows(c.not_after()), c.thumbprint());
}

void put_le32(std::string& b, uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) b += static_cast<char>((v >> shift) & 0xFF);
}

std::string utf16z(const std::string& s) { return utf8_to_utf16(s, false) + std::string(2, '\0'); }

void store_property(std::string& element, uint32_t id, const std::string& data) {
    put_le32(element, id);
    put_le32(element, 1);
    put_le32(element, static_cast<uint32_t>(data.size()));
    element += data;
}

// CertData: the store element (wincrypt.h's CertSerializeCertificateStoreElement) with what cusim
// import reads of it: CERT_KEY_PROV_INFO_PROP_ID (2) when a key is linked, CERT_SHA1_HASH_PROP_ID
// (3), CERT_FRIENDLY_NAME_PROP_ID (11) and last CERT_CERT_PROP_ID (32, the DER), the ids and the
// order the E19 export's elements end with.
std::string store_element(const StoreEntry& e) {
    std::string element;
    if (e.has_private_key) {
        // CRYPT_KEY_PROV_INFO as the E19 export serialises it: the container name's offset (28),
        // the provider name's (0: none), dwProvType (12, PROV_RSA_SCHANNEL; 0 for a CNG key storage
        // provider), dwFlags 0x20 (CRYPT_MACHINE_KEYSET), no provider parameters, dwKeySpec (1,
        // AT_KEYEXCHANGE; 0 for CNG, XCN_AT_NONE as certutil shows CNG keys: inferred), the name.
        bool cng = e.key_provider == KeyProvider::cng;
        std::string info;
        put_le32(info, 28);
        put_le32(info, 0);
        put_le32(info, cng ? 0 : 12);
        put_le32(info, 0x20);
        put_le32(info, 0);
        put_le32(info, 0);
        put_le32(info, cng ? 0 : 1);
        // A container name as Windows makes them (a GUID), from the thumbprint so that it is stable.
        const std::string& t = e.certificate.thumbprint();
        info += utf16z(ascii_lower(fmt::format("{}-{}-{}-{}-{}", t.substr(0, 8), t.substr(8, 4), t.substr(12, 4),
                                               t.substr(16, 4), t.substr(20, 12))));
        store_property(element, 2, info);
    }
    std::string sha1;
    for (size_t i = 0; i + 1 < e.certificate.thumbprint().size(); i += 2)
        sha1 += static_cast<char>(std::stoi(e.certificate.thumbprint().substr(i, 2), nullptr, 16));
    store_property(element, 3, sha1);
    if (!e.friendly_name.empty()) store_property(element, 11, utf16z(e.friendly_name));
    const Bytes& der = e.certificate.der();
    store_property(element, 32, std::string(der.begin(), der.end()));
    return element;
}

// The AllowedServices flags of Enable-ExchangeCertificate's -Services names (cusim import's
// allowed_services_names read the other way).
int32_t allowed_services_flags(const std::vector<std::string>& names) {
    static const std::map<std::string, int32_t> bits = {{"IMAP", 1}, {"POP", 2}, {"UM", 4}, {"IIS", 8},
                                                       {"SMTP", 16}, {"Federation", 32}, {"UMCallRouter", 64}};
    int32_t flags = 0;
    for (auto& n : names)
        for (auto& [name, bit] : bits)
            if (iequals(n, name)) flags |= bit;
    return flags;
}

// SerializationData: the BinaryFormatter stream of Microsoft.Exchange.Management's ExchangeCertificate,
// member for member as in the E19 export. Values cusim import does not read are written as E19
// shows them where it can: Status 1 for a certificate valid at the clock (E19's, all valid), else 3
// (DateInvalid, by the order of Exchange's CertificateStatus names: inferred); RootCAType 3 for a
// self-signed certificate that is also in Root (E19's "Microsoft Exchange") and 0, Unknown, for the
// others (E19's Auth certificate; Jaap Wesselius's Get-ExchangeCertificate shows "RootCAType :
// Unknown" for it); IISServices null (E19 lists the IIS sites a certificate is bound to: not kept).
std::string serialization_data(const ServerState& state, const StoreEntry& e) {
    const std::string lib = "Microsoft.Exchange.Management, Version=15.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35";
    const std::string ns = "Microsoft.Exchange.Management.SystemConfigurationTasks.";
    using T = nrbf::Writer::Type;
    nrbf::Writer w(1);
    w.library(2, lib);
    w.class_with_members_and_types(
        1, ns + "ExchangeCertificate",
        {{"CertData", T::primitive_array, nrbf::Writer::byte_type, "", 0},
         {"SelfSigned", T::primitive, nrbf::Writer::boolean_type, "", 0},
         {"Status", T::klass, 0, ns + "CertificateStatus", 2},
         {"RootCAType", T::klass, 0, ns + "CertificateAuthorityType", 2},
         {"Services", T::klass, 0, ns + "AllowedServices", 2},
         {"IISServices", T::system_class, 0,
          "System.Collections.Generic.List`1[[" + ns + "IisService, " + lib + "]]", 0},
         {"PrivateKeyExportable", T::primitive, nrbf::Writer::boolean_type, "", 0},
         {"Identity", T::string, 0, "", 0}},
        2);
    const Certificate& c = e.certificate;
    bool self_signed = c.subject() == c.issuer();
    bool in_root = false;
    if (const CertificateStore* root = state.find_store(StoreName::Root)) in_root = root->find(c.thumbprint()) != nullptr;
    bool valid = state.clock >= c.not_before() && state.clock <= c.not_after();
    auto services = state.exchange.services.find(c.thumbprint());
    w.reference(3);
    w.boolean(self_signed);
    w.enum_value(-4, ns + "CertificateStatus", 2, valid ? 1 : 3);
    w.enum_value(-5, ns + "CertificateAuthorityType", 2, self_signed && in_root ? 3 : 0);
    w.enum_value(-6, ns + "AllowedServices", 2,
                 services == state.exchange.services.end() ? 0 : allowed_services_flags(services->second));
    w.null();
    w.boolean(e.has_private_key && e.exportable);
    w.string(8, state.exchange.fqdn + "\\" + c.thumbprint());
    w.byte_array(3, store_element(e));
    auto bytes = w.finish();
    return base64_encode(Bytes(bytes.begin(), bytes.end()));
}

ClixmlObject exchange_certificate(const ServerState& state, const StoreEntry& e) {
    ClixmlObject o;
    o.type_names = {"Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate"};
    o.type_names.insert(o.type_names.end(), x509_types.begin(), x509_types.end());
    o.to_string = certificate_to_string(e.certificate);
    o.properties = {{'A', "RawData", base64_encode(e.certificate.der())}};
    o.member_set = {text_member("PSComputerName", state.exchange.fqdn), {'B', "PSShowComputerName", "false"},
            {'A', "SerializationData", serialization_data(state, e)}};
    return o;
}

// ---- the other Exchange exports ----

// [MS-PSRP] 2.2.5.1.9: a DateTime as xs:dateTime (cusim's clock is UTC).
std::string clixml_date(SimTime t) { return format_iso(t); }

ClixmlObject auth_config(const AuthConfig& a) {
    ClixmlObject o{{"Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthConfig",
                    "Microsoft.Exchange.Data.Directory.SystemConfiguration.ADConfigurationObject",
                    "Microsoft.Exchange.Data.Directory.ADObject", "Microsoft.Exchange.Data.Directory.ADRawEntry",
                    "Microsoft.Exchange.Data.ConfigurableObject", "System.Object"},
                   "Auth Configuration",
                   {text_member("CurrentCertificateThumbprint", a.current_thumbprint),
                    text_member("PreviousCertificateThumbprint", a.previous_thumbprint),
                    text_member("NextCertificateThumbprint", a.next_thumbprint),
                    a.next_effective_date ? ClixmlProperty{'D', "NextCertificateEffectiveDate", clixml_date(*a.next_effective_date)}
                                          : nil_member("NextCertificateEffectiveDate"),
                    text_member("Name", "Auth Configuration")},
                   {}};
    return o;
}

// "Version 15.2 (Build 1258.12)": AdminDisplayVersion as Get-ExchangeServer shows it.
std::string admin_display_version(const std::string& build) {
    auto n = build_numbers(build);
    if (n.empty()) return "Version " + build;
    return fmt::format("Version {}.{} (Build {}.{})", n[0], n[1], n[2], n[3]);
}

ClixmlObject exchange_server(const ExchangeConfig& x) {
    return {{"Microsoft.Exchange.Data.Directory.Management.ExchangeServer", "System.Object"},
            x.server_name,
            {text_member("Name", x.server_name), text_member("Fqdn", x.fqdn),
             object_member("AdminDisplayVersion", {"Microsoft.Exchange.Data.ServerVersion", "System.Object"},
                           admin_display_version(x.installed_build))},
            {}};
}

// Select-Object Identity, Fqdn, TlsCertificateName, TransportRole of each receive connector.
ClixmlObject receive_connector(const ExchangeConfig& x, const ReceiveConnector& rc) {
    std::string identity = rc.name.find('\\') == std::string::npos ? x.server_name + "\\" + rc.name : rc.name;
    std::string role = rc.front_end ? "FrontendTransport" : "HubTransport";
    ClixmlObject o{{"Selected.Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector",
                    "System.Management.Automation.PSCustomObject", "System.Object"},
                   fmt::format("@{{Identity={}; Fqdn={}; TlsCertificateName={}; TransportRole={}}}", identity, rc.fqdn,
                               rc.tls_certificate_name, role),
                   {},
                   {object_member("Identity", {"Microsoft.Exchange.Data.Directory.ADObjectId", "System.Object"}, identity),
                    rc.fqdn.empty() ? nil_member("Fqdn")
                                    : object_member("Fqdn", {"Microsoft.Exchange.Data.Fqdn", "Microsoft.Exchange.Data.SmtpDomain", "System.Object"}, rc.fqdn),
                    rc.tls_certificate_name.empty()
                        ? nil_member("TlsCertificateName")
                        : object_member("TlsCertificateName", {"Microsoft.Exchange.Data.SmtpX509Identifier", "System.Object"},
                                        rc.tls_certificate_name),
                    object_member("TransportRole", {"Microsoft.Exchange.Data.ServerRole", "System.Enum", "System.ValueType", "System.Object"},
                                  role)}};
    return o;
}

// ---- IIS ----

// Get-WebBinding | Export-Clixml: each binding's own members; an https binding's certificateHash
// and certificateStoreName are those of the http.sys binding of its endpoint (WebAdministration
// reads them from there).
std::vector<ClixmlObject> web_bindings(const ServerState& state) {
    std::vector<ClixmlObject> out;
    for (auto& site : state.sites)
        for (auto& b : site.bindings) {
            bool https = iequals(b.protocol, "https");
            const SslBinding* sb = https ? state.find_ssl_binding(http_sys_endpoint(b)) : nullptr;
            out.push_back({{"Microsoft.IIs.PowerShell.Framework.ConfigurationElement#bindings#binding",
                            "Microsoft.IIs.PowerShell.Framework.ConfigurationElement", "System.Object"},
                           fmt::format("{} {}{}", b.protocol, b.binding_information, https ? fmt::format(" sslFlags={}", b.ssl_flags) : ""),
                           {},
                           {text_member("protocol", b.protocol), text_member("bindingInformation", b.binding_information),
                            {'L', "sslFlags", std::to_string(b.ssl_flags)},
                            {'B', "isDsMapperEnabled", "false"},
                            text_member("certificateHash", sb ? sb->certificate_hash : ""),
                            text_member("certificateStoreName", sb ? sb->store_name : ""),
                            text_member("ItemXPath", fmt::format("/system.applicationHost/sites/site[@name='{}' and @id='{}']",
                                                                 site.name, site.id))}});
        }
    return out;
}

// ---- certificates/ ----

std::string csv_field(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

// certificates/<Store>/<Thumbprint>.cer ($cert.RawData) and certificates.csv, Export-Csv
// -NoTypeInformation of the collector's rows. KeyProvider is the provider's name
// (CspKeyContainerInfo.ProviderName, CngKey.Provider). NetworkServiceCanRead is left empty, as the
// collector leaves it when it cannot tell: the model keeps no ACL entry for NETWORK SERVICE (setup
// grants it itself, rule R2; what the model keeps is Administrators' access).
std::string certificate_files(const ServerState& state, const fs::path& root) {
    std::string csv = "\"Store\",\"Thumbprint\",\"FriendlyName\",\"HasPrivateKey\",\"KeyProvider\",\"NetworkServiceCanRead\"\n";
    for (StoreName name : {StoreName::My, StoreName::Root, StoreName::CA, StoreName::WebHosting}) {
        const CertificateStore* store = state.find_store(name);
        fs::path folder = root / "certificates" / to_string(name);
        fs::create_directories(folder);
        if (!store) continue;
        for (auto& e : store->entries) {
            const Certificate& c = e.certificate;
            write_file(folder / (c.thumbprint() + ".cer"), std::string(c.der().begin(), c.der().end()));
            std::string provider;
            if (e.has_private_key)
                provider = e.key_provider == KeyProvider::cng ? "Microsoft Software Key Storage Provider"
                                                              : "Microsoft RSA SChannel Cryptographic Provider";
            csv += fmt::format("{},{},{},{},{},{}\n", csv_field(to_string(name)), csv_field(c.thumbprint()),
                               csv_field(e.friendly_name), csv_field(e.has_private_key ? "True" : "False"),
                               csv_field(provider), csv_field(""));
        }
    }
    return csv;
}

}  // namespace

void write_collector_folder(const ServerState& state, const std::string& dir) {
    fs::path root(dir);
    fs::create_directories(root / "IIS");
    const ExchangeConfig& x = state.exchange;
    if (x.management_usable) {
        std::vector<ClixmlObject> certificates;
        if (const CertificateStore* my = state.find_store(StoreName::My))
            for (auto& e : my->entries) certificates.push_back(exchange_certificate(state, e));
        write_file(root / "GetExchangeCertificate.xml", export_clixml(certificates));
        write_file(root / "GetAuthConfig.xml", export_clixml({auth_config(x.auth)}));
        write_file(root / "GetExchangeServer.xml", export_clixml({exchange_server(x)}));
        // Get-TransportService | Select-Object Identity, InternalTransportCertificateThumbprint, and
        // Get-Item Cert:\LocalMachine\My\<thumbprint> | Export-Clixml (an X509Certificate2) when My has it.
        write_file(root / "GetTransportService.xml",
                   export_clixml({{{"Selected.Microsoft.Exchange.Data.Directory.SystemConfiguration.TransportServer",
                                           "System.Management.Automation.PSCustomObject", "System.Object"},
                                          fmt::format("@{{Identity={}; InternalTransportCertificateThumbprint={}}}", x.server_name,
                                                      x.internal_transport_thumbprint),
                                          {},
                                          {object_member("Identity", {"Microsoft.Exchange.Data.Directory.ADObjectId", "System.Object"},
                                                         x.server_name),
                                           text_member("InternalTransportCertificateThumbprint", x.internal_transport_thumbprint)}}}));
        const CertificateStore* my = state.find_store(StoreName::My);
        if (const StoreEntry* it = my && !x.internal_transport_thumbprint.empty() ? my->find(x.internal_transport_thumbprint) : nullptr)
            write_file(root / "GetInternalTransportCertificateFromServer.xml",
                       export_clixml({{x509_types, certificate_to_string(it->certificate),
                                              {{'A', "RawData", base64_encode(it->certificate.der())}}, {}}}));
        std::vector<ClixmlObject> connectors;
        for (auto& rc : x.receive_connectors) connectors.push_back(receive_connector(x, rc));
        write_file(root / "GetReceiveConnector.xml", export_clixml(connectors));
    }
    // Copy-Item of applicationHost.config: the file as IIS keeps it, UTF-8 (with a BOM, as Windows writes it).
    write_file(root / "IIS" / "applicationHost.config", encode_text(write_application_host_config(state.sites), TextEncoding::utf8_bom));
    write_file(root / "IIS" / "GetWebBinding.xml", export_clixml(web_bindings(state)));
    // Set-Content -Encoding UTF8 of netsh's lines.
    write_file(root / "netsh-http-sslcert.txt", encode_text(netsh_show_sslcert(state, ""), TextEncoding::utf8_bom));
    write_file(root / "certificates" / "certificates.csv", encode_text(certificate_files(state, root), TextEncoding::utf8_bom));
    // Set-Content -Encoding ASCII of (Get-Date).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ").
    write_file(root / "clock.txt", encode_text(format_iso(state.clock) + "\n", TextEncoding::utf8));
}

}  // namespace cusim
