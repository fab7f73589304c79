#include "sim/formats/cert_description.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <set>

#include "sim/core/input_error.hpp"
#include "sim/core/memo.hpp"

namespace cusim {

const std::vector<const char*>& cert_description_members() {
    static const std::vector<const char*> members = {
        "id", "subject", "dnsNames", "issuer", "key", "notBefore", "notAfter", "validityDays",
        "serial", "keyUsage", "enhancedKeyUsage", "basicConstraints", "signatureHash", "comment"};
    return members;
}

CertDescription parse_cert_description(const JsonAt& at, const std::vector<const char*>& extra_members) {
    at.require_object();
    std::vector<const char*> allowed = cert_description_members();
    allowed.insert(allowed.end(), extra_members.begin(), extra_members.end());
    at.allow_only(allowed);
    CertDescription d;
    d.id = at.str("id");
    d.pointer = at.pointer();
    d.spec.subject = at.str("subject");
    d.spec.dns_names = at.strings("dnsNames");
    d.issuer_id = at.str_or("issuer", "self");
    d.key_id = at.str("key");
    d.spec.not_before = parse_iso_time_or_throw(at.str("notBefore"), at.file(), at.at("notBefore").pointer());
    if (auto na = at.find("notAfter")) {
        d.spec.not_after = parse_iso_time_or_throw(na->str(), at.file(), na->pointer());
    } else if (auto days = at.find("validityDays")) {
        // At most .NET's whole DateTime range in days; the end must be a date too (a huge
        // validityDays once wrapped notAfter to 17 hours after notBefore).
        long long n = days->integer_in(0, 3652059);
        auto end = add_to_time(d.spec.not_before, n, seconds_per_day);
        if (!end) days->fail(fmt::format("notBefore {} plus {} days is after 9999-12-31", format_iso(d.spec.not_before), n));
        d.spec.not_after = *end;
    } else {
        at.fail("a certificate description needs notAfter or validityDays");
    }
    d.spec.serial_hex = at.str_or("serial", "01");
    d.spec.key_usage = at.strings("keyUsage");
    d.spec.extended_key_usage = at.strings("enhancedKeyUsage");
    if (auto bc = at.find("basicConstraints")) {
        bc->allow_only({"ca", "pathLength"});
        BasicConstraints b;
        b.is_ca = bc->boolean_or("ca", false);
        if (auto pl = bc->find("pathLength")) b.path_length = long(pl->integer_in(0, INT32_MAX));
        d.spec.basic_constraints = b;
    }
    d.spec.signature_hash = at.str_or("signatureHash", "sha256");
    return d;
}

KeyPool load_key_pool(const std::string& dir) {
    // Parsing eight RSA keys is most of a scenario's load time, and every scenario of a run
    // uses the same pool: read each folder once per process (keys are immutable values).
    // Keyed by the folder as named (scenarios load on several threads; the memo is shared).
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) throw InputError(dir, "key folder does not exist");
    static Memo<KeyPool> pools;
    return pools.get(std::filesystem::absolute(dir).lexically_normal().string(), [&] {
        KeyPool keys;
        for (auto& entry : std::filesystem::directory_iterator(dir)) {
            if (entry.path().extension() != ".pem") continue;
            keys.emplace(entry.path().stem().string(), PrivateKey::load_file(entry.path().string()));
        }
        return keys;
    });
}

std::map<std::string, MadeCertificate> make_described_certificates(
    const std::vector<CertDescription>& descriptions, const KeyPool& keys, const std::string& file,
    const std::map<std::string, MadeCertificate>& known) {
    std::map<std::string, MadeCertificate> made;
    std::map<std::string, const CertDescription*> by_id;
    for (auto& d : descriptions) {
        if (by_id.count(d.id) || known.count(d.id))
            throw InputError(file, d.pointer + "/id", fmt::format("duplicate certificate id '{}'", d.id));
        by_id[d.id] = &d;
    }
    std::set<std::string> in_progress;
    // Depth-first so that an issuer is made before what it issues; a cycle is an input error.
    std::function<const MadeCertificate&(const CertDescription&)> make = [&](const CertDescription& d)
        -> const MadeCertificate& {
        if (auto it = made.find(d.id); it != made.end()) return it->second;
        if (!in_progress.insert(d.id).second)
            throw InputError(file, d.pointer + "/issuer", fmt::format("issuer cycle through '{}'", d.id));
        auto key = keys.find(d.key_id);
        if (key == keys.end())
            throw InputError(file, d.pointer + "/key", fmt::format("unknown key '{}' (not in the key pool)", d.key_id));
        std::optional<std::pair<Certificate, PrivateKey>> issuer;
        if (d.issuer_id != "self") {
            const MadeCertificate* iss = nullptr;
            if (auto k = known.find(d.issuer_id); k != known.end()) iss = &k->second;
            else if (auto b = by_id.find(d.issuer_id); b != by_id.end()) iss = &make(*b->second);
            else
                throw InputError(file, d.pointer + "/issuer", fmt::format("unknown issuer id '{}'", d.issuer_id));
            issuer.emplace(iss->certificate, iss->key);
        }
        try {
            Certificate c = make_certificate(d.spec, key->second, issuer);
            in_progress.erase(d.id);
            return made.emplace(d.id, MadeCertificate{c, key->second}).first->second;
        } catch (const std::invalid_argument& e) {
            throw InputError(file, d.pointer, e.what());
        }
    };
    for (auto& d : descriptions) make(d);
    return made;
}

}  // namespace cusim
