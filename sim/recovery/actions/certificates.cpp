// The certificate stores: the certificate snap-in (certlm.msc), Import-PfxCertificate and certutil.
#include "sim/recovery/actions/tool_actions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/recovery/actions/action_support.hpp"
#include "sim/core/input_error.hpp"
#include "sim/x509/cert_file.hpp"

namespace cusim {
namespace {

ActionFn parse_import_pfx(const JsonAt& p, const InputFolder& folder) {
    // "file": a PFX of the input's folder; "data": the PFX's bytes in base64 (a script's byte array).
    p.allow_only({"file", "data", "password", "store", "keyProvider", "exportable", "friendlyName"});
    std::string file = p.has("data") ? std::string("FileData") : folder.resolve(p.at("file"));
    std::string password = p.str_or("password", "");
    auto store = parse_store_name(p.str_or("store", "My"));
    if (!store) p.at("store").fail("unknown store");
    std::string provider = p.str_or("keyProvider", "CAPI");
    if (provider != "CAPI" && provider != "CNG") p.at("keyProvider").fail("keyProvider must be CAPI or CNG");
    bool exportable = p.boolean_or("exportable", true);
    std::string friendly = p.str_or("friendlyName", "");
    Bytes data;
    if (p.has("data")) {
        auto decoded = base64_decode(p.str("data"));
        if (!decoded) p.at("data").fail("not base64");
        data = *decoded;
    } else {
        data = read_file_bytes(file);
    }
    StoreName st = *store;
    return [=](ActionContext& ctx) -> ActionResult {
        Pkcs12Contents pfx;
        try {
            pfx = parse_pkcs12(data, password, file);
        } catch (const InputError& e) {
            if (e.message().find("password") != std::string::npos)
                return failed("Import-PfxCertificate : The specified network password is not correct.");
            return failed("Import-PfxCertificate : " + e.message());
        }
        if (!pfx.certificate) return failed("Import-PfxCertificate : the PFX holds no certificate");
        auto& entries = ctx.state.store(st).entries;
        std::string thumb = pfx.certificate->thumbprint();
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [&](auto& e) { return e.certificate.thumbprint() == thumb; }),
                      entries.end());
        entries.push_back(StoreEntry{*pfx.certificate, pfx.key.has_value(),
                                     provider == "CNG" ? KeyProvider::cng : KeyProvider::capi, exportable,
                                     friendly});
        entries.back().key = pfx.key;
        for (auto& extra : pfx.extra) {
            StoreName chain_store = extra.is_self_signed() ? StoreName::Root : StoreName::CA;
            if (!ctx.state.store(chain_store).find(extra.thumbprint()))
                ctx.state.store(chain_store).entries.push_back(StoreEntry{extra, false, KeyProvider::capi, true, ""});
        }
        return {true, fmt::format("imported {} ({}) into {}", thumb, pfx.certificate->subject(), to_string(st))};
    };
}

ActionFn parse_remove_certificate(const JsonAt& p, const InputFolder&) {
    p.allow_only({"certificate", "store"});
    CertSelector sel = parse_selector(p.at("certificate"));
    auto store = parse_store_name(p.str_or("store", "My"));
    if (!store) p.at("store").fail("unknown store");
    StoreName st = *store;
    return [=](ActionContext& ctx) -> ActionResult {
        const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, {st}, false);
        if (!e) return failed(fmt::format("certlm.msc: the {} store has no {}", to_string(st), sel.describe()));
        std::string thumb = e->certificate.thumbprint();
        auto& entries = ctx.state.store(st).entries;
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [&](auto& x) { return x.certificate.thumbprint() == thumb; }),
                      entries.end());
        return {true, fmt::format("deleted {} from {}", thumb, to_string(st))};
    };
}

ActionFn parse_certutil_repairstore(const JsonAt& p, const InputFolder&) {
    p.allow_only({"certificate"});
    CertSelector sel = parse_selector(p.at("certificate"));
    return [=](ActionContext& ctx) -> ActionResult {
        const StoreEntry* found = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
        if (!found)
            return failed("CertUtil: -repairstore command FAILED: 0x80090011 (-2146893807 NTE_NOT_FOUND)\n"
                          "CertUtil: Object was not found.");
        StoreEntry* e = find_entry(ctx.state, StoreName::My, found->certificate.thumbprint());
        if (!e->has_private_key && !e->key_recoverable)
            return failed("CertUtil: -repairstore command FAILED: 0x80090016 (-2146893802 NTE_BAD_KEYSET)\n"
                          "CertUtil: Keyset does not exist");
        e->has_private_key = true;
        return {true, "CertUtil: -repairstore command completed successfully."};
    };
}

ActionFn parse_grant_key_access(const JsonAt& p, const InputFolder&) {
    p.allow_only({"certificate"});
    CertSelector sel = parse_selector(p.at("certificate"));
    return [=](ActionContext& ctx) -> ActionResult {
        const StoreEntry* found = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
        if (!found) return failed(fmt::format("certlm.msc: the My store has no {}", sel.describe()));
        if (!found->has_private_key) return failed("certlm.msc: No private keys were found for this certificate.");
        StoreEntry* entry = find_entry(ctx.state, StoreName::My, found->certificate.thumbprint());
        entry->administrators_full_control = true;
        entry->administrators_read = false;
        return {true, "Administrators: Full Control"};
    };
}

ActionFn parse_certutil_importpfx(const JsonAt& p, const InputFolder& folder) {
    p.allow_only({"file", "password", "csp"});
    std::string file = folder.resolve(p.at("file"));
    std::string password = p.str_or("password", "");
    std::string csp = p.str_or("csp", provider_display_name(KeyProvider::capi));
    KeyProvider provider;
    if (csp == provider_display_name(KeyProvider::capi)) provider = KeyProvider::capi;
    else if (csp == provider_display_name(KeyProvider::cng)) provider = KeyProvider::cng;
    else p.at("csp").fail("unknown provider '" + csp + "'");
    Bytes data = read_file_bytes(file);
    return [=](ActionContext& ctx) -> ActionResult {
        Pkcs12Contents pfx;
        try {
            pfx = parse_pkcs12(data, password, file);
        } catch (const InputError& e) {
            return failed("CertUtil: -importPFX command FAILED: 0x80070056 (WIN32: 86 ERROR_INVALID_PASSWORD)\n"
                          "CertUtil: The specified network password is not correct.");
        }
        if (!pfx.certificate || !pfx.key) return failed("CertUtil: -importPFX command FAILED: the PFX holds no key");
        std::string thumb = pfx.certificate->thumbprint();
        auto& entries = ctx.state.store(StoreName::My).entries;
        // Re-importing replaces the store entry and its key; the Exchange services stay.
        std::string friendly;
        for (auto& e : entries)
            if (e.certificate.thumbprint() == thumb) friendly = e.friendly_name;
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [&](auto& e) { return e.certificate.thumbprint() == thumb; }),
                      entries.end());
        entries.push_back(StoreEntry{*pfx.certificate, true, provider, true, friendly});
        entries.back().key = pfx.key;
        return {true, fmt::format("Certificate \"{}\" added to store.\nCertUtil: -importPFX command completed "
                                  "successfully.",
                                  pfx.certificate->common_name())};
    };
}

}  // namespace

void add_certificates_actions(std::vector<ActionDef>& c) {
    c.push_back({"import-pfx", "certlm.msc / Import-PfxCertificate",
                 "Import a PFX with its private key into a store", parse_import_pfx});
    c.push_back({"remove-certificate", "certlm.msc",
                 "Delete a certificate from a store (no Exchange guard)", parse_remove_certificate});
    c.push_back({"certutil-repairstore", "certutil",
                 "certutil -repairstore my <thumbprint>: re-attach a private key", parse_certutil_repairstore});
    c.push_back({"grant-key-access", "certlm.msc",
                 "All Tasks > Manage Private Keys: Administrators Full Control", parse_grant_key_access});
    c.push_back({"certutil-importpfx", "certutil",
                 "certutil -csp \"Microsoft RSA SChannel Cryptographic Provider\" -importpfx <file>: the key into a given provider", parse_certutil_importpfx});
}

}  // namespace cusim
