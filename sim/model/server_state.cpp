#include "sim/model/server_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace cusim {

std::string to_string(StoreName s) {
    switch (s) {
        case StoreName::My: return "My";
        case StoreName::Root: return "Root";
        case StoreName::CA: return "CA";
        case StoreName::WebHosting: return "WebHosting";
    }
    return "My";
}

std::optional<StoreName> parse_store_name(const std::string& s) {
    std::string l = s;
    std::transform(l.begin(), l.end(), l.begin(), ::tolower);
    if (l == "my" || l == "personal") return StoreName::My;
    if (l == "root" || l == "trusted root certification authorities") return StoreName::Root;
    if (l == "ca" || l == "intermediate certification authorities") return StoreName::CA;
    if (l == "webhosting" || l == "web hosting") return StoreName::WebHosting;
    return std::nullopt;
}

std::string provider_display_name(KeyProvider p) {
    return p == KeyProvider::capi ? "Microsoft RSA SChannel Cryptographic Provider"
                                  : "Microsoft Software Key Storage Provider";
}

std::string upper_hex(std::string s) {
    std::string out;
    for (char c : s)
        if (isxdigit(static_cast<unsigned char>(c))) out += char(toupper(static_cast<unsigned char>(c)));
    return out;
}

const StoreEntry* CertificateStore::find(const std::string& thumbprint) const {
    for (auto& e : entries)
        if (e.certificate.thumbprint() == thumbprint) return &e;
    return nullptr;
}

StoreEntry* CertificateStore::find(const std::string& thumbprint) {
    for (auto& e : entries)
        if (e.certificate.thumbprint() == thumbprint) return &e;
    return nullptr;
}

const char* version_name(ExchangeVersion v) {
    switch (v) {
        case ExchangeVersion::exchange2016: return "2016";
        case ExchangeVersion::exchange2019: return "2019";
        case ExchangeVersion::exchange_se: return "SE";
    }
    return "2019";
}

std::optional<ExchangeVersion> version_of_build(const std::string& build) {
    auto n = build_numbers(build);
    if (n.empty() || n[0] != 15) return std::nullopt;
    if (n[1] == 1) return ExchangeVersion::exchange2016;
    if (n[1] == 2) return n[2] >= 2562 ? ExchangeVersion::exchange_se : ExchangeVersion::exchange2019;
    return std::nullopt;
}

std::vector<unsigned> build_numbers(const std::string& build) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    char tail = 0;
    if (std::sscanf(build.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4) return {};
    return {a, b, c, d};
}

ExchangeVersion ExchangeConfig::target_version() const { return version_of_build(target_build).value_or(version); }

namespace {

std::string product(ExchangeVersion v) { return std::string("Exchange ") + version_name(v); }

}  // namespace

std::string in_place_upgrade_refusal(const ExchangeConfig& ex) {
    ExchangeVersion from = ex.version, to = ex.target_version();
    if (from == to) return "";
    if (from == ExchangeVersion::exchange2016)
        return fmt::format("{} is not upgraded in place to {}: that is a legacy upgrade (a new {} server, the mailboxes "
                           "moved to it), not a CU (https://learn.microsoft.com/en-us/exchange/plan-and-deploy/"
                           "deploy-new-installations/upgrade-to-exchange-server-se)",
                           product(from), product(to), product(to));
    if (from == ExchangeVersion::exchange2019 && to == ExchangeVersion::exchange_se) {
        auto installed = build_numbers(ex.installed_build);
        if (!installed.empty() && installed < build_numbers("15.2.1544.4"))
            return fmt::format("the in-place upgrade to Exchange SE starts from Exchange 2019 CU14 or CU15 (15.2.1544.4 or "
                               "later), and this server runs {}: CU14 or CU15 first (https://learn.microsoft.com/en-us/"
                               "exchange/plan-and-deploy/deploy-new-installations/upgrade-to-exchange-server-se)",
                               ex.installed_build);
        return "";
    }
    return fmt::format("a CU of {} over {} is not modelled: setup upgrades a server to a newer product, not back",
                       product(to), product(from));
}

const std::vector<UpgradeTarget>& upgrade_targets() {
    static const std::vector<UpgradeTarget> targets = {
        {"SE", ExchangeVersion::exchange_se, "15.2.2562.17", "RTM"},
        {"2019-CU15", ExchangeVersion::exchange2019, "15.2.1748.10", "Cumulative Update 15"},
        {"2019-CU14", ExchangeVersion::exchange2019, "15.2.1544.4", "Cumulative Update 14"},
        {"2016-CU23", ExchangeVersion::exchange2016, "15.1.2507.6", "Cumulative Update 23"},
    };
    return targets;
}

const UpgradeTarget* find_upgrade_target(const std::string& name) {
    for (auto& t : upgrade_targets())
        if (t.name == name) return &t;
    return nullptr;
}

std::string set_upgrade_target(ExchangeConfig& ex, const UpgradeTarget& target) {
    ExchangeConfig next = ex;
    next.target_build = target.build;
    next.target_name = target.target_name;
    if (std::string why = in_place_upgrade_refusal(next); !why.empty()) return why;
    auto installed = build_numbers(ex.installed_build);
    if (!installed.empty() && installed >= build_numbers(target.build))
        return fmt::format("the server runs {}, not older than {}'s {}: a CU upgrades (setup of the same or an older "
                           "build is not modelled)",
                           ex.installed_build, target.name, target.build);
    ex = std::move(next);
    return "";
}

std::string http_sys_endpoint(const IisBinding& binding) {
    // bindingInformation is "ip:port:host"; an empty or "*" ip means all addresses.
    const std::string& b = binding.binding_information;
    auto first = b.find(':');
    auto second = b.find(':', first == std::string::npos ? 0 : first + 1);
    if (first == std::string::npos) return b;
    std::string ip = b.substr(0, first);
    std::string port = b.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    std::string host = second == std::string::npos ? "" : b.substr(second + 1);
    if ((binding.ssl_flags & 1) && !host.empty()) return host + ":" + port;
    if (ip.empty() || ip == "*") ip = "0.0.0.0";
    return ip + ":" + port;
}

CertificateStore& ServerState::store(StoreName name) {
    for (auto& s : stores)
        if (s.name == name) return s;
    stores.push_back(CertificateStore{name, {}});
    return stores.back();
}

PrivateKey ServerState::take_spare_key() {
    if (spare_keys.empty()) throw std::runtime_error("the scenario has no key pool for certificates made during the run");
    return spare_keys[spare_keys_used++ % spare_keys.size()];
}

StoreEntry& ServerState::add_new_certificate(StoreName name, const CertSpec& spec, KeyProvider provider,
                                             const std::string& friendly_name) {
    PrivateKey key = take_spare_key();
    StoreEntry entry{make_certificate(spec, key, std::nullopt), true, provider, true, friendly_name};
    entry.key = key;
    auto& entries = store(name).entries;
    entries.push_back(std::move(entry));
    return entries.back();
}

std::string ServerState::next_serial(unsigned tag) const {
    return fmt::format("{:016X}{:04X}", static_cast<unsigned long long>(to_time_t(clock)), unsigned(spare_keys_used + tag));
}

const CertificateStore* ServerState::find_store(StoreName name) const {
    for (auto& s : stores)
        if (s.name == name) return &s;
    return nullptr;
}

const IisSite* ServerState::find_site(const std::string& name) const {
    for (auto& s : sites)
        if (s.name == name) return &s;
    return nullptr;
}

const SslBinding* ServerState::find_ssl_binding(const std::string& ip_port) const {
    for (auto& b : ssl_bindings)
        if (b.ip_port == ip_port) return &b;
    return nullptr;
}

SslBinding* ServerState::find_ssl_binding(const std::string& ip_port) {
    for (auto& b : ssl_bindings)
        if (b.ip_port == ip_port) return &b;
    return nullptr;
}

const StoreEntry* ServerState::certificate_of(const SslBinding& binding) const {
    auto name = parse_store_name(binding.store_name);
    const CertificateStore* s = name ? find_store(*name) : nullptr;
    return s ? s->find(binding.certificate_hash) : nullptr;
}

const StoreEntry* ServerState::find_certificate(const std::string& thumbprint) const {
    for (StoreName n : {StoreName::My, StoreName::WebHosting, StoreName::CA, StoreName::Root})
        if (auto s = find_store(n))
            if (auto e = s->find(thumbprint)) return e;
    return nullptr;
}

void ServerState::enable_service(const std::string& thumbprint, const std::string& service) {
    auto& list = exchange.services[thumbprint];
    if (std::find(list.begin(), list.end(), service) == list.end()) list.push_back(service);
}

std::vector<IisSite> default_exchange_sites() {
    return {
        {"Default Web Site", 1,
         {{"http", "*:80:", 0}, {"net.tcp", "808:*", 0}, {"net.msmq", "localhost", 0},
          {"msmq.formatname", "localhost", 0}, {"net.pipe", "*", 0}, {"https", ":443:", 0},
          {"http", "127.0.0.1:80:", 0}, {"https", "127.0.0.1:443:", 0}}},
        {"Exchange Back End", 2, {{"http", "*:81:", 0}, {"https", "*:444:", 0}, {"net.pipe", "*", 0}}},
    };
}

const std::vector<std::string>& exchange_app_pools() {
    static const std::vector<std::string> pools = {
        "MSExchangeAutodiscoverAppPool", "MSExchangeECPAppPool", "MSExchangeMapiAddressBookAppPool",
        "MSExchangeMapiFrontEndAppPool", "MSExchangeMapiMailboxAppPool", "MSExchangeOABAppPool", "MSExchangeOWAAppPool",
        "MSExchangeOWACalendarAppPool", "MSExchangePowerShellAppPool", "MSExchangePowerShellFrontEndAppPool",
        "MSExchangePushNotificationsAppPool", "MSExchangeRestAppPool", "MSExchangeRestFrontEndAppPool",
        "MSExchangeRpcProxyAppPool", "MSExchangeRpcProxyFrontEndAppPool", "MSExchangeServicesAppPool", "MSExchangeSyncAppPool"};
    return pools;
}

std::vector<CertificateStore> empty_stores() {
    return {{StoreName::My, {}}, {StoreName::Root, {}}, {StoreName::CA, {}}, {StoreName::WebHosting, {}}};
}

}  // namespace cusim
