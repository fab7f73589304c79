#include "sim/explore/server_genome.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "sim/core/input_error.hpp"
#include "sim/explore/prng.hpp"
#include "sim/formats/cert_description.hpp"
#include "sim/formats/input_paths.hpp"

namespace cusim {
namespace {

constexpr long long day = seconds_per_day;

const char* const ip_ports[] = {"0.0.0.0:443", "127.0.0.1:443", "0.0.0.0:444"};
const char* const extra_ip_port = "192.168.1.10:443";

// What a binding may be made to hold; the last, the deleted certificate, is in no store.
constexpr std::array<PoolCert, 8> bindable_certs = {PoolCert::mail,      PoolCert::mail_expired, PoolCert::mail_future,
                                                    PoolCert::mail_sha1, PoolCert::mail_soon,    PoolCert::self,
                                                    PoolCert::self_expired, PoolCert::mail_deleted};
constexpr std::array<PoolCert, 3> base_certs = {PoolCert::self, PoolCert::mail, PoolCert::auth};
// The clock around the pool's expiries (seconds from the base clock): before and after
// mail_soon's, mail_future's start and mail's end, a day back and forward, a year on.
constexpr std::array<long long, 8> clock_offsets = {-day,         day,           2 * day - 60, 2 * day + 60,
                                                    5 * day + 3600, 165 * day - 60, 165 * day + 60, 400 * day};
enum AuthVariant : std::uint8_t { auth_expired, auth_missing, auth_none, auth_next_future, auth_next_past, auth_variants };
enum TransportVariant : std::uint8_t { transport_missing, transport_expired, transport_none, transport_mail, transport_variants };
enum ConnectorVariant : std::uint8_t { connector_deleted, connector_expired, connector_self, connector_mail, connector_variants };

// A thumbprint that names no certificate (AuthConfig or transport pointing at a deleted one).
const char* const missing_thumbprint = "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C";

// The pool: each certificate's description, as a scenario file writes it, and the certificate
// made from it once (RSA signing is deterministic, so the file remakes the same thumbprint).
struct PoolEntry {
    Json description;
    Certificate certificate;
    std::string friendly_name;
};

Json describe(PoolCert c) {
    SimTime t0 = explore_base_clock();
    auto at = [&](long long days) { return format_iso(t0 + std::chrono::seconds(days * day)); };
    const Json leaf_usage = {"Digital Signature", "Key Encipherment"};
    auto mail = [&](const char* id, const char* key, long long from, long long to, const char* serial) {
        return Json{{"id", id},
                    {"subject", "CN=mail.contoso.com, O=Contoso Ltd, C=US"},
                    {"dnsNames", {"mail.contoso.com", "autodiscover.contoso.com"}},
                    {"issuer", "root"},
                    {"key", key},
                    {"notBefore", at(from)},
                    {"notAfter", at(to)},
                    {"serial", serial},
                    {"keyUsage", leaf_usage},
                    {"enhancedKeyUsage", {"Server Authentication", "Client Authentication"}}};
    };
    auto self = [&](const char* id, const char* key, long long from, const char* serial) {
        return Json{{"id", id},          {"subject", "CN=EX01"},   {"dnsNames", {"EX01", "EX01.contoso.local"}},
                    {"key", key},        {"notBefore", at(from)},  {"validityDays", 1827},
                    {"serial", serial},  {"keyUsage", leaf_usage}, {"enhancedKeyUsage", {"Server Authentication"}},
                    {"signatureHash", "sha1"}};
    };
    auto auth = [&](const char* id, const char* key, long long from, const char* serial) {
        return Json{{"id", id},
                    {"subject", "CN=Microsoft Exchange Server Auth Certificate"},
                    {"key", key},
                    {"notBefore", at(from)},
                    {"validityDays", 1800},
                    {"serial", serial},
                    {"keyUsage", leaf_usage},
                    {"enhancedKeyUsage", {"Server Authentication"}},
                    {"basicConstraints", {{"ca", false}}},
                    {"signatureHash", "sha1"}};
    };
    switch (c) {
        case PoolCert::root:
            return Json{{"id", "root"},
                        {"subject", "CN=Contoso Root CA, O=Contoso Ltd, C=US"},
                        {"key", "key01"},
                        {"notBefore", "2010-01-01T00:00:00Z"},
                        {"notAfter", "2040-01-01T00:00:00Z"},
                        {"serial", "5A1F3C9E"},
                        {"keyUsage", {"Digital Signature", "Certificate Signing", "Off-line CRL Signing"}},
                        {"basicConstraints", {{"ca", true}}}};
        case PoolCert::mail: return mail("mail", "key02", -200, 165, "3D0001");
        case PoolCert::mail_expired: return mail("mail-expired", "key03", -400, -35, "3D0002");
        case PoolCert::mail_future: return mail("mail-future", "key04", 5, 370, "3D0003");
        case PoolCert::mail_sha1: {
            Json j = mail("mail-sha1", "key05", -100, 265, "3D0004");
            j["signatureHash"] = "sha1";
            return j;
        }
        case PoolCert::mail_soon: return mail("mail-soon", "key02", -363, 2, "3D0005");
        case PoolCert::mail_deleted: {
            // Another O= than mail's, so that a TlsCertificateName naming it matches no other certificate.
            Json j = mail("mail-deleted", "key03", -300, 65, "3D0006");
            j["subject"] = "CN=mail.contoso.com, O=Contoso Hybrid, C=US";
            return j;
        }
        case PoolCert::self: return self("microsoft-exchange", "key06", -700, "6B1E04D2A93F7C01");
        case PoolCert::self_expired: return self("microsoft-exchange-old", "key07", -2000, "6B1E04D2A93F7C02");
        case PoolCert::auth: return auth("auth", "key08", -400, "1F5D8C2B7A6E4001");
        case PoolCert::auth_expired: return auth("auth-expired", "key08", -1900, "1F5D8C2B7A6E4002");
        case PoolCert::auth_next: return auth("auth-next", "key05", -1, "1F5D8C2B7A6E4003");
        case PoolCert::count: break;
    }
    throw std::logic_error("describe: not a pool certificate");
}

const char* friendly_name(PoolCert c) {
    switch (c) {
        case PoolCert::root: return "Contoso Root CA";
        case PoolCert::self:
        case PoolCert::self_expired: return "Microsoft Exchange";
        case PoolCert::auth:
        case PoolCert::auth_expired:
        case PoolCert::auth_next: return "Microsoft Exchange Server Auth Certificate";
        default: return "mail.contoso.com";
    }
}

struct Pool {
    std::vector<PoolEntry> entries;
    KeyPool keys;
    std::vector<PrivateKey> spare_keys;  // as the scenario loader fills them: the pool in name order
    const PoolEntry& operator[](PoolCert c) const { return entries[size_t(c)]; }
};

Pool make_pool() {
    if (fixtures_root().empty())
        throw InputError("fixtures/keys", "the explorer's certificates need the key pool (" + why_no_fixtures_root() + ")");
    Pool p;
    p.keys = load_key_pool((fixtures_root() / "keys").string());
    for (auto& [name, key] : p.keys) p.spare_keys.push_back(key);
    std::vector<CertDescription> descriptions;
    std::vector<Json> docs;
    for (int i = 0; i < int(PoolCert::count); ++i) {
        docs.push_back(describe(PoolCert(i)));
        descriptions.push_back(parse_cert_description(JsonAt(docs.back(), "explore-pool", "/" + std::to_string(i))));
    }
    auto made = make_described_certificates(descriptions, p.keys, "explore-pool");
    for (int i = 0; i < int(PoolCert::count); ++i)
        p.entries.push_back({docs[size_t(i)], made.at(pool_cert_id(PoolCert(i))).certificate, friendly_name(PoolCert(i))});
    return p;
}

const Pool& pool() {
    // Made on first use, once per process (a magic static: thread-safe), never in the loop.
    static const Pool p = make_pool();
    return p;
}

// The server a genome stands for, between the genome and its two forms (state and file), so
// that both come from one description and cannot drift apart.
struct EntrySpec {
    PoolCert cert;
    bool my = true;
    bool root = false;
    KeyState key = KeyState::normal;
    std::vector<std::string> services;
};

struct BindingSpec {
    std::string ip_port, thumbprint, store = "MY";
};

struct StateSpec {
    SimTime clock{};
    std::vector<EntrySpec> entries;
    std::vector<BindingSpec> http_sys;
    bool extra_iis = false;
    bool omit_localhost = false;
    std::string auth_current, auth_next, transport;
    std::optional<SimTime> auth_next_date;
    std::vector<ReceiveConnector> connectors;

    EntrySpec* find(PoolCert c) {
        for (auto& e : entries)
            if (e.cert == c) return &e;
        return nullptr;
    }
    EntrySpec& ensure(PoolCert c) {
        if (EntrySpec* e = find(c)) {
            e->my = true;
            return *e;
        }
        entries.push_back({c, true, false, KeyState::normal, {}});
        return entries.back();
    }
    BindingSpec* binding(const std::string& ip_port) {
        for (auto& b : http_sys)
            if (b.ip_port == ip_port) return &b;
        return nullptr;
    }
    void bind(const std::string& ip_port, const std::string& thumbprint) {
        if (BindingSpec* b = binding(ip_port)) *b = {ip_port, thumbprint, "MY"};
        else http_sys.push_back({ip_port, thumbprint, "MY"});
    }
};

std::string thumb(PoolCert c) { return pool()[c].certificate.thumbprint(); }
std::string tls_name(PoolCert c) {
    const Certificate& cert = pool()[c].certificate;
    return "<I>" + cert.issuer() + "<S>" + cert.subject();
}

StateSpec make_spec(const ServerGenome& g) {
    StateSpec s;
    s.clock = explore_base_clock();
    s.omit_localhost = g.omit_localhost;
    s.entries.push_back({PoolCert::root, false, true, KeyState::normal, {}});
    PoolCert front = g.public_ca ? PoolCert::mail : PoolCert::self;
    s.entries.push_back({PoolCert::self, true, true, KeyState::normal,
                         g.public_ca ? std::vector<std::string>{"IMAP", "POP", "SMTP"}
                                     : std::vector<std::string>{"IIS", "IMAP", "POP", "SMTP"}});
    s.entries.push_back({PoolCert::auth, true, false, KeyState::normal, {"SMTP"}});
    if (g.public_ca) s.entries.push_back({PoolCert::mail, true, false, KeyState::normal, {"IIS", "SMTP"}});
    s.http_sys.push_back({ip_ports[0], thumb(front)});
    if (!g.omit_localhost) s.http_sys.push_back({ip_ports[1], thumb(front)});
    s.http_sys.push_back({ip_ports[2], thumb(PoolCert::self)});
    s.auth_current = thumb(PoolCert::auth);
    s.transport = thumb(PoolCert::self);
    ReceiveConnector hybrid{"EX01\\Default Frontend EX01", "mail.contoso.com", "", true};
    if (g.public_ca && g.hybrid) {
        hybrid.tls_certificate_name = tls_name(PoolCert::mail);
        s.connectors.push_back(hybrid);
    }
    for (const Fault& f : g.faults) {
        switch (f.kind) {
            case FaultKind::bind: {
                PoolCert c = bindable_certs[f.b];
                if (c != PoolCert::mail_deleted) s.ensure(c).key = KeyState(f.c);
                s.bind(ip_ports[f.a], thumb(c));
                break;
            }
            case FaultKind::unbind:
                std::erase_if(s.http_sys, [&](auto& b) { return b.ip_port == ip_ports[f.a]; });
                break;
            case FaultKind::http_sys_store:
                if (BindingSpec* b = s.binding(ip_ports[f.a])) b->store = "WebHosting";
                break;
            case FaultKind::extra_binding:
                s.extra_iis = true;
                if (f.b < bindable_certs.size()) {
                    PoolCert c = bindable_certs[f.b];
                    if (c != PoolCert::mail_deleted) s.ensure(c);
                    s.bind(extra_ip_port, thumb(c));
                }
                break;
            case FaultKind::remove_certificate:
                if (EntrySpec* e = s.find(base_certs[f.a])) {
                    // Exchange's service assignments are those of certificates in My: gone with it.
                    e->my = false;
                    e->services.clear();
                    if (!e->root) std::erase_if(s.entries, [&](auto& x) { return x.cert == base_certs[f.a]; });
                }
                break;
            case FaultKind::key_state:
                if (EntrySpec* e = s.find(base_certs[f.a]); e && e->my) e->key = KeyState(f.b);
                break;
            case FaultKind::auth:
                switch (f.a) {
                    case auth_expired:
                        s.ensure(PoolCert::auth_expired).services = {"SMTP"};
                        s.auth_current = thumb(PoolCert::auth_expired);
                        break;
                    case auth_missing: s.auth_current = missing_thumbprint; break;
                    case auth_none: s.auth_current.clear(); break;
                    case auth_next_future:
                    case auth_next_past:
                        s.ensure(PoolCert::auth_next).services = {"SMTP"};
                        s.auth_next = thumb(PoolCert::auth_next);
                        s.auth_next_date = explore_base_clock() + std::chrono::seconds(f.a == auth_next_future ? 2 * day : -day);
                        break;
                }
                break;
            case FaultKind::internal_transport:
                switch (f.a) {
                    case transport_missing: s.transport = missing_thumbprint; break;
                    case transport_expired:
                        s.ensure(PoolCert::self_expired);
                        s.transport = thumb(PoolCert::self_expired);
                        break;
                    case transport_none: s.transport.clear(); break;
                    case transport_mail:
                        s.ensure(PoolCert::mail);
                        s.transport = thumb(PoolCert::mail);
                        break;
                }
                break;
            case FaultKind::smtp_off:
                for (auto& e : s.entries) std::erase(e.services, "SMTP");
                break;
            case FaultKind::connector: {
                PoolCert c = f.a == connector_deleted ? PoolCert::mail_deleted
                             : f.a == connector_expired ? PoolCert::mail_expired
                             : f.a == connector_self    ? PoolCert::self
                                                        : PoolCert::mail;
                if (c == PoolCert::mail_expired || c == PoolCert::mail) s.ensure(c);
                if (s.connectors.empty()) s.connectors.push_back(hybrid);
                s.connectors[0].tls_certificate_name = tls_name(c);
                break;
            }
            case FaultKind::clock: s.clock = explore_base_clock() + std::chrono::seconds(clock_offsets[f.a]); break;
            case FaultKind::count: break;
        }
    }
    return s;
}

const char* const server_versions[2][3] = {{"2019", "15.2.1258.12", "15.2.1544.4"}, {"2016", "15.1.2375.7", "15.1.2507.6"}};
const char* target_name(bool e2016) { return e2016 ? "Cumulative Update 23" : "Cumulative Update 14"; }

std::vector<IisSite> spec_sites(const StateSpec& s) {
    std::vector<IisSite> sites = default_exchange_sites();
    for (auto& site : sites) {
        if (site.name != "Default Web Site") continue;
        if (s.omit_localhost) std::erase_if(site.bindings, [](auto& b) { return b.binding_information == "127.0.0.1:443:"; });
        if (s.extra_iis) site.bindings.push_back({"https", "192.168.1.10:443:", 0});
    }
    return sites;
}

}  // namespace

const char* pool_cert_id(PoolCert c) {
    static const char* const ids[] = {"root",  "mail",           "mail-expired",       "mail-future",
                                      "mail-sha1", "mail-soon",  "mail-deleted",       "microsoft-exchange",
                                      "microsoft-exchange-old", "auth", "auth-expired", "auth-next"};
    return ids[size_t(c)];
}

SimTime explore_base_clock() { return *parse_iso_time("2024-06-12T09:00:00Z"); }

std::uint8_t fault_choices(FaultKind kind, int parameter) {
    switch (kind) {
        case FaultKind::bind:
            return parameter == 0 ? std::uint8_t(Endpoint::count)
                   : parameter == 1 ? std::uint8_t(bindable_certs.size())
                                    : std::uint8_t(KeyState::count);
        case FaultKind::unbind:
        case FaultKind::http_sys_store: return parameter == 0 ? std::uint8_t(Endpoint::count) : 1;
        case FaultKind::extra_binding: return parameter == 1 ? std::uint8_t(bindable_certs.size() + 1) : 1;
        case FaultKind::remove_certificate: return parameter == 0 ? std::uint8_t(base_certs.size()) : 1;
        case FaultKind::key_state:
            return parameter == 0 ? std::uint8_t(base_certs.size()) : parameter == 1 ? std::uint8_t(KeyState::count) : 1;
        case FaultKind::auth: return parameter == 0 ? auth_variants : 1;
        case FaultKind::internal_transport: return parameter == 0 ? transport_variants : 1;
        case FaultKind::smtp_off: return 1;
        case FaultKind::connector: return parameter == 0 ? connector_variants : 1;
        case FaultKind::clock: return parameter == 0 ? std::uint8_t(clock_offsets.size()) : 1;
        case FaultKind::count: break;
    }
    return 1;
}

ServerGenome generate_genome(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t s = seed ^ (index * 0xD1B54A32D192ED03ull);
    Xoshiro256 rng(splitmix64(s));
    ServerGenome g;
    g.exchange2016 = rng.below(3) == 0;
    g.public_ca = rng.below(4) != 0;
    g.hybrid = g.public_ca && rng.below(3) == 0;
    // Mostly one or two faults: the threads' failures are a fault or two on an ordinary server.
    static constexpr std::uint32_t fault_count_weights[] = {1, 4, 4, 2, 1};
    std::uint32_t r = rng.below(12), n = 0;
    while (r >= fault_count_weights[n]) r -= fault_count_weights[n++];
    for (std::uint32_t i = 0; i < n; ++i) {
        Fault f;
        f.kind = FaultKind(rng.below(std::uint32_t(FaultKind::count)));
        f.a = std::uint8_t(rng.below(fault_choices(f.kind, 0)));
        f.b = std::uint8_t(rng.below(fault_choices(f.kind, 1)));
        f.c = std::uint8_t(rng.below(fault_choices(f.kind, 2)));
        g.faults.push_back(f);
    }
    return g;
}

Scenario genome_scenario(const ServerGenome& g) {
    const Pool& p = pool();
    StateSpec spec = make_spec(g);
    Scenario sc;
    sc.path = "explore";
    sc.id = "explore";
    sc.title = "explored state";
    sc.source = "cusim explore";
    ServerState& st = sc.state;
    st.clock = spec.clock;
    st.stores = empty_stores();
    auto& ex = st.exchange;
    ex.server_name = "EX01";
    ex.fqdn = "EX01.contoso.local";
    ex.version = g.exchange2016 ? ExchangeVersion::exchange2016 : ExchangeVersion::exchange2019;
    ex.installed_build = server_versions[g.exchange2016][1];
    ex.target_build = server_versions[g.exchange2016][2];
    ex.target_name = target_name(g.exchange2016);
    // As the scenario loader makes them (sim/formats/scenario.cpp add_to_stores): the same fields,
    // so that the file of a counterexample is this state.
    for (const EntrySpec& e : spec.entries) {
        const PoolEntry& pe = p[e.cert];
        sc.certificate_ids[pool_cert_id(e.cert)] = pe.certificate.thumbprint();
        StoreEntry entry{pe.certificate, e.key != KeyState::no_key, KeyProvider::capi, true, pe.friendly_name, false, true};
        entry.key_provider = e.key == KeyState::cng ? KeyProvider::cng : KeyProvider::capi;
        entry.administrators_full_control = e.key != KeyState::no_admin_access && e.key != KeyState::admin_read_only;
        entry.administrators_read = e.key == KeyState::admin_read_only;
        entry.key_recoverable = e.key == KeyState::no_key;
        entry.key = p.keys.at(pe.description["key"].get<std::string>());
        if (e.my) st.store(StoreName::My).entries.push_back(entry);
        if (e.root) {
            StoreEntry copy = entry;
            copy.has_private_key = false;
            st.store(StoreName::Root).entries.push_back(copy);
        }
        if (!e.services.empty()) ex.services[pe.certificate.thumbprint()] = e.services;
    }
    st.sites = spec_sites(spec);
    for (auto& b : spec.http_sys) st.ssl_bindings.push_back(SslBinding{b.ip_port, b.thumbprint, b.store});
    ex.auth.current_thumbprint = spec.auth_current;
    ex.auth.next_thumbprint = spec.auth_next;
    ex.auth.next_effective_date = spec.auth_next_date;
    ex.auth_loaded_thumbprint = spec.auth_current;
    ex.internal_transport_thumbprint = spec.transport;
    ex.receive_connectors = spec.connectors;
    st.spare_keys = p.spare_keys;
    return sc;
}

Json genome_json(const ServerGenome& g) {
    const Pool& p = pool();
    StateSpec spec = make_spec(g);
    Json doc = Json::object();
    doc["$schema"] = "../scenario.schema.json";
    doc["clock"] = format_iso(spec.clock);
    doc["server"] = {{"name", "EX01"},
                     {"fqdn", "EX01.contoso.local"},
                     {"version", server_versions[g.exchange2016][0]},
                     {"installedBuild", server_versions[g.exchange2016][1]},
                     {"targetBuild", server_versions[g.exchange2016][2]},
                     {"targetName", target_name(g.exchange2016)}};
    std::map<std::string, std::string> id_of;  // thumbprint -> id, for references by id
    Json certs = Json::array();
    for (const EntrySpec& e : spec.entries) {
        Json c = p[e.cert].description;
        std::vector<std::string> stores;
        if (e.my) stores.push_back("My");
        if (e.root) stores.push_back("Root");
        c["stores"] = stores;
        c["friendlyName"] = p[e.cert].friendly_name;
        if (e.key == KeyState::no_key) c["privateKey"] = false;
        if (e.key == KeyState::cng) c["keyProvider"] = "CNG";
        if (e.key == KeyState::no_admin_access) c["administratorsKeyAccess"] = "none";
        if (e.key == KeyState::admin_read_only) c["administratorsKeyAccess"] = "read";
        if (!e.services.empty()) c["services"] = e.services;
        id_of[p[e.cert].certificate.thumbprint()] = pool_cert_id(e.cert);
        certs.push_back(std::move(c));
    }
    doc["certificates"] = certs;
    if (spec.omit_localhost || spec.extra_iis) {
        Json sites = Json::array();
        for (auto& site : spec_sites(spec)) {
            Json bindings = Json::array();
            for (auto& b : site.bindings) bindings.push_back({{"protocol", b.protocol}, {"bindingInformation", b.binding_information}});
            sites.push_back({{"name", site.name}, {"id", site.id}, {"bindings", bindings}});
        }
        doc["iis"] = {{"sites", sites}};
    }
    auto reference = [&](Json& into, const char* id_key, const char* thumb_key, const std::string& thumbprint) {
        if (thumbprint.empty()) return;
        if (auto it = id_of.find(thumbprint); it != id_of.end()) into[id_key] = it->second;
        else into[thumb_key] = thumbprint;
    };
    Json http = Json::array();
    for (auto& b : spec.http_sys) {
        Json j{{"ipPort", b.ip_port}};
        reference(j, "certificate", "thumbprint", b.thumbprint);
        if (b.store != "MY") j["storeName"] = b.store;
        http.push_back(j);
    }
    doc["httpSys"] = http;
    Json ex = Json::object();
    Json auth = Json::object();
    reference(auth, "currentCertificate", "currentThumbprint", spec.auth_current);
    reference(auth, "nextCertificate", "nextThumbprint", spec.auth_next);
    if (spec.auth_next_date) auth["nextEffectiveDate"] = format_iso(*spec.auth_next_date);
    if (!auth.empty()) ex["authConfig"] = auth;
    reference(ex, "internalTransportCertificate", "internalTransportThumbprint", spec.transport);
    if (!spec.connectors.empty()) {
        Json list = Json::array();
        for (auto& rc : spec.connectors)
            list.push_back({{"name", rc.name}, {"fqdn", rc.fqdn}, {"tlsCertificateName", rc.tls_certificate_name}});
        ex["receiveConnectors"] = list;
    }
    doc["exchange"] = ex;
    return doc;
}

std::string describe_fault(const Fault& f) {
    static const char* const endpoints[] = {"Default Web Site 0.0.0.0:443", "Default Web Site 127.0.0.1:443",
                                            "Exchange Back End 0.0.0.0:444"};
    static const char* const key_states[] = {"", " (no private key)", " (CNG key)",
                                             " (Administrators cannot read its key)", " (Administrators may only read its key)"};
    static const char* const which[] = {"the self-signed Microsoft Exchange certificate", "the public CA certificate",
                                        "the Auth certificate"};
    static const char* const auths[] = {"AuthConfig names an expired Auth certificate",
                                        "AuthConfig names a certificate that is not in the store",
                                        "AuthConfig names no certificate",
                                        "a next Auth certificate is staged, effective in 2 days",
                                        "a next Auth certificate is staged, effective since yesterday"};
    static const char* const transports[] = {"the internal transport certificate is not in the store",
                                             "the internal transport certificate has expired",
                                             "no internal transport certificate is set",
                                             "the internal transport certificate is the public CA certificate"};
    static const char* const connectors[] = {"a deleted certificate", "the expired public certificate",
                                             "the self-signed certificate", "the public CA certificate"};
    switch (f.kind) {
        case FaultKind::bind:
            return fmt::format("{} is bound to {}{}", endpoints[f.a], pool_cert_id(bindable_certs[f.b]),
                               bindable_certs[f.b] == PoolCert::mail_deleted ? " (in no store)" : key_states[f.c]);
        case FaultKind::unbind: return fmt::format("http.sys has no binding for {}", endpoints[f.a]);
        case FaultKind::http_sys_store:
            return fmt::format("http.sys looks for the certificate of {} in WebHosting, not My", endpoints[f.a]);
        case FaultKind::extra_binding:
            return f.b < bindable_certs.size()
                       ? fmt::format("a second 443 binding, 192.168.1.10:443, holds {}", pool_cert_id(bindable_certs[f.b]))
                       : "a second 443 binding, 192.168.1.10:443, has no http.sys binding";
        case FaultKind::remove_certificate: return fmt::format("{} was deleted from My", which[f.a]);
        case FaultKind::key_state:
            return fmt::format("{}{}", which[f.a], f.b == 0 ? " keeps a normal key" : key_states[f.b]);
        case FaultKind::auth: return auths[f.a];
        case FaultKind::internal_transport: return transports[f.a];
        case FaultKind::smtp_off: return "no certificate is enabled for SMTP";
        case FaultKind::connector: return fmt::format("the receive connector's TlsCertificateName names {}", connectors[f.a]);
        case FaultKind::clock: {
            static const char* const offsets[] = {"1 day before", "1 day after", "2 days less 1 minute after",
                                                  "2 days and 1 minute after", "5 days and 1 hour after",
                                                  "165 days less 1 minute after", "165 days and 1 minute after",
                                                  "400 days after"};
            return fmt::format("the clock is {} {}", offsets[f.a], format_iso(explore_base_clock()));
        }
        case FaultKind::count: break;
    }
    return "?";
}

std::string describe_genome(const ServerGenome& g) {
    std::string out = fmt::format("Exchange {}, {}{}", g.exchange2016 ? "2016" : "2019",
                                  g.public_ca ? "a public CA certificate on 443" : "the self-signed certificate on 443",
                                  g.hybrid ? ", hybrid" : "");
    if (g.omit_localhost) out += ", no 127.0.0.1:443 binding";
    for (auto& f : g.faults) out += "; " + describe_fault(f);
    return out;
}

}  // namespace cusim
