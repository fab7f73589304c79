#pragma once
// One value type for a whole Exchange server's state: certificate stores, IIS sites,
// http.sys SSL bindings, Exchange configuration, setup progress and the clock. Plain
// data, cheap to copy (certificates share their OpenSSL object), so the harness copies
// it for every fix run.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.hpp"
#include "sim/x509/x509.hpp"

namespace cusim {

// The local machine's stores, as `certutil -store` names them.
enum class StoreName { My, Root, CA, WebHosting };
std::string to_string(StoreName s);
std::optional<StoreName> parse_store_name(const std::string& s);  // "My", "MY", "Personal", "Root", ...

enum class KeyProvider { capi, cng };
std::string provider_display_name(KeyProvider p);

struct StoreEntry {
    Certificate certificate;
    bool has_private_key = false;
    KeyProvider key_provider = KeyProvider::capi;
    bool exportable = true;
    std::string friendly_name;
    bool archived = false;
    // Who holds Full Control of the key. Setup must be able to grant NETWORK SERVICE
    // read access (facts.md 5, win-acme #1074, #1286), which needs Administrators.
    bool administrators_full_control = true;
    // Without Full Control, whether Administrators may still read the key: setup then opens it
    // but cannot change its ACL ("Access is denied", frankysweb.de, win-acme; case 12's ACL),
    // where a key Administrators cannot read is "Keyset does not exist" (cases 10, 11).
    bool administrators_read = false;
    // The key is still in the machine's key container though the store entry lost its link
    // to it: `certutil -repairstore` can re-attach it (case 17).
    bool key_recoverable = false;
    // The key material, when cusim knows it (to export the state as real files). It can be
    // known while has_private_key is false: the entry lost its link to a key that still exists.
    std::optional<PrivateKey> key{};
};

struct CertificateStore {
    StoreName name = StoreName::My;
    std::vector<StoreEntry> entries;

    const StoreEntry* find(const std::string& thumbprint) const;
    StoreEntry* find(const std::string& thumbprint);
};

// A binding as applicationHost.config holds it.
struct IisBinding {
    std::string protocol;             // "http", "https", "net.pipe", ...
    std::string binding_information;  // "*:443:", ":443:", "127.0.0.1:443:", "808:*"
    int ssl_flags = 0;                // 1 = SNI
};

struct IisSite {
    std::string name;
    int id = 0;
    std::vector<IisBinding> bindings;
};

// `netsh http show sslcert`: where the certificate of an https binding really lives.
struct SslBinding {
    std::string ip_port;          // "0.0.0.0:443", "127.0.0.1:443", or "host:443" for SNI
    std::string certificate_hash; // upper-case hex (netsh shows lower case)
    std::string store_name = "MY";
    std::string application_id = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";
};

// The http.sys endpoint of an https IIS binding: "*:443:" and ":443:" are 0.0.0.0:443.
std::string http_sys_endpoint(const IisBinding& binding);

struct AuthConfig {
    std::string current_thumbprint;
    std::string next_thumbprint;
    std::string previous_thumbprint;
    std::optional<SimTime> next_effective_date;
};

// Exchange Server SE (Subscription Edition, RTM 15.2.2562.17 of 1 July 2025) is "code equivalent to (e.g., the
// same exact code as) Exchange Server 2019 CU15" but for its name, licence and build (Exchange Team Blog,
// https://techcommunity.microsoft.com/t5/exchange-team-blog/exchange-server-roadmap-update/ba-p/4132742): the
// simulator runs it as 2019 CU15 (no UM role, 2019's stack frames) with its own product name.
enum class ExchangeVersion { exchange2016, exchange2019, exchange_se };
const char* version_name(ExchangeVersion v);  // "2016", "2019", "SE", as scenario files spell it
// The product a build "15.a.b.c" belongs to: 15.1 is Exchange 2016, 15.2 Exchange 2019, and 15.2 from
// build 2562 on Exchange SE (CSS-Exchange Shared/Get-ExchangeBuildVersionInformation.ps1: "Major -eq 15
// -and Minor -eq 2 -and Build -ge 2562" is "Exchange Server SE"); nothing for any other text.
std::optional<ExchangeVersion> version_of_build(const std::string& build);
// "15.2.1544.4" as its four numbers, to compare builds ("15.02.1544.004", as setup writes versions in
// places, facts.md 1, is the same build); empty when the text is not four numbers.
std::vector<unsigned> build_numbers(const std::string& build);

// A receive connector whose TLS certificate is named as `<I>issuer<S>subject` (case 13).
struct ReceiveConnector {
    std::string name;                  // e.g. "EX01\\Default Frontend EX01"
    std::string fqdn;                  // what it announces in EHLO
    std::string tls_certificate_name;  // "" when unset: transport picks by FQDN
    bool front_end = true;             // MSExchangeFrontEndTransport (else MSExchangeTransport)
};

struct ExchangeConfig {
    std::string server_name = "EX01";            // NetBIOS name
    std::string fqdn = "EX01.contoso.local";
    std::string domain_controller = "DC01.contoso.local";
    std::string logged_on_user = "CONTOSO\\Administrator";
    ExchangeVersion version = ExchangeVersion::exchange2019;
    std::string installed_build = "15.2.1258.12";  // e.g. Exchange 2019 CU13
    std::string target_build = "15.2.1544.4";      // e.g. Exchange 2019 CU14
    std::string target_name = "Cumulative Update 14";
    // The product the CU installs: its target build's (2019 CU14 to SE is an SE setup), the installed
    // version's when the target build names no product.
    ExchangeVersion target_version() const;
    // Service assignments (IIS, SMTP, IMAP, POP, UM) by thumbprint, as Get-ExchangeCertificate shows them.
    std::map<std::string, std::vector<std::string>> services;
    AuthConfig auth;
    std::string internal_transport_thumbprint;
    bool management_usable = true;  // EMS and EAC
    std::vector<ReceiveConnector> receive_connectors;
    // Since the July 2021 SU, OWA/ECP sign their cookies with the Auth certificate: a missing or
    // expired one gives "HMACProvider.GetCertificates:protectionCertificates.Length<1" (cases 7, 24).
    bool hmac_signs_with_auth = true;
    std::string security_update;  // the last SU installed, if the scenario says
    // The Auth certificate OWA/ECP and MSExchangeServiceHost loaded at their last start: a new
    // AuthConfig takes effect only after a restart / app pool recycle (KB2617816, case 5).
    std::string auth_loaded_thumbprint;
};

// Why setup cannot take this server from its version to the target's in place, or "" when it can.
// Microsoft Learn (https://learn.microsoft.com/en-us/exchange/plan-and-deploy/deploy-new-installations/upgrade-to-exchange-server-se):
// "Legacy upgrades are necessary when moving from Exchange Server 2016 to Exchange Server 2019 or to Exchange
// Server SE" and "Exchange Server SE supports an in-place upgrade from Exchange Server 2019 Cumulative Update
// (CU) 14 or 15". A CU of an older product over a newer one is not modelled (no source says what setup prints).
std::string in_place_upgrade_refusal(const ExchangeConfig& ex);

// The setups `--target` names, with their RTM/CU builds from CSS-Exchange
// Shared/Get-ExchangeBuildVersionInformation.ps1 (its dictionary: Exchange2016 CU23 "15.1.2507.6",
// Exchange2019 CU14 "15.2.1544.4", CU15 "15.2.1748.10", ExchangeSE RTM "15.2.2562.17" of "07/01/2025").
struct UpgradeTarget {
    std::string name;         // "SE", "2019-CU15", ...
    ExchangeVersion version;
    std::string build;        // what setup installs
    std::string target_name;  // the console's "<product> <target_name> Unattended Setup"
};
const std::vector<UpgradeTarget>& upgrade_targets();
const UpgradeTarget* find_upgrade_target(const std::string& name);
// Makes `target` the CU the server takes; the reason it cannot, or "" (then `ex` names the target). The
// target's build must be newer than the installed one: a CU upgrades (the same or an older one is not modelled).
std::string set_upgrade_target(ExchangeConfig& ex, const UpgradeTarget& target);

// What a failed setup leaves behind (facts.md 1d, R5): the watermark it resumes from.
struct SetupProgress {
    bool upgrade_in_progress = false;  // binaries removed, watermark set
    std::string failed_action;         // "Install" (the action named in the resume log line)
    std::string failed_task_id;        // e.g. "BridgeheadComponent___..."
    std::string failed_step;           // console step, e.g. "Mailbox role: Transport service"
    int completed_steps = 0;           // role steps finished before the failure
    std::vector<std::string> disabled_services;
    int runs = 0;                      // setup runs so far on this state
};

struct ServerState {
    SimTime clock{};
    bool time_sync = true;  // Windows Time / hypervisor sync undo a changed clock (case 3)
    std::chrono::seconds clock_skew{0};  // how far an admin set the clock off the real time
    std::vector<CertificateStore> stores;  // My, Root, CA, WebHosting
    std::vector<IisSite> sites;
    std::vector<SslBinding> ssl_bindings;
    ExchangeConfig exchange;
    SetupProgress setup;
    // Keys the machine uses, in order, for certificates it creates (setup, IIS Manager), so
    // that new thumbprints are deterministic. The scenario loader fills it from the key pool.
    std::vector<PrivateKey> spare_keys;
    size_t spare_keys_used = 0;
    PrivateKey take_spare_key();
    // Signs `spec` with the next spare key and adds it, key attached, to `store`: how every
    // certificate made during a run (by setup, a fix, a runbook) enters the server.
    StoreEntry& add_new_certificate(StoreName store, const CertSpec& spec, KeyProvider provider,
                                    const std::string& friendly_name);
    // A serial unique within a run (clock, keys taken so far, and a tag per maker), fixed in
    // the form the golden outputs pin.
    std::string next_serial(unsigned tag) const;

    CertificateStore& store(StoreName name);
    const CertificateStore* find_store(StoreName name) const;
    const IisSite* find_site(const std::string& name) const;
    const SslBinding* find_ssl_binding(const std::string& ip_port) const;
    SslBinding* find_ssl_binding(const std::string& ip_port);
    // The certificate an http.sys binding names, looked up in the store the binding names.
    const StoreEntry* certificate_of(const SslBinding& binding) const;
    const StoreEntry* find_certificate(const std::string& thumbprint) const;  // any store, My first
    void enable_service(const std::string& thumbprint, const std::string& service);  // Exchange service assignment
};

// The IIS layout of a default Exchange 2016/2019 server (real: ../shared/data/css-exchange/E19/IIS).
std::vector<IisSite> default_exchange_sites();
// The application pools of a default Exchange 2016/2019 server (real:
// ../shared/data/css-exchange/E19/IIS/applicationHost.config, <applicationPools>), the Exchange ones.
// Their state is WAS's, which setup does not stop (it disables W3SVC and the Exchange services):
// the model keeps no state of its own for them.
const std::vector<std::string>& exchange_app_pools();
// The four stores, empty.
std::vector<CertificateStore> empty_stores();

std::string upper_hex(std::string s);  // normalises a thumbprint typed in lower case or with spaces

}  // namespace cusim
