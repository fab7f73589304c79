#include "sim/formats/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "sim/formats/cert_description.hpp"
#include "sim/core/input_error.hpp"
#include "sim/core/safe_name.hpp"
#include "sim/formats/input_paths.hpp"

namespace cusim {
namespace fs = std::filesystem;

namespace {

class ScenarioLoader {
public:
    explicit ScenarioLoader(const std::string& path) : path_(path), folder_(path) {}

    Scenario load() { return load(load_json_file(path_)); }

    Scenario load(const Json& document) {
        Scenario s;
        s.path = path_;
        JsonAt root(document, path_, "");
        root.allow_only({"$schema", "id", "title", "source", "description", "notes", "provenance", "clock", "server", "certificates",
                         "iis", "httpSys", "exchange", "trigger", "expect", "fixes"});
        s.notes = root.str_or("notes", "");
        s.id = root.str("id");
        // The id names a folder (`cusim simulate` logs to cusim-logs/<id>), so it must be one safe name.
        if (std::string why = unsafe_name_reason(s.id); !why.empty())
            root.at("id").fail(fmt::format("'{}' is not a scenario id ({}): an id is {}", quoted_name(s.id), why,
                                           safe_name_rule));
        s.title = root.str("title");
        s.source = root.str("source");
        s.description = root.str_or("description", "");
        s.state.clock = parse_clock_or_throw(root.str("clock"), path_, root.at("clock").pointer());
        s.state.stores = empty_stores();
        read_server(root.at("server"), s.state.exchange);
        read_certificates(root.at("certificates"), s);
        s.state.sites = root.has("iis") ? read_sites(root.at("iis")) : default_exchange_sites();
        if (auto h = root.find("httpSys")) read_http_sys(*h, s);
        if (auto e = root.find("exchange")) read_exchange(*e, s);
        s.state.exchange.auth_loaded_thumbprint = s.state.exchange.auth.current_thumbprint;
        if (auto t = root.find("trigger")) {
            read_trigger(*t, s);
            // "trigger" is a word ("cu", "none") or an object that may list the renewal's actions.
            if (t->value().is_object() && t->value().contains("actions")) s.trigger_actions = t->value()["actions"];
        }
        if (auto e = root.find("expect")) read_expectations(*e, s.expectations);
        for (auto& id : root.strings("fixes")) s.fix_ids.push_back(id);
        for (auto& fe : s.expectations.fixes)
            if (std::find(s.fix_ids.begin(), s.fix_ids.end(), fe.fix_id) == s.fix_ids.end()) s.fix_ids.push_back(fe.fix_id);
        if (!folder_.fixtures_root().empty() && fs::is_directory(folder_.fixtures_root() / "keys"))
            for (auto& [name, key] : key_pool(root)) s.state.spare_keys.push_back(key);
        return s;
    }

private:
    void read_server(const JsonAt& at, ExchangeConfig& ex) {
        at.allow_only({"name", "fqdn", "domainController", "loggedOnUser", "version", "installedBuild", "targetBuild",
                       "targetName"});
        ex.server_name = at.str("name");
        ex.fqdn = at.str("fqdn");
        ex.domain_controller = at.str_or("domainController", ex.domain_controller);
        ex.logged_on_user = at.str_or("loggedOnUser", ex.logged_on_user);
        std::string version = at.str_or("version", "2019");
        if (version == "2019") ex.version = ExchangeVersion::exchange2019;
        else if (version == "2016") ex.version = ExchangeVersion::exchange2016;
        else if (version == "SE") ex.version = ExchangeVersion::exchange_se;
        else at.at("version").fail("version must be \"2016\", \"2019\" or \"SE\"");
        // A file that names no build: 2019 CU13 to CU14 as ever; 2016 CU22 to CU23, its last CU; SE RTM, and for
        // SE the installed build's setup run again (no SE CU after RTM is in CSS-Exchange's build table, only
        // SUs). Builds from CSS-Exchange Shared/Get-ExchangeBuildVersionInformation.ps1.
        if (ex.version == ExchangeVersion::exchange2016) {
            ex.installed_build = "15.1.2375.7";
            ex.target_build = "15.1.2507.6";
            ex.target_name = "Cumulative Update 23";
        } else if (ex.version == ExchangeVersion::exchange_se) {
            ex.installed_build = ex.target_build = "15.2.2562.17";
            ex.target_name = "RTM";
        }
        ex.installed_build = at.str_or("installedBuild", ex.installed_build);
        if (ex.version == ExchangeVersion::exchange_se) ex.target_build = ex.installed_build;
        ex.target_build = at.str_or("targetBuild", ex.target_build);
        ex.target_name = at.str_or("targetName", ex.target_name);
        // The build says the product (15.2 from build 2562 on is SE): a file whose version and build disagree
        // would run the wrong setup.
        if (auto built = version_of_build(ex.installed_build); built && *built != ex.version)
            at.at("installedBuild").fail(fmt::format("{} is an Exchange {} build, but version is \"{}\"", ex.installed_build,
                                                     version_name(*built), version));
        if (std::string why = in_place_upgrade_refusal(ex); !why.empty())
            at.at(at.has("targetBuild") ? "targetBuild" : "version").fail(fmt::format("targetBuild {}: {}", ex.target_build, why));
    }

    const KeyPool& key_pool(const JsonAt& at) {
        if (!keys_) {
            if (folder_.fixtures_root().empty())
                at.fail("described certificates need the key pool, fixtures/keys in cusim's data folder (" +
                        why_no_fixtures_root() + "; see --data-dir and --fixtures)");
            keys_ = load_key_pool((folder_.fixtures_root() / "keys").string());
        }
        return *keys_;
    }

    void read_certificates(const JsonAt& list, Scenario& s) {
        static const std::vector<const char*> entry_members = {
            "file", "keyFile", "stores", "friendlyName", "privateKey", "keyProvider", "exportable", "archived",
            "administratorsFullControl", "administratorsKeyAccess", "services"};
        std::vector<CertDescription> described;
        std::vector<JsonAt> described_at;
        std::map<std::string, MadeCertificate> from_files;
        std::vector<std::pair<std::string, JsonAt>> order;  // id and its entry, in file order
        std::map<std::string, bool> has_key;
        for (auto& item : list.items()) {
            item.require_object();
            std::string id = item.str("id");
            if (s.certificate_ids.count(id) || from_files.count(id) ||
                std::any_of(described.begin(), described.end(), [&](auto& d) { return d.id == id; }))
                item.at("id").fail(fmt::format("duplicate certificate id '{}'", id));
            if (item.has("der")) {
                // A certificate as an export holds it (cusim import): its key is on the server.
                std::vector<const char*> allowed = entry_members;
                allowed.push_back("id");
                allowed.push_back("comment");
                allowed.push_back("der");
                item.allow_only(allowed);
                if (item.has("file")) item.at("file").fail("a certificate is given by der or by file, not both");
                if (item.has("keyFile")) item.at("keyFile").fail("a keyFile names a file: give the certificate by file too");
                try {
                    file_only_.emplace(id, Certificate::from_base64_der(item.str("der"), path_));
                } catch (const InputError& e) {
                    item.at("der").fail(e.message());
                }
                has_key[id] = false;
            } else if (item.has("file")) {
                std::vector<const char*> allowed = entry_members;
                allowed.push_back("id");
                allowed.push_back("comment");
                item.allow_only(allowed);
                auto certs = folder_.load(item.at("file"), [](const std::string& f) { return load_certificates_file(f); });
                if (certs.size() != 1)
                    item.at("file").fail(fmt::format("expected one certificate in the file, found {}", certs.size()));
                std::optional<PrivateKey> key;
                if (auto kf = item.find("keyFile")) {
                    key = folder_.load(*kf, [](const std::string& f) { return PrivateKey::load_file(f); });
                    if (!certs[0].matches_key(*key)) kf->fail("the key does not match the certificate");
                }
                has_key[id] = key.has_value();
                // A certificate without its key can still issue nothing; keep a dummy pairing only with a key.
                if (key) from_files.emplace(id, MadeCertificate{certs[0], *key});
                else file_only_.emplace(id, certs[0]);
            } else {
                described.push_back(parse_cert_description(item, entry_members));
                described_at.push_back(item);
                has_key[id] = true;
            }
            order.emplace_back(id, item);
        }
        auto made = described.empty() ? std::map<std::string, MadeCertificate>{}
                                      : make_described_certificates(described, key_pool(list), path_, from_files);
        for (auto& [id, item] : order) {
            std::optional<Certificate> cert;
            std::optional<PrivateKey> key;
            if (auto m = made.find(id); m != made.end()) {
                cert = m->second.certificate;
                key = m->second.key;
            } else if (auto f = from_files.find(id); f != from_files.end()) {
                cert = f->second.certificate;
                key = f->second.key;
            } else {
                cert = file_only_.at(id);
            }
            s.certificate_ids[id] = cert->thumbprint();
            add_to_stores(item, *cert, item.boolean_or("privateKey", has_key[id]), key, s);
        }
    }

    void add_to_stores(const JsonAt& item, const Certificate& cert, bool private_key, const std::optional<PrivateKey>& key,
                       Scenario& s) {
        bool key_available = key.has_value();
        // An imported certificate (der) may have its key on the server without cusim holding it.
        if (private_key && !key_available && !item.has("der"))
            item.at("privateKey").fail("privateKey is true but no keyFile is given");
        StoreEntry e{cert, false, KeyProvider::capi, true, "", false, true};
        e.has_private_key = private_key;
        e.friendly_name = item.str_or("friendlyName", "");
        e.exportable = item.boolean_or("exportable", true);
        e.archived = item.boolean_or("archived", false);
        e.administrators_full_control = item.boolean_or("administratorsFullControl", true);
        if (auto access = item.find("administratorsKeyAccess")) {
            std::string a = access->str();
            if (a != "none" && a != "read" && a != "full") access->fail("administratorsKeyAccess must be none, read or full");
            if (item.has("administratorsFullControl"))
                access->fail("give administratorsKeyAccess or administratorsFullControl, not both");
            e.administrators_full_control = a == "full";
            e.administrators_read = a == "read";
        }
        e.key_recoverable = !private_key && key_available;
        e.key = key;
        std::string provider = item.str_or("keyProvider", "CAPI");
        if (provider == "CAPI") e.key_provider = KeyProvider::capi;
        else if (provider == "CNG") e.key_provider = KeyProvider::cng;
        else item.at("keyProvider").fail("keyProvider must be \"CAPI\" or \"CNG\"");
        std::vector<std::string> stores = item.has("stores") ? item.strings("stores") : std::vector<std::string>{"My"};
        for (size_t i = 0; i < stores.size(); ++i) {
            auto name = parse_store_name(stores[i]);
            if (!name) item.at("stores").at(i).fail(fmt::format("unknown store '{}' (My, Root, CA, WebHosting)", stores[i]));
            StoreEntry copy = e;
            // Root and CA copies carry no key: only the Personal/WebHosting entry was imported with it.
            if (*name == StoreName::Root || *name == StoreName::CA) copy.has_private_key = false;
            s.state.store(*name).entries.push_back(copy);
        }
        if (auto services = item.find("services")) {
            static const std::set<std::string> known = {"IIS", "SMTP", "IMAP", "POP", "UM", "UMCallRouter", "Federation"};
            auto list = item.strings("services");
            for (size_t i = 0; i < list.size(); ++i)
                if (!known.count(list[i])) services->at(i).fail(fmt::format("unknown Exchange service '{}'", list[i]));
            s.state.exchange.services[cert.thumbprint()] = list;
        }
    }

    std::vector<IisSite> read_sites(const JsonAt& at) {
        at.allow_only({"sites"});
        std::vector<IisSite> sites;
        std::set<std::string> names;
        for (auto& site : at.at("sites").items()) {
            site.allow_only({"name", "id", "bindings"});
            IisSite s{site.str("name"), int(site.at("id").integer_in(1, INT32_MAX)), {}};
            if (!names.insert(s.name).second) site.at("name").fail(fmt::format("duplicate site '{}'", s.name));
            for (auto& b : site.at("bindings").items()) {
                b.allow_only({"protocol", "bindingInformation", "sslFlags"});
                // IIS's sslFlags is a flags enum (Sni 1, CentralCertStore 2, ... DisableLegacyTLS 64).
                int flags = b.has("sslFlags") ? int(b.at("sslFlags").integer_in(0, 127)) : 0;
                s.bindings.push_back({b.str("protocol"), b.str("bindingInformation"), flags});
            }
            sites.push_back(std::move(s));
        }
        return sites;
    }

    // A reference to a certificate: {"certificate": id} or {"thumbprint": hex}. An unknown
    // id is an error; a thumbprint that is in no store is legal (a real failure state).
    std::string read_reference(const JsonAt& at, const std::string& id_key, const std::string& thumb_key,
                               const Scenario& s, bool required) {
        bool has_id = at.has(id_key), has_thumb = at.has(thumb_key);
        if (has_id && has_thumb) at.fail(fmt::format("give '{}' or '{}', not both", id_key, thumb_key));
        if (has_id) {
            std::string id = at.str(id_key);
            auto it = s.certificate_ids.find(id);
            if (it == s.certificate_ids.end()) at.at(id_key).fail(fmt::format("unknown certificate id '{}'", id));
            return it->second;
        }
        if (has_thumb) {
            std::string raw = at.str(thumb_key);
            std::string t = upper_hex(raw);
            if (t.size() != 40 || raw.size() < 40) at.at(thumb_key).fail(fmt::format("'{}' is not a 40-digit thumbprint", raw));
            return t;
        }
        if (required) at.fail(fmt::format("needs '{}' (an id) or '{}'", id_key, thumb_key));
        return "";
    }

    void read_http_sys(const JsonAt& list, Scenario& s) {
        std::set<std::string> seen;
        for (auto& b : list.items()) {
            b.allow_only({"ipPort", "certificate", "thumbprint", "storeName", "appId"});
            SslBinding sb;
            sb.ip_port = b.str("ipPort");
            if (!seen.insert(sb.ip_port).second) b.at("ipPort").fail(fmt::format("duplicate binding '{}'", sb.ip_port));
            sb.certificate_hash = read_reference(b, "certificate", "thumbprint", s, true);
            sb.store_name = b.str_or("storeName", "MY");
            if (!parse_store_name(sb.store_name)) b.at("storeName").fail(fmt::format("unknown store '{}'", sb.store_name));
            sb.application_id = b.str_or("appId", sb.application_id);
            s.state.ssl_bindings.push_back(sb);
        }
    }

    void read_trigger(const JsonAt& at, Scenario& s) {
        std::string kind;
        if (at.value().is_string()) {
            kind = at.str();
        } else {
            at.allow_only({"kind", "securityUpdate", "actions"});
            kind = at.str("kind");
            if (auto su = at.find("securityUpdate")) s.state.exchange.security_update = su->str();
            if (auto actions = at.find("actions")) actions->items();  // parsed by the fix layer
        }
        static const std::map<std::string, TriggerKind> kinds = {
            {"cu", TriggerKind::cu}, {"su", TriggerKind::su}, {"renew", TriggerKind::renew}, {"none", TriggerKind::none}};
        auto it = kinds.find(kind);
        if (it == kinds.end()) (at.value().is_string() ? at : at.at("kind")).fail("trigger must be cu, su, renew or none");
        s.trigger = it->second;
        if (s.trigger == TriggerKind::renew && !(at.value().is_object() && at.has("actions")))
            at.fail("a renew trigger needs the renewal's actions");
    }

    void read_exchange(const JsonAt& at, Scenario& s) {
        at.allow_only({"authConfig", "internalTransportCertificate", "internalTransportThumbprint", "managementUsable",
                       "receiveConnectors", "hmacSignsWithAuth"});
        s.state.exchange.hmac_signs_with_auth = at.boolean_or("hmacSignsWithAuth", true);
        if (auto list = at.find("receiveConnectors")) {
            for (auto& rc : list->items()) {
                rc.allow_only({"name", "fqdn", "tlsCertificateName", "tlsCertificate", "frontEnd"});
                ReceiveConnector c;
                c.name = rc.str("name");
                c.fqdn = rc.str_or("fqdn", s.state.exchange.fqdn);
                c.front_end = rc.boolean_or("frontEnd", true);
                c.tls_certificate_name = rc.str_or("tlsCertificateName", "");
                if (auto id = rc.find("tlsCertificate")) {
                    auto it = s.certificate_ids.find(id->str());
                    if (it == s.certificate_ids.end()) id->fail(fmt::format("unknown certificate id '{}'", id->str()));
                    const StoreEntry* e = s.state.find_certificate(it->second);
                    c.tls_certificate_name = "<I>" + e->certificate.issuer() + "<S>" + e->certificate.subject();
                }
                s.state.exchange.receive_connectors.push_back(c);
            }
        }
        auto& ex = s.state.exchange;
        if (auto a = at.find("authConfig")) {
            a->allow_only({"currentCertificate", "currentThumbprint", "nextCertificate", "nextThumbprint",
                           "previousCertificate", "previousThumbprint", "nextEffectiveDate"});
            ex.auth.current_thumbprint = read_reference(*a, "currentCertificate", "currentThumbprint", s, false);
            ex.auth.next_thumbprint = read_reference(*a, "nextCertificate", "nextThumbprint", s, false);
            ex.auth.previous_thumbprint = read_reference(*a, "previousCertificate", "previousThumbprint", s, false);
            if (auto d = a->find("nextEffectiveDate"))
                ex.auth.next_effective_date = parse_iso_time_or_throw(d->str(), path_, d->pointer());
        }
        ex.internal_transport_thumbprint =
            read_reference(at, "internalTransportCertificate", "internalTransportThumbprint", s, false);
        ex.management_usable = at.boolean_or("managementUsable", true);
    }

    void read_expectations(const JsonAt& at, ScenarioExpectations& x) {
        at.allow_only({"baseline", "setup", "failedStep", "error", "symptoms", "fixes"});
        if (auto list = at.find("symptoms")) {
            for (auto& item : list->items()) {
                item.allow_only({"check", "fails", "text", "event"});
                SymptomExpectation sx;
                sx.check = item.str("check");
                sx.fails = item.boolean_or("fails", true);
                sx.text = item.str_or("text", "");
                if (auto ev = item.find("event")) sx.event = int(ev->integer_in(0, 65535));  // a Windows event id
                sx.pointer = item.pointer();
                x.symptoms.push_back(sx);
            }
        }
        if (auto b = at.find("baseline")) x.baseline = read_outcome(*b);
        if (auto setup = at.find("setup")) {
            std::string v = setup->str();
            if (v != "completes" && v != "fails") setup->fail("setup must be \"completes\" or \"fails\"");
            x.setup.completes = v == "completes";
        }
        x.setup.failed_step = at.str_or("failedStep", "");
        x.setup.error = at.str_or("error", "");
        if (auto fixes = at.find("fixes")) {
            for (auto& [id, v] : fixes->members()) {
                FixExpectation fe;
                fe.fix_id = id;
                if (v.value().is_string()) {
                    fe.outcome = read_outcome(v);
                } else {
                    v.allow_only({"outcome", "failedChecks", "why"});
                    fe.outcome = read_outcome(v.at("outcome"));
                    if (v.has("failedChecks")) fe.failed_checks = v.strings("failedChecks");
                    fe.why = v.str_or("why", "");
                }
                x.fixes.push_back(fe);
            }
        }
    }

    static Outcome read_outcome(const JsonAt& at) {
        auto o = parse_outcome(at.str());
        // unmodelled is no verdict about the server: nothing a scenario can expect.
        if (o == Outcome::unmodelled) o.reset();
        if (!o) at.fail(fmt::format("'{}' is not an outcome (succeeds, partial, fails, invalid)", at.str()));
        return *o;
    }

    std::string path_;
    InputFolder folder_;
    std::optional<KeyPool> keys_;
    std::map<std::string, Certificate> file_only_;
};

}  // namespace

std::string to_string(TriggerKind k) {
    switch (k) {
        case TriggerKind::cu: return "cu";
        case TriggerKind::su: return "su";
        case TriggerKind::renew: return "renew";
        case TriggerKind::none: return "none";
    }
    return "cu";
}

std::string Scenario::name_of(const std::string& thumbprint) const {
    for (auto& [id, t] : certificate_ids)
        if (t == thumbprint) return id;
    return thumbprint;
}

Scenario load_scenario(const std::string& path) { return ScenarioLoader(path).load(); }

Scenario parse_scenario(const Json& document, const std::string& path) { return ScenarioLoader(path).load(document); }

std::vector<std::string> find_scenario_files(const std::string& path) {
    std::vector<std::string> out;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return {path};
    if (!fs::is_directory(path, ec)) throw InputError(path, "no such scenario file or folder");
    for (auto it = fs::recursive_directory_iterator(path); it != fs::recursive_directory_iterator(); ++it) {
        // Fix catalogues, runbooks and tools live beside the scenarios but are not scenarios.
        static const std::set<std::string> not_scenarios = {"fixes", "runbooks", "tools"};
        if (it->is_directory() && not_scenarios.count(it->path().filename().string())) {
            it.disable_recursion_pending();
            continue;
        }
        auto name = it->path().filename().string();
        if (it->is_regular_file() && it->path().extension() == ".json" && name.find(".schema.") == std::string::npos)
            out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace cusim
