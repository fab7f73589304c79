#include "sim/recovery/actions/action_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "sim/core/text.hpp"

namespace cusim {
namespace {

bool name_matches(const std::string& pattern, const std::string& name) {
    if (iequals(pattern, name)) return true;
    if (pattern.rfind("*.", 0) == 0) {
        auto dot = name.find('.');
        return dot != std::string::npos && iequals(pattern.substr(1), name.substr(dot));
    }
    return false;
}

}  // namespace

CertSelector parse_selector(const JsonAt& at) {
    if (at.value().is_string()) return {"id", at.str()};
    at.require_object();
    at.allow_only({"thumbprint", "id", "friendlyName", "subject", "newestValidFor"});
    auto members = at.members();
    if (members.size() != 1) at.fail("name the certificate one way: thumbprint, id, friendlyName, subject or newestValidFor");
    CertSelector s{members[0].first, members[0].second.str()};
    if (s.kind == "thumbprint") {
        s.value = upper_hex(s.value);
        if (s.value.size() != 40) members[0].second.fail("not a 40-digit thumbprint");
    }
    return s;
}

const StoreEntry* select_certificate(const CertSelector& sel, const ServerState& state, const Scenario& scenario,
                                     const std::vector<StoreName>& stores, bool need_key) {
    std::string thumb;
    if (sel.kind == "thumbprint") thumb = sel.value;
    if (sel.kind == "id") {
        auto it = scenario.certificate_ids.find(sel.value);
        thumb = it == scenario.certificate_ids.end() ? "(no certificate '" + sel.value + "')" : it->second;
    }
    const StoreEntry* best = nullptr;
    for (StoreName n : stores) {
        const CertificateStore* s = state.find_store(n);
        if (!s) continue;
        for (auto& e : s->entries) {
            if (need_key && !e.has_private_key) continue;
            const Certificate& c = e.certificate;
            bool match = false;
            if (!thumb.empty()) match = c.thumbprint() == thumb;
            else if (sel.kind == "friendlyName") match = e.friendly_name == sel.value;
            else if (sel.kind == "subject") match = iequals(c.subject(), sel.value) || iequals(c.common_name(), sel.value);
            else if (sel.kind == "newestValidFor") {
                auto names = c.dns_names();
                names.push_back(c.common_name());
                match = c.is_valid_at(state.clock) &&
                        std::any_of(names.begin(), names.end(), [&](auto& n) { return name_matches(n, sel.value); });
            }
            if (!match) continue;
            bool better = !best || (sel.kind == "newestValidFor" ? c.not_before() > best->certificate.not_before()
                                                                 : c.not_after() > best->certificate.not_after());
            if (better) best = &e;
        }
    }
    return best;
}

StoreEntry* find_entry(ServerState& state, StoreName store, const std::string& thumbprint) {
    return state.store(store).find(thumbprint);
}


std::string CertSelector::describe() const {
    if (kind == "newestValidFor") return "the newest valid certificate for " + value;
    return kind + " '" + value + "'";
}

ActionResult failed(std::string message) { return {false, std::move(message)}; }

NewCertificate add_typed_certificate(ServerState& state, StoreName store, const CertSpec& spec, KeyProvider provider,
                                     const std::string& friendly_name, const std::string& tool) {
    try {
        return {&state.add_new_certificate(store, spec, provider, friendly_name), {}};
    } catch (const std::invalid_argument& e) {
        return {nullptr, failed(fmt::format("{} : the certificate cannot be made: {}", tool, e.what()))};
    }
}

}  // namespace cusim
