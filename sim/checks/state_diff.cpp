#include "sim/checks/state_diff.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"

#include <map>
#include <set>
#include <string_view>

namespace cusim {
namespace {

std::string cert_label(const StoreEntry& e) {
    return fmt::format("{} ({}{})", e.certificate.thumbprint(), e.certificate.subject(),
                       e.friendly_name.empty() ? "" : ", \"" + e.friendly_name + "\"");
}

std::string join_or_none(const std::vector<std::string>& v) { return v.empty() ? "none" : join(v, ", "); }

void diff_stores(const ServerState& a, const ServerState& b, std::vector<std::string>& out) {
    for (StoreName name : {StoreName::My, StoreName::Root, StoreName::CA, StoreName::WebHosting}) {
        const CertificateStore* sa = a.find_store(name);
        const CertificateStore* sb = b.find_store(name);
        // Keyed by views of the thumbprints the states hold (this runs after every action of
        // every fix: copies of the keys were most of its cost); the order is the strings' order.
        std::map<std::string_view, const StoreEntry*> ea, eb;
        if (sa) for (auto& e : sa->entries) ea[e.certificate.thumbprint()] = &e;
        if (sb) for (auto& e : sb->entries) eb[e.certificate.thumbprint()] = &e;
        for (auto& [t, e] : eb)
            if (!ea.count(t)) out.push_back(fmt::format("store {}: added {}{}", to_string(name), cert_label(*e),
                                                        e->has_private_key ? " with its private key" : ""));
        for (auto& [t, e] : ea)
            if (!eb.count(t)) out.push_back(fmt::format("store {}: removed {}", to_string(name), cert_label(*e)));
        for (auto& [t, e] : eb) {
            auto it = ea.find(t);
            if (it == ea.end()) continue;
            const StoreEntry& old = *it->second;
            if (old.has_private_key != e->has_private_key)
                out.push_back(fmt::format("store {}: {} {} its private key", to_string(name), t,
                                          e->has_private_key ? "regained" : "lost"));
            if (old.key_provider != e->key_provider)
                out.push_back(fmt::format("store {}: {} key provider now {}", to_string(name), t,
                                          provider_display_name(e->key_provider)));
            if (old.administrators_full_control != e->administrators_full_control ||
                old.administrators_read != e->administrators_read)
                out.push_back(fmt::format("store {}: {} key ACL: Administrators {}", to_string(name), t,
                                          e->administrators_full_control ? "Full Control"
                                          : e->administrators_read       ? "Read"
                                                                         : "without Full Control"));
            if (old.friendly_name != e->friendly_name)
                out.push_back(fmt::format("store {}: {} friendly name now \"{}\"", to_string(name), t, e->friendly_name));
        }
    }
}

void diff_bindings(const ServerState& a, const ServerState& b, std::vector<std::string>& out) {
    for (auto& nb : b.ssl_bindings) {
        const SslBinding* ob = a.find_ssl_binding(nb.ip_port);
        if (!ob) out.push_back(fmt::format("http.sys {}: added, holds {}", nb.ip_port, nb.certificate_hash));
        else if (ob->certificate_hash != nb.certificate_hash || ob->store_name != nb.store_name)
            out.push_back(fmt::format("http.sys {}: {} -> {}", nb.ip_port, ob->certificate_hash, nb.certificate_hash));
    }
    for (auto& ob : a.ssl_bindings)
        if (!b.find_ssl_binding(ob.ip_port)) out.push_back(fmt::format("http.sys {}: deleted", ob.ip_port));
}

void diff_exchange(const ServerState& a, const ServerState& b, std::vector<std::string>& out) {
    const auto& ea = a.exchange;
    const auto& eb = b.exchange;
    // The two maps walked together in key order (the union of their thumbprints, sorted), so
    // nothing is copied: this runs after every action of every fix.
    static const std::vector<std::string> no_services;
    auto ia = ea.services.begin(), ib = eb.services.begin();
    while (ia != ea.services.end() || ib != eb.services.end()) {
        bool take_a = ib == eb.services.end() || (ia != ea.services.end() && ia->first <= ib->first);
        bool take_b = ia == ea.services.end() || (ib != eb.services.end() && ib->first <= ia->first);
        const std::string& t = take_a ? ia->first : ib->first;
        const std::vector<std::string>& sa = take_a ? ia->second : no_services;
        const std::vector<std::string>& sb = take_b ? ib->second : no_services;
        if (take_a) ++ia;
        if (take_b) ++ib;
        if (sa != sb &&  // the same lists are the same sets; only others are compared as sets
            std::set<std::string>(sa.begin(), sa.end()) != std::set<std::string>(sb.begin(), sb.end()))
            out.push_back(fmt::format("Exchange services of {}: {} -> {}", t, join_or_none(sa), join_or_none(sb)));
    }
    auto field = [&](const char* name, const std::string& x, const std::string& y) {
        if (x != y) out.push_back(fmt::format("{}: {} -> {}", name, x.empty() ? "none" : x, y.empty() ? "none" : y));
    };
    field("AuthConfig CurrentCertificateThumbprint", ea.auth.current_thumbprint, eb.auth.current_thumbprint);
    field("AuthConfig NextCertificateThumbprint", ea.auth.next_thumbprint, eb.auth.next_thumbprint);
    field("AuthConfig PreviousCertificateThumbprint", ea.auth.previous_thumbprint, eb.auth.previous_thumbprint);
    field("InternalTransportCertificateThumbprint", ea.internal_transport_thumbprint, eb.internal_transport_thumbprint);
    if (ea.management_usable != eb.management_usable)
        out.push_back(eb.management_usable ? "Exchange management (EMS/EAC) usable again"
                                           : "Exchange management (EMS/EAC) unusable");
}

bool same_entry(const StoreEntry& x, const StoreEntry& y) {
    return x.certificate.thumbprint() == y.certificate.thumbprint() && x.certificate.subject() == y.certificate.subject() &&
           x.has_private_key == y.has_private_key && x.key_provider == y.key_provider &&
           x.administrators_full_control == y.administrators_full_control &&
           x.administrators_read == y.administrators_read && x.friendly_name == y.friendly_name;
}

bool same_stores(const std::vector<CertificateStore>& a, const std::vector<CertificateStore>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].entries.size() != b[i].entries.size()) return false;
        for (size_t j = 0; j < a[i].entries.size(); ++j)
            if (!same_entry(a[i].entries[j], b[i].entries[j])) return false;
    }
    return true;
}

bool same_bindings(const std::vector<SslBinding>& a, const std::vector<SslBinding>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].ip_port != b[i].ip_port || a[i].certificate_hash != b[i].certificate_hash || a[i].store_name != b[i].store_name)
            return false;
        // With an endpoint twice, diff_bindings compares the second with the first: it may
        // report a change between equal states.
        for (size_t j = 0; j < i; ++j)
            if (a[j].ip_port == a[i].ip_port) return false;
    }
    return true;
}

}  // namespace

bool same_for_diff(const ServerState& a, const ServerState& b) {
    const auto& ea = a.exchange;
    const auto& eb = b.exchange;
    return a.clock == b.clock && a.time_sync == b.time_sync && same_stores(a.stores, b.stores) &&
           same_bindings(a.ssl_bindings, b.ssl_bindings) && ea.services == eb.services &&
           ea.auth.current_thumbprint == eb.auth.current_thumbprint && ea.auth.next_thumbprint == eb.auth.next_thumbprint &&
           ea.auth.previous_thumbprint == eb.auth.previous_thumbprint &&
           ea.internal_transport_thumbprint == eb.internal_transport_thumbprint && ea.management_usable == eb.management_usable;
}

std::vector<std::string> describe_changes(const ServerState& a, const ServerState& b) {
    std::vector<std::string> out;
    if (a.clock != b.clock) out.push_back(fmt::format("clock: {} -> {}", format_iso(a.clock), format_iso(b.clock)));
    if (a.time_sync != b.time_sync) out.push_back(b.time_sync ? "time synchronisation on" : "time synchronisation off");
    diff_stores(a, b, out);
    diff_bindings(a, b, out);
    diff_exchange(a, b, out);
    return out;
}

}  // namespace cusim
