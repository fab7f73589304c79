#pragma once
// The server's objects as scripts see them, each a snapshot taken when a cmdlet returned it (as
// the real .NET objects are): an X509Certificate2 on Cert:\ (with the provider's PSPath), an
// Exchange certificate of Get-ExchangeCertificate, a binding of Get-WebBinding (whose
// AddSslCertificate and RemoveSslCertificate change http.sys through the action catalogue), an
// entry of IIS:\SslBindings and the AuthConfig. The properties are the real ones' names
// (learn.microsoft.com: X509Certificate2; Get-ExchangeCertificate; WebAdministration); one the
// simulator does not model is refused, never answered with $null.
#include "sim/model/server_state.hpp"
#include "sim/powershell/value.hpp"

namespace cusim::runbook {

class CertificateObject : public ps::PsObject {
public:
    CertificateObject(StoreEntry e, StoreName s) : entry(std::move(e)), store(s) {}
    StoreEntry entry;
    StoreName store;
    std::string type_name() const override { return "System.Security.Cryptography.X509Certificates.X509Certificate2"; }
    std::vector<std::string> base_type_names() const override {
        return {"System.Security.Cryptography.X509Certificates.X509Certificate", "X509Certificate2", "X509Certificate"};
    }
    std::vector<std::string> property_names() const override;
    std::optional<ps::PsValue> property(const std::string& name) const override;
    std::string to_string() const override;
    std::string ps_path() const;
};

class ExchangeCertificateObject : public ps::PsObject {
public:
    ExchangeCertificateObject(StoreEntry e, std::vector<std::string> services, SimTime now, const ServerState& state);
    StoreEntry entry;
    std::vector<std::string> services;
    // Status is worked out when a script asks for it (it verifies signatures): from the dates, or
    // from the issuers the machine's stores held when the object was made.
    std::string dated_status;              // "DateInvalid", "Valid" (self-signed), or "" to look at issuers
    std::vector<Certificate> issuer_candidates;
    std::string status() const;            // "" when the chain cannot be judged from the stores
    std::string type_name() const override { return "Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate"; }
    std::vector<std::string> property_names() const override;
    std::optional<ps::PsValue> property(const std::string& name) const override;
    std::string to_string() const override;
};

class WebBindingObject : public ps::PsObject {
public:
    WebBindingObject(std::string site, IisBinding b, std::string hash, std::string store)
        : site(std::move(site)), binding(std::move(b)), certificate_hash(std::move(hash)), store_name(std::move(store)) {}
    std::string site;
    IisBinding binding;
    std::string certificate_hash, store_name;
    std::string type_name() const override { return "Microsoft.IIs.PowerShell.Framework.ConfigurationElement"; }
    std::vector<std::string> property_names() const override;
    std::optional<ps::PsValue> property(const std::string& name) const override;
    std::optional<ps::PsValue> call(const std::string& method, const std::vector<ps::PsValue>& args, ps::Interpreter& in) override;
};

class SslBindingObject : public ps::PsObject {
public:
    explicit SslBindingObject(SslBinding b, std::vector<std::string> site_names = {}) : binding(std::move(b)), sites(std::move(site_names)) {}
    SslBinding binding;
    std::vector<std::string> sites;  // the sites with an https binding on this endpoint
    std::string type_name() const override { return "Microsoft.IIs.PowerShell.Provider.SslBinding"; }
    std::vector<std::string> property_names() const override { return {"IPAddress", "Port", "Host", "Store", "Thumbprint", "Sites"}; }
    std::optional<ps::PsValue> property(const std::string& name) const override;
};

// An item of IIS:\Sites (Get-Website): the site as applicationHost.config has it. State and
// PhysicalPath are nullopt where the simulator does not know them (then refused when read).
class WebSiteObject : public ps::PsObject {
public:
    IisSite site;
    ps::Array bindings;  // WebBindingObjects, each with its http.sys certificate
    std::optional<std::string> state, physical_path;
    std::string type_name() const override { return "Microsoft.IIs.PowerShell.Framework.ConfigurationElement"; }
    std::vector<std::string> property_names() const override { return {"Name", "ID", "State", "PhysicalPath", "Bindings"}; }
    std::optional<ps::PsValue> property(const std::string& name) const override;
    std::string to_string() const override { return site.name; }
};

// A site's Bindings: a ConfigurationElement whose Collection holds the binding elements.
class BindingCollectionObject : public ps::PsObject {
public:
    explicit BindingCollectionObject(ps::Array b) : bindings(std::move(b)) {}
    ps::Array bindings;
    std::string type_name() const override { return "Microsoft.IIs.PowerShell.Framework.ConfigurationElement"; }
    std::vector<std::string> property_names() const override { return {"Collection"}; }
    std::optional<ps::PsValue> property(const std::string& name) const override;
};

// An item of IIS:\AppPools: an Exchange pool, started (Get-WebAppPoolState's rule).
class AppPoolObject : public ps::PsObject {
public:
    explicit AppPoolObject(std::string n) : name(std::move(n)) {}
    std::string name;
    std::string type_name() const override { return "Microsoft.IIs.PowerShell.Framework.ConfigurationElement"; }
    std::vector<std::string> property_names() const override { return {"Name", "State"}; }
    std::optional<ps::PsValue> property(const std::string& name) const override;
    std::string to_string() const override { return name; }
};

class AuthConfigObject : public ps::PsObject {
public:
    explicit AuthConfigObject(AuthConfig a) : auth(std::move(a)) {}
    AuthConfig auth;
    std::string type_name() const override { return "Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthConfig"; }
    std::vector<std::string> property_names() const override {
        return {"CurrentCertificateThumbprint", "PreviousCertificateThumbprint", "NextCertificateThumbprint",
                "NextCertificateEffectiveDate"};
    }
    std::optional<ps::PsValue> property(const std::string& name) const override;
};

// Get-ExchangeServer's object: the server's names, version and internal transport certificate.
class ExchangeServerObject : public ps::PsObject {
public:
    explicit ExchangeServerObject(ExchangeConfig x) : exchange(std::move(x)) {}
    ExchangeConfig exchange;
    std::string type_name() const override { return "Microsoft.Exchange.Data.Directory.Management.ExchangeServer"; }
    std::vector<std::string> property_names() const override { return {"Name", "ServerRole", "AdminDisplayVersion", "Fqdn"}; }
    std::optional<ps::PsValue> property(const std::string& name) const override;
    std::string to_string() const override { return exchange.server_name; }
};

// Get-ReceiveConnector's object.
class ReceiveConnectorObject : public ps::PsObject {
public:
    explicit ReceiveConnectorObject(ReceiveConnector c) : connector(std::move(c)) {}
    ReceiveConnector connector;
    std::string type_name() const override { return "Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector"; }
    std::vector<std::string> property_names() const override { return {"Identity", "Name", "Fqdn", "TlsCertificateName"}; }
    std::optional<ps::PsValue> property(const std::string& name) const override;
    std::string to_string() const override { return connector.name; }
};

}  // namespace cusim::runbook
