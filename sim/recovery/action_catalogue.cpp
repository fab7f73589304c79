#include "sim/recovery/action_catalogue.hpp"

#include <fmt/format.h>

#include "sim/core/text.hpp"

#include <algorithm>

#include "sim/x509/cert_file.hpp"
#include "sim/setup/certificate_tasks.hpp"
#include "sim/setup/setup_run.hpp"

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

// ------------------------------------------------------------ choosing a certificate

// How a fix names a certificate, as an admin would pick it in a dialog or type it.
struct CertSelector {
    std::string kind;  // thumbprint, id, friendlyName, subject, newestValidFor
    std::string value;

    std::string describe() const {
        if (kind == "newestValidFor") return "the newest valid certificate for " + value;
        return kind + " '" + value + "'";
    }
};

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

// The entries of `stores` the selector picks; several matches by name: the one that
// expires last, as an admin choosing in a list would.
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

ActionResult failed(std::string message) { return {false, std::move(message)}; }

const std::vector<StoreName> iis_stores = {StoreName::My, StoreName::WebHosting};

// ------------------------------------------------------------ Exchange cmdlets

// After a failed CU the Exchange binaries are gone: EMS does not load and the cmdlets are
// unknown to PowerShell (facts.md 1b: "We have no access to the EMS at this point").
std::optional<ActionResult> require_management(const ServerState& state, const std::string& cmdlet) {
    if (state.exchange.management_usable) return std::nullopt;
    return failed(fmt::format("{} : The term '{}' is not recognized as the name of a cmdlet, function, script file, or "
                              "operable program. Check the spelling of the name, or if a path was included, verify "
                              "that the path is correct and try again.",
                              cmdlet, cmdlet));
}

std::string rpc_error(const ServerState& state, const std::string& message) {
    return fmt::format("A special Rpc error occurs on server {}: {}", state.exchange.server_name, message);
}

// Enable-ExchangeCertificate -Services IIS rebinds the https bindings of Default Web Site
// (INFERRED: both of them; R9: this is how a renewal steals DWS 443).
void bind_default_web_site(ServerState& state, const std::string& thumbprint) {
    const IisSite* dws = state.find_site("Default Web Site");
    if (!dws) return;
    for (auto& b : dws->bindings) {
        if (b.protocol != "https") continue;
        std::string endpoint = http_sys_endpoint(b);
        SslBinding* sb = state.find_ssl_binding(endpoint);
        if (sb) {
            sb->certificate_hash = thumbprint;
            sb->store_name = "MY";
        } else {
            state.ssl_bindings.push_back(SslBinding{endpoint, thumbprint});
        }
    }
}

ActionResult enable_services(ServerState& state, const StoreEntry& e, const std::vector<std::string>& services) {
    if (!e.has_private_key)
        return failed(rpc_error(state, fmt::format("The certificate with thumbprint {} was found but is not valid for use "
                                                   "with Exchange Server (reason: PrivateKeyMissing).",
                                                   e.certificate.thumbprint())));
    std::string thumb = e.certificate.thumbprint();
    for (auto& s : services) {
        state.enable_service(thumb, s);
        if (s == "IIS") bind_default_web_site(state, thumb);
        // Only one certificate is IIS's: the others lose it.
        if (s == "IIS")
            for (auto& [t, list] : state.exchange.services)
                if (t != thumb) list.erase(std::remove(list.begin(), list.end(), "IIS"), list.end());
    }
    return {};
}

std::vector<std::string> parse_services(const JsonAt& params) {
    std::vector<std::string> out;
    if (auto s = params.find("services"))
        for (auto& item : s->items()) {
            std::string v = item.str();
            if (v != "IIS" && v != "SMTP" && v != "IMAP" && v != "POP" && v != "UM" && v != "Federation")
                item.fail(fmt::format("unknown Exchange service '{}'", v));
            out.push_back(v);
        }
    return out;
}

// ------------------------------------------------------------ the catalogue

std::vector<ActionDef> make_catalogue() {
    std::vector<ActionDef> c;

    c.push_back({"iis-edit-binding", "IIS Manager",
                 "Sites > <site> > Bindings > edit an https binding > SSL certificate",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"site", "binding", "certificate"});
                     std::string site = p.str("site"), binding = p.str("binding");
                     CertSelector sel = parse_selector(p.at("certificate"));
                     return [=](ActionContext& ctx) -> ActionResult {
                         const IisSite* s = ctx.state.find_site(site);
                         const IisBinding* b = nullptr;
                         if (s)
                             for (auto& x : s->bindings)
                                 if (x.protocol == "https" && x.binding_information == binding) b = &x;
                         if (!b) return failed(fmt::format("IIS Manager: site '{}' has no https binding '{}'", site, binding));
                         // The dialog lists certificates of My and Web Hosting that have a private key.
                         const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, iis_stores, true);
                         if (!e)
                             return failed(fmt::format("IIS Manager: the SSL certificate list of the binding has no {}",
                                                       sel.describe()));
                         std::string endpoint = http_sys_endpoint(*b);
                         std::string store = ctx.state.find_store(StoreName::My) &&
                                                     ctx.state.find_store(StoreName::My)->find(e->certificate.thumbprint())
                                                 ? "MY"
                                                 : "WebHosting";
                         std::string thumb = e->certificate.thumbprint();
                         if (SslBinding* sb = ctx.state.find_ssl_binding(endpoint)) {
                             sb->certificate_hash = thumb;
                             sb->store_name = store;
                         } else {
                             ctx.state.ssl_bindings.push_back(SslBinding{endpoint, thumb, store});
                         }
                         return {true, fmt::format("{} {} {} -> {} ({})", site, b->protocol, binding, thumb,
                                                   e->friendly_name.empty() ? e->certificate.subject() : e->friendly_name)};
                     };
                 }});

    c.push_back({"iis-create-self-signed", "IIS Manager",
                 "Server Certificates > Create Self-Signed Certificate (CN=<host>, 1 year, no SANs)",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"friendlyName", "store"});
                     std::string friendly = p.str("friendlyName");
                     std::string store_text = p.str_or("store", "Personal");
                     auto store = parse_store_name(store_text);
                     if (!store || (*store != StoreName::My && *store != StoreName::WebHosting))
                         p.at("store").fail("IIS offers the stores Personal and Web Hosting");
                     StoreName st = *store;
                     return [=](ActionContext& ctx) -> ActionResult {
                         // INFERRED (facts.md 3b): CN=<host name>, 1 year, RSA 2048, SHA-256, no SAN.
                         CertSpec spec;
                         spec.subject = "CN=" + ctx.state.exchange.server_name;
                         spec.not_before = ctx.state.clock;
                         spec.not_after = ctx.state.clock + std::chrono::days{365};
                         spec.serial_hex = ctx.state.next_serial(1);
                         spec.key_usage = {"Key Encipherment", "Data Encipherment"};
                         spec.extended_key_usage = {"Server Authentication"};
                         Certificate cert = ctx.state.add_new_certificate(st, spec, KeyProvider::capi, friendly).certificate;
                         return {true, fmt::format("created {} ({}, valid until {}) in {}", cert.thumbprint(), cert.subject(),
                                                   format_windows(cert.not_after()), to_string(st))};
                     };
                 }});

    c.push_back({"import-pfx", "certlm.msc / Import-PfxCertificate",
                 "Import a PFX with its private key into a store",
                 [](const JsonAt& p, const InputFolder& folder) -> ActionFn {
                     p.allow_only({"file", "password", "store", "keyProvider", "exportable", "friendlyName"});
                     std::string file = folder.resolve(p.at("file"));
                     std::string password = p.str_or("password", "");
                     auto store = parse_store_name(p.str_or("store", "My"));
                     if (!store) p.at("store").fail("unknown store");
                     std::string provider = p.str_or("keyProvider", "CAPI");
                     if (provider != "CAPI" && provider != "CNG") p.at("keyProvider").fail("keyProvider must be CAPI or CNG");
                     bool exportable = p.boolean_or("exportable", true);
                     std::string friendly = p.str_or("friendlyName", "");
                     Bytes data = read_file_bytes(file);
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
                 }});

    c.push_back({"remove-certificate", "certlm.msc", "Delete a certificate from a store (no Exchange guard)",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
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
                 }});

    // netsh http: texts of the real tool (success lines and Win32 errors 2, 183, 1312).
    auto netsh = [](const std::string& verb) {
        return [verb](const JsonAt& p, const InputFolder&) -> ActionFn {
            if (verb == "delete") p.allow_only({"ipport"});
            else p.allow_only({"ipport", "certificate", "appid", "certstorename"});
            std::string ipport = p.str("ipport");
            std::optional<CertSelector> sel;
            if (verb != "delete") sel = parse_selector(p.at("certificate"));
            std::string appid = p.str_or("appid", "{4dc3e181-e14b-4a21-b022-59fc669b0914}");
            std::string store_name = p.str_or("certstorename", "MY");
            return [=](ActionContext& ctx) -> ActionResult {
                SslBinding* existing = ctx.state.find_ssl_binding(ipport);
                if (verb == "delete") {
                    if (!existing) return failed("SSL Certificate deletion failed, Error: 2\nThe system cannot find the file specified.");
                    auto& v = ctx.state.ssl_bindings;
                    v.erase(std::remove_if(v.begin(), v.end(), [&](auto& b) { return b.ip_port == ipport; }), v.end());
                    return {true, "SSL Certificate successfully deleted"};
                }
                std::string Verb = verb == "add" ? "add" : "update";
                if (verb == "add" && existing)
                    return failed("SSL Certificate add failed, Error: 183\nCannot create a file when that file already exists.");
                if (verb == "update" && !existing)
                    return failed("SSL Certificate update failed, Error: 2\nThe system cannot find the file specified.");
                auto st = parse_store_name(store_name);
                const StoreEntry* e =
                    st ? select_certificate(*sel, ctx.state, ctx.scenario, {*st}, true) : nullptr;
                // http.sys needs the certificate, with its key, in the named store (Error 1312).
                if (!e)
                    return failed(fmt::format("SSL Certificate {} failed, Error: 1312\nA specified logon session does not "
                                              "exist. It may already have been terminated.",
                                              Verb));
                if (existing) {
                    existing->certificate_hash = e->certificate.thumbprint();
                    existing->store_name = store_name;
                    existing->application_id = appid;
                } else {
                    ctx.state.ssl_bindings.push_back(SslBinding{ipport, e->certificate.thumbprint(), store_name, appid});
                }
                return {true, verb == "add" ? "SSL Certificate successfully added" : "SSL Certificate successfully updated"};
            };
        };
    };
    c.push_back({"netsh-delete-sslcert", "netsh http", "netsh http delete sslcert ipport=<ip:port>", netsh("delete")});
    c.push_back({"netsh-add-sslcert", "netsh http", "netsh http add sslcert ipport=<ip:port> certhash=<hash> appid={...}", netsh("add")});
    c.push_back({"netsh-update-sslcert", "netsh http", "netsh http update sslcert ipport=<ip:port> certhash=<hash> appid={...}", netsh("update")});

    c.push_back({"new-exchange-certificate", "Exchange Management Shell",
                 "New-ExchangeCertificate (self-signed, 5 years) [-Services ...]",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"subjectName", "domainNames", "friendlyName", "services", "overwriteDefaultSmtp", "lifetimeDays"});
                     std::string subject = p.str_or("subjectName", "");
                     auto domains = p.strings("domainNames");
                     std::string friendly = p.str_or("friendlyName", "Microsoft Exchange");
                     auto services = parse_services(p);
                     bool overwrite = p.boolean_or("overwriteDefaultSmtp", false);
                     long long days = p.has("lifetimeDays") ? p.at("lifetimeDays").integer() : 365 * 5 + 1;
                     return [=](ActionContext& ctx) -> ActionResult {
                         if (auto r = require_management(ctx.state, "New-ExchangeCertificate")) return *r;
                         CertSpec spec;
                         spec.subject = subject.empty() ? "CN=" + ctx.state.exchange.server_name : subject;
                         spec.dns_names = domains;
                         spec.not_before = ctx.state.clock;
                         spec.not_after = ctx.state.clock + std::chrono::days{days};
                         spec.serial_hex = ctx.state.next_serial(0x100);
                         spec.key_usage = {"Digital Signature", "Key Encipherment"};
                         spec.extended_key_usage = {"Server Authentication"};
                         Certificate cert =
                             ctx.state.add_new_certificate(StoreName::My, spec, KeyProvider::capi, friendly).certificate;
                         std::string out = fmt::format("Thumbprint {} Services {} Subject {}", cert.thumbprint(),
                                                       services.empty() ? "None" : fmt::format("{}", fmt::join(services, ", ")),
                                                       cert.subject());
                         // Case 6: "Overwrite the existing default SMTP certificate?" (answered by overwriteDefaultSmtp).
                         std::vector<std::string> enable = services;
                         if (std::find(services.begin(), services.end(), "SMTP") != services.end()) {
                             if (overwrite) ctx.state.exchange.internal_transport_thumbprint = cert.thumbprint();
                             out += overwrite ? "\n(answered Yes: it is now the default SMTP certificate)"
                                              : "\n(answered No to \"Overwrite the existing default SMTP certificate?\")";
                         }
                         auto r = enable_services(ctx.state, *ctx.state.store(StoreName::My).find(cert.thumbprint()), enable);
                         if (!r.ok) return r;
                         return {true, out};
                     };
                 }});

    c.push_back({"enable-exchange-certificate", "Exchange Management Shell",
                 "Enable-ExchangeCertificate -Thumbprint <t> -Services <...> (IIS rebinds Default Web Site)",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"certificate", "services"});
                     CertSelector sel = parse_selector(p.at("certificate"));
                     auto services = parse_services(p);
                     if (services.empty()) p.fail("needs services");
                     return [=](ActionContext& ctx) -> ActionResult {
                         if (auto r = require_management(ctx.state, "Enable-ExchangeCertificate")) return *r;
                         const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
                         if (!e) return failed(rpc_error(ctx.state, fmt::format("The certificate with {} was not found.", sel.describe())));
                         auto r = enable_services(ctx.state, *e, services);
                         if (!r.ok) return r;
                         return {true, fmt::format("{} enabled for {}", e->certificate.thumbprint(), fmt::join(services, ", "))};
                     };
                 }});

    c.push_back({"remove-exchange-certificate", "Exchange Management Shell",
                 "Remove-ExchangeCertificate -Thumbprint <t> (refuses the internal transport certificate)",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"certificate"});
                     CertSelector sel = parse_selector(p.at("certificate"));
                     return [=](ActionContext& ctx) -> ActionResult {
                         if (auto r = require_management(ctx.state, "Remove-ExchangeCertificate")) return *r;
                         const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
                         if (!e) return failed(rpc_error(ctx.state, fmt::format("The certificate with {} was not found.", sel.describe())));
                         std::string thumb = e->certificate.thumbprint();
                         // Case 27 (Practical365), exact.
                         if (thumb == ctx.state.exchange.internal_transport_thumbprint)
                             return failed(rpc_error(ctx.state, "The internal transport certificate cannot be removed because "
                                                                "that would cause the Microsoft Exchange Transport service to stop."));
                         auto& entries = ctx.state.store(StoreName::My).entries;
                         entries.erase(std::remove_if(entries.begin(), entries.end(),
                                                      [&](auto& x) { return x.certificate.thumbprint() == thumb; }),
                                       entries.end());
                         ctx.state.exchange.services.erase(thumb);
                         return {true, fmt::format("removed {}", thumb)};
                     };
                 }});

    c.push_back({"set-authconfig", "Exchange Management Shell",
                 "Set-AuthConfig -NewCertificateThumbprint/-NewCertificateEffectiveDate/-PublishCertificate/-ClearPreviousCertificate",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"newCertificate", "newCertificateEffectiveDate", "publishCertificate", "clearPreviousCertificate"});
                     std::optional<CertSelector> sel;
                     if (p.has("newCertificate")) sel = parse_selector(p.at("newCertificate"));
                     std::optional<SimTime> effective;
                     bool effective_now = false;
                     if (auto d = p.find("newCertificateEffectiveDate")) {
                         if (d->str() == "now") effective_now = true;
                         else effective = parse_iso_time_or_throw(d->str(), d->file(), d->pointer());
                     }
                     bool publish = p.boolean_or("publishCertificate", false);
                     bool clear = p.boolean_or("clearPreviousCertificate", false);
                     return [=](ActionContext& ctx) -> ActionResult {
                         if (auto r = require_management(ctx.state, "Set-AuthConfig")) return *r;
                         auto& auth = ctx.state.exchange.auth;
                         std::vector<std::string> done;
                         if (sel) {
                             const StoreEntry* e = select_certificate(*sel, ctx.state, ctx.scenario, {StoreName::My}, true);
                             if (!e) return failed(fmt::format("Set-AuthConfig : The certificate with {} was not found.", sel->describe()));
                             auth.next_thumbprint = e->certificate.thumbprint();
                             auth.next_effective_date = effective_now ? ctx.state.clock : effective.value_or(ctx.state.clock);
                             done.push_back("next certificate " + auth.next_thumbprint);
                         }
                         if (publish) {
                             // The next certificate becomes current once its effective date has come.
                             if (!auth.next_thumbprint.empty() && auth.next_effective_date && *auth.next_effective_date <= ctx.state.clock) {
                                 auth.previous_thumbprint = auth.current_thumbprint;
                                 auth.current_thumbprint = auth.next_thumbprint;
                                 auth.next_thumbprint.clear();
                                 auth.next_effective_date.reset();
                             }
                             done.push_back("published");
                         }
                         if (clear) {
                             auth.previous_thumbprint.clear();
                             done.push_back("previous certificate cleared");
                         }
                         return {true, fmt::format("AuthConfig: {}", fmt::join(done, "; "))};
                     };
                 }});

    c.push_back({"certutil-repairstore", "certutil", "certutil -repairstore my <thumbprint>: re-attach a private key",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
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
                 }});

    c.push_back({"grant-key-access", "certlm.msc", "All Tasks > Manage Private Keys: Administrators Full Control",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"certificate"});
                     CertSelector sel = parse_selector(p.at("certificate"));
                     return [=](ActionContext& ctx) -> ActionResult {
                         const StoreEntry* found = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
                         if (!found) return failed(fmt::format("certlm.msc: the My store has no {}", sel.describe()));
                         if (!found->has_private_key) return failed("certlm.msc: No private keys were found for this certificate.");
                         find_entry(ctx.state, StoreName::My, found->certificate.thumbprint())->administrators_full_control = true;
                         return {true, "Administrators: Full Control"};
                     };
                 }});

    c.push_back({"reboot", "Windows", "Restart the server",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({});
                     return [](ActionContext& ctx) -> ActionResult {
                         ctx.state.clock += std::chrono::minutes{6};
                         // Services that start at boot load the Auth certificate anew; disabled ones stay down.
                         if (!ctx.state.setup.upgrade_in_progress)
                             ctx.state.exchange.auth_loaded_thumbprint = ctx.state.exchange.auth.current_thumbprint;
                         return {true, "restarted"};
                     };
                 }});

    c.push_back({"advance-clock", "simulation", "Let time pass (days, hours, minutes)",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"days", "hours", "minutes"});
                     auto get = [&](const char* k) { return p.has(k) ? p.at(k).integer() : 0; };
                     auto amount = std::chrono::days{get("days")} + std::chrono::hours{get("hours")} + std::chrono::minutes{get("minutes")};
                     return [=](ActionContext& ctx) -> ActionResult {
                         ctx.state.clock += amount;
                         return {true, "clock now " + format_iso(ctx.state.clock)};
                     };
                 }});

    c.push_back({"set-clock", "Set-Date / Date and Time",
                 "Set the system clock; undone at once while time synchronisation is on (case 3)",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"to"});
                     SimTime to = parse_iso_time_or_throw(p.str("to"), p.file(), p.at("to").pointer());
                     return [=](ActionContext& ctx) -> ActionResult {
                         if (ctx.state.time_sync)
                             return {true, fmt::format("clock set to {}, and set back to {} by time synchronisation",
                                                       format_iso(to), format_iso(ctx.state.clock))};
                         ctx.state.clock_skew += to - ctx.state.clock;
                         ctx.state.clock = to;
                         return {true, "clock now " + format_iso(to)};
                     };
                 }});

    for (bool on : {false, true})
        c.push_back({on ? "enable-time-sync" : "disable-time-sync", "Windows Time / hypervisor",
                     on ? "Turn time synchronisation back on (the clock returns to the real time)"
                        : "Stop Windows Time and the hypervisor's time sync",
                     [on](const JsonAt& p, const InputFolder&) -> ActionFn {
                         p.allow_only({});
                         return [on](ActionContext& ctx) -> ActionResult {
                             ctx.state.time_sync = on;
                             if (!on) return {true, "time synchronisation off"};
                             ctx.state.clock -= ctx.state.clock_skew;
                             ctx.state.clock_skew = std::chrono::seconds{0};
                             return {true, "time synchronisation on; clock now " + format_iso(ctx.state.clock)};
                         };
                     }});

    c.push_back({"restore-from-backup", "backup", "Restore the server to its state before the CU (case 2)",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({});
                     return [](ActionContext& ctx) -> ActionResult {
                         SimTime now = ctx.state.clock;
                         size_t used = ctx.state.spare_keys_used;
                         ctx.state = ctx.scenario.state;
                         ctx.state.clock = now;  // a restore does not turn back time
                         ctx.state.spare_keys_used = used;
                         return {true, "restored the pre-CU backup"};
                     };
                 }});

    c.push_back({"run-setup", "setup.exe", "setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({});
                     return [](ActionContext& ctx) -> ActionResult {
                         SetupResult r = run_setup(ctx.state);
                         ctx.state = r.state;
                         if (!r.completed)
                             return {false, fmt::format("setup failed at {}: {}", r.error->step, r.error->exception.message),
                                     r.error->step, r.error->exception.first_line(), r.log};
                         return {true, texts::setup_completed(), "", "", r.log};
                     };
                 }});

    // Restarting reloads the Auth certificate into OWA/ECP and MSExchangeServiceHost
    // (KB2617816's last steps); after a failed CU the services are disabled and do not start.
    auto restart = [](const std::string& what) {
        return [what](const JsonAt& p, const InputFolder&) -> ActionFn {
            if (what == "service") p.allow_only({"name"});
            else p.allow_only({});
            std::string name = what == "service" ? p.str("name") : what;
            return [name, what](ActionContext& ctx) -> ActionResult {
                bool exchange_service = name.rfind("MSExchange", 0) == 0 || name == "services";
                if (ctx.state.setup.upgrade_in_progress && exchange_service) {
                    std::string svc = name == "services" ? "MSExchangeServiceHost" : name;
                    return failed(fmt::format("Start-Service : Service '{0}' cannot be started due to the following error: "
                                              "Cannot start service {0} on computer '.'.",
                                              svc));
                }
                ctx.state.exchange.auth_loaded_thumbprint = ctx.state.exchange.auth.current_thumbprint;
                if (what == "iisreset")
                    return {true, "Attempting stop...\nInternet services successfully stopped\nAttempting start...\n"
                                  "Internet services successfully restarted"};
                return {true, fmt::format("restarted {}", name)};
            };
        };
    };
    c.push_back({"iisreset", "iisreset", "iisreset: restart IIS (recycles the OWA/ECP app pools)", restart("iisreset")});
    c.push_back({"restart-services", "Services", "Restart the Exchange services", restart("services")});
    c.push_back({"restart-service", "Restart-Service", "Restart-Service <name>, e.g. MSExchangeServiceHost", restart("service")});

    c.push_back({"certutil-importpfx", "certutil",
                 "certutil -csp \"Microsoft RSA SChannel Cryptographic Provider\" -importpfx <file>: the key into a given provider",
                 [](const JsonAt& p, const InputFolder& folder) -> ActionFn {
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
                 }});

    c.push_back({"set-receive-connector", "Exchange Management Shell",
                 "Set-ReceiveConnector <name> -TlsCertificateName \"<I>issuer<S>subject\" of a certificate",
                 [](const JsonAt& p, const InputFolder&) -> ActionFn {
                     p.allow_only({"connector", "tlsCertificate"});
                     std::string connector = p.str("connector");
                     CertSelector sel = parse_selector(p.at("tlsCertificate"));
                     return [=](ActionContext& ctx) -> ActionResult {
                         if (auto r = require_management(ctx.state, "Set-ReceiveConnector")) return *r;
                         ReceiveConnector* rc = nullptr;
                         for (auto& x : ctx.state.exchange.receive_connectors)
                             if (iequals(x.name, connector)) rc = &x;
                         if (!rc)
                             return failed(fmt::format("The operation couldn't be performed because object '{}' couldn't be "
                                                       "found on '{}'.",
                                                       connector, ctx.state.exchange.domain_controller));
                         const StoreEntry* e = select_certificate(sel, ctx.state, ctx.scenario, {StoreName::My}, false);
                         if (!e) return failed(fmt::format("Set-ReceiveConnector : no {} in the My store", sel.describe()));
                         rc->tls_certificate_name = "<I>" + e->certificate.issuer() + "<S>" + e->certificate.subject();
                         return {true, fmt::format("{} -TlsCertificateName {}", rc->name, rc->tls_certificate_name)};
                     };
                 }});

    return c;
}

}  // namespace

const std::vector<ActionDef>& action_catalogue() {
    static const std::vector<ActionDef> catalogue = make_catalogue();
    return catalogue;
}

ActionResult run_action(const std::string& name, const Json& params, ActionContext& ctx, const InputFolder& folder) {
    const ActionDef* def = find_action(name);
    if (!def) return failed("no action " + name);
    try {
        return def->parse(JsonAt(params, "runbook", ""), folder)(ctx);
    } catch (const InputError& e) {
        return failed(e.message());
    }
}

std::optional<ActionResult> exchange_cmdlet_unavailable(const ServerState& state, const std::string& cmdlet) {
    return require_management(state, cmdlet);
}

const ActionDef* find_action(const std::string& name) {
    for (auto& a : action_catalogue())
        if (a.name == name) return &a;
    return nullptr;
}

}  // namespace cusim
