#include "sim/formats/exchange_exports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "sim/core/input_error.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_decode.hpp"
#include "sim/formats/iis_config.hpp"
#include "sim/formats/nrbf.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/model/server_state.hpp"
#include "sim/x509/cert_file.hpp"
#include "sim/x509/clixml.hpp"
#include "sim/x509/x509.hpp"

namespace cusim {
namespace fs = std::filesystem;

std::vector<std::string> allowed_services_names(long long flags) {
    // Microsoft.Exchange.Management.SystemConfigurationTasks.AllowedServices, a [Flags] enum in the
    // order Enable-ExchangeCertificate documents its -Services values (IMAP, POP, UM, IIS, SMTP,
    // Federation, UMCallRouter). Checked against the E19 export: its Auth certificate reads 16 (SMTP)
    // and its "Microsoft Exchange" certificate 27 (IMAP, POP, IIS, SMTP), as Get-ExchangeCertificate
    // shows the defaults (facts.md 2b).
    static const std::vector<std::pair<long long, const char*>> names = {
        {1, "IMAP"}, {2, "POP"}, {4, "UM"}, {8, "IIS"}, {16, "SMTP"}, {32, "Federation"}, {64, "UMCallRouter"}};
    std::vector<std::string> out;
    for (auto& [bit, name] : names)
        if (flags & bit) out.push_back(name);
    return out;
}

namespace {

// CertData: the certificate as a serialized store element (X509Certificate2.Export(SerializedCert),
// CertSerializeCertificateStoreElement): properties of { id, 1, length, data } ending with
// CERT_CERT_PROP_ID (32, the DER). Two say what the export does not otherwise: the friendly name
// (CERT_FRIENDLY_NAME_PROP_ID 11, UTF-16LE) and the key's provider (CERT_KEY_PROV_INFO_PROP_ID 2: a
// CRYPT_KEY_PROV_INFO whose dwProvType is 0 for a CNG key storage provider, else a CAPI type such
// as 12, PROV_RSA_SCHANNEL). wincrypt.h has the ids.
struct StoreElement {
    std::optional<std::string> friendly_name;
    std::optional<unsigned> provider_type;  // present: a private key is linked to the entry
    std::string der;
};

uint32_t le32(const std::string& b, size_t at) {
    return uint32_t(static_cast<unsigned char>(b[at])) | uint32_t(static_cast<unsigned char>(b[at + 1])) << 8 |
           uint32_t(static_cast<unsigned char>(b[at + 2])) << 16 | uint32_t(static_cast<unsigned char>(b[at + 3])) << 24;
}

std::optional<StoreElement> read_store_element(const std::string& b, const std::string& path) {
    StoreElement e;
    for (size_t pos = 0; pos + 12 <= b.size();) {
        uint32_t id = le32(b, pos), one = le32(b, pos + 4), length = le32(b, pos + 8);
        if (one != 1 || length > b.size() - pos - 12) return std::nullopt;
        std::string data = b.substr(pos + 12, length);
        if (id == 11) {
            // UTF-16LE, NUL-terminated: decoded as a UTF-16 file is (surrogate pairs too).
            std::string name = decode_text("\xFF\xFE" + data.substr(0, data.size() & ~size_t(1)), path).utf8;
            name = name.substr(0, name.find('\0'));
            e.friendly_name = name;
        } else if (id == 2 && data.size() >= 12) {
            e.provider_type = le32(data, 8);
        } else if (id == 32) {
            e.der = data;
        }
        pos += 12 + length;
    }
    if (e.der.empty()) return std::nullopt;
    return e;
}

std::string relative_name(const fs::path& p, const fs::path& dir) { return p.lexically_relative(dir).generic_string(); }

// A scenario id from a server name: lower case, anything else than a-z 0-9 . - as '-'.
std::string id_from_name(const std::string& name) {
    std::string id = "import-";
    for (char c : ascii_lower(name)) id += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '-';
    while (id.size() > 100) id.pop_back();
    return id;
}

struct Reader {
    fs::path dir;
    std::optional<SimTime> at;
    ImportedServer out;
    Json certificates = Json::array();
    std::set<std::string> thumbprints_in_store;                        // My, as GetExchangeCertificate.xml lists it
    std::map<std::string, std::set<std::string>> thumbprints_by_store;  // every exported store entry, by store
    // The newest date an export shows (WhenChangedUTC, a certificate's NotBefore): the exports
    // cannot have been taken before it.
    std::optional<SimTime> newest_date;
    std::string newest_date_from;
    void saw_date(const std::string& text, const std::string& from) {
        auto t = parse_iso_time(text.size() > 20 ? text.substr(0, 19) : text);
        if (t && (!newest_date || *t > *newest_date)) {
            newest_date = *t;
            newest_date_from = from;
        }
    }

    fs::path file(const char* name) const { return dir / name; }
    bool has(const char* name) const {
        std::error_code ec;
        return fs::is_regular_file(file(name), ec);
    }
    void fact(const std::string& what, const fs::path& p, int line = 0) {
        out.facts.push_back(line ? fmt::format("{}: {}:{}", what, relative_name(p, dir), line)
                                 : fmt::format("{}: {}", what, relative_name(p, dir)));
    }

    // certificates/certificates.csv of the collector: Store, Thumbprint, FriendlyName, HasPrivateKey,
    // KeyProvider, NetworkServiceCanRead, as Export-Csv writes them (every field quoted).
    std::map<std::string, std::map<std::string, std::string>> collected_keys;  // My: thumbprint -> column -> value
    struct CsvRow {
        std::map<std::string, std::string> columns;
        int line;
    };
    std::map<std::pair<std::string, std::string>, CsvRow> collected_rows;  // (store, thumbprint) -> its row
    void certificate_table() {
        if (!has("certificates/certificates.csv")) return;
        fs::path p = file("certificates/certificates.csv");
        out.files.push_back(relative_name(p, dir));
        std::vector<std::string> header;
        int number = 0;
        for (const std::string& line : split_lines(read_text_file(p.string()))) {
            ++number;
            if (line.empty()) continue;
            std::vector<std::string> fields;
            std::string field;
            bool quoted = false;
            for (size_t i = 0; i < line.size(); ++i) {
                char c = line[i];
                if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') field += c, ++i;
                else if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted) fields.push_back(field), field.clear();
                else field += c;
            }
            fields.push_back(field);
            if (quoted) throw InputError(p.string(), fmt::format("line {}", number), "a quoted field does not end");
            if (header.empty()) {
                header = fields;
                continue;
            }
            if (fields.size() != header.size())
                throw InputError(p.string(), fmt::format("line {}", number),
                                 fmt::format("{} fields where the header has {}", fields.size(), header.size()));
            std::map<std::string, std::string> row;
            for (size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
            auto store = parse_store_name(row["Store"]);
            if (!store) throw InputError(p.string(), fmt::format("line {}", number), "unknown store '" + row["Store"] + "'");
            row["line"] = std::to_string(number);
            collected_rows[{to_string(*store), upper_hex(row["Thumbprint"])}] = {row, number};
            if (*store == StoreName::My) collected_keys[upper_hex(row["Thumbprint"])] = row;
        }
    }

    void exchange_certificates(Json& scenario) {
        fs::path p = file("GetExchangeCertificate.xml");
        out.files.push_back(relative_name(p, dir));
        auto records = read_clixml(read_file_bytes(p.string()), p.string());
        if (records.empty()) throw InputError(p.string(), "CLIXML export holds no certificate (<BA N=\"RawData\">)");
        for (size_t i = 0; i < records.size(); ++i) {
            auto& values = records[i].values;
            std::string where = fmt::format("line {}", records[i].line);
            std::optional<Certificate> parsed;
            try {
                parsed = Certificate::from_base64_der(values["RawData"], p.string());
            } catch (const InputError& e) {
                throw InputError(p.string(), where, values["RawData"].empty() ? "an object without RawData (a certificate)" : e.message());
            }
            const Certificate& c = *parsed;
            Json entry = {{"id", "c-" + c.thumbprint().substr(0, 8)}, {"der", base64_encode(c.der())}, {"stores", {"My"}}};
            bool key_known = false;
            thumbprints_in_store.insert(c.thumbprint());
            thumbprints_by_store["My"].insert(c.thumbprint());
            saw_date(format_iso(c.not_before()), c.thumbprint() + "'s NotBefore");
            fact(fmt::format("certificate {} ({}) in My", c.thumbprint(), c.subject()), p, records[i].line);
            if (auto it = values.find("SerializationData"); it != values.end() && !it->second.empty()) {
                auto blob_or = base64_decode(it->second);
                if (!blob_or) throw InputError(p.string(), where, "SerializationData is not base64");
                const Bytes& blob = *blob_or;
                nrbf::Stream s = nrbf::read(blob, p.string(), where);
                const nrbf::Value* services = s.resolve(s.root->member("Services"));
                if (services && services->enum_value()) {
                    entry["services"] = allowed_services_names(*services->enum_value());
                    auto names = allowed_services_names(*services->enum_value());
                    fact(fmt::format("{} Services {}", c.thumbprint(), names.empty() ? "None" : join(names, ", ")), p, records[i].line);
                }
                const nrbf::Value* exportable = s.resolve(s.root->member("PrivateKeyExportable"));
                if (exportable && exportable->integer) entry["exportable"] = *exportable->integer != 0;
                const nrbf::Value* cert_data = s.resolve(s.root->member("CertData"));
                if (auto element = cert_data ? read_store_element(cert_data->text, p.string()) : std::nullopt) {
                    if (element->der != std::string(c.der().begin(), c.der().end()))
                        out.findings.push_back(fmt::format("{}: SerializationData's CertData holds another certificate than RawData ({}:{})",
                                                           c.thumbprint(), relative_name(p, dir), records[i].line));
                    if (element->friendly_name) {
                        entry["friendlyName"] = *element->friendly_name;
                        fact(fmt::format("{} FriendlyName '{}'", c.thumbprint(), *element->friendly_name), p, records[i].line);
                    }
                    if (element->provider_type) {
                        key_known = true;
                        entry["keyProvider"] = *element->provider_type == 0 ? "CNG" : "CAPI";
                        fact(fmt::format("{} has a private key in a {} provider (key provider type {})", c.thumbprint(),
                                         *element->provider_type == 0 ? "CNG" : "CAPI", *element->provider_type),
                             p, records[i].line);
                    }
                }
            } else {
                out.assumptions.push_back(fmt::format("{}: no SerializationData, so its Exchange services are unknown: none assumed",
                                                      c.thumbprint()));
            }
            // HasPrivateKey is not serialised; the collector's table says it, and CertData's key
            // provider when it is there. Without either, the key is assumed present.
            entry["privateKey"] = true;
            if (auto row = collected_keys.find(c.thumbprint()); row != collected_keys.end()) {
                bool has_key = ascii_lower(row->second["HasPrivateKey"]) == "true";
                entry["privateKey"] = has_key;
                if (!entry.contains("friendlyName") && !row->second["FriendlyName"].empty())
                    entry["friendlyName"] = row->second["FriendlyName"];
                if (has_key && row->second["KeyProvider"].find("Key Storage Provider") != std::string::npos) entry["keyProvider"] = "CNG";
                std::string provider = row->second["KeyProvider"].empty() ? std::string() : ", key in " + row->second["KeyProvider"];
                fact(fmt::format("{} HasPrivateKey {}{}", c.thumbprint(), has_key ? "True" : "False", provider),
                     file("certificates/certificates.csv"), std::stoi(row->second["line"]));
                key_known = true;
            }
            if (!key_known)
                out.assumptions.push_back(fmt::format(
                    "{}: the export does not say whether the private key is present (no key provider in CertData); assumed "
                    "present, in a CAPI provider",
                    c.thumbprint()));
            certificates.push_back(entry);
        }
        scenario["certificates"] = certificates;
    }

    // certificates/<Store>/<Thumbprint>.cer: the DER of every certificate in My, Root, CA and
    // WebHosting, as the collector writes them ($cert.RawData), with each one's row of
    // certificates.csv. My certificates that GetExchangeCertificate.xml lists are already in;
    // the others enter the scenario in their stores, inline as `der`.
    void store_certificates() {
        if (!fs::is_directory(dir / "certificates")) return;
        std::map<std::string, size_t> index;  // thumbprint -> its entry in `certificates`
        for (size_t i = 0; i < certificates.size(); ++i) index[thumbprint_of(i)] = i;
        std::set<std::string> ids;
        for (auto& c : certificates) ids.insert(c["id"].get<std::string>());
        std::set<std::pair<std::string, std::string>> seen;  // (store, thumbprint) with a .cer
        std::vector<std::string> unread_by_network_service;
        for (const char* store : {"My", "Root", "CA", "WebHosting"}) {
            fs::path folder = dir / "certificates" / store;
            std::error_code ec;
            if (!fs::is_directory(folder, ec)) {
                out.assumptions.push_back(fmt::format("certificates/{}/ is not there: no certificate of {} imported", store, store));
                continue;
            }
            std::vector<fs::path> files;
            for (auto& e : fs::directory_iterator(folder, ec))
                if (e.is_regular_file() && ascii_lower(e.path().extension().string()) == ".cer") files.push_back(e.path());
            std::sort(files.begin(), files.end());
            for (const fs::path& f : files) {
                out.files.push_back(relative_name(f, dir));
                Certificate c = Certificate::from_der(read_file_bytes(f.string()), f.string());
                std::string t = c.thumbprint();
                seen.insert({store, t});
                thumbprints_by_store[store].insert(t);
                if (upper_hex(f.stem().string()) != t)
                    out.findings.push_back(fmt::format("{} holds certificate {}, not the one its name says: the file was not "
                                                       "written by the collector as it is",
                                                       relative_name(f, dir), t));
                auto row = collected_rows.find({store, t});
                bool listed_by_exchange = std::string(store) == "My" && thumbprints_in_store.count(t);
                if (listed_by_exchange) continue;  // GetExchangeCertificate.xml's entry has it, with the table's key facts
                if (std::string(store) == "My")
                    out.findings.push_back(fmt::format(
                        "{} ({}) is in the Personal store, but GetExchangeCertificate.xml does not list it: the exports may "
                        "come from different times; it is imported from the .cer",
                        t, c.subject()));
                saw_date(format_iso(c.not_before()), t + "'s NotBefore");
                fact(fmt::format("certificate {} ({}) in {}", t, c.subject(), store), f);
                if (auto it = index.find(t); it != index.end()) {
                    // The same certificate in another store (setup puts a copy of "Microsoft Exchange" in
                    // Root: README, the default certificates): one entry with both stores. The scenario
                    // loader keeps no key on a Root or CA copy.
                    Json& entry = certificates[it->second];
                    entry["stores"].push_back(store);
                    bool row_key = row != collected_rows.end() && ascii_lower(row->second.columns["HasPrivateKey"]) == "true";
                    if (std::string(store) == "WebHosting" && row_key != entry.value("privateKey", false))
                        out.assumptions.push_back(fmt::format(
                            "{}: certificates.csv says HasPrivateKey {} in WebHosting but {} in My; a scenario gives one "
                            "certificate one key: My's is kept",
                            t, row_key ? "True" : "False", entry.value("privateKey", false) ? "True" : "False"));
                    continue;
                }
                std::string id = "c-" + t.substr(0, 8);
                for (size_t n = 12; ids.count(id) && n <= t.size(); n += 4) id = "c-" + t.substr(0, n);
                ids.insert(id);
                Json entry = {{"id", id}, {"der", base64_encode(c.der())}, {"stores", {store}}};
                if (row == collected_rows.end()) {
                    entry["privateKey"] = false;
                    out.assumptions.push_back(fmt::format("{}: no row of {} in certificates/certificates.csv: its private key is "
                                                          "unknown; assumed absent",
                                                          relative_name(f, dir), t));
                } else {
                    auto& col = row->second.columns;
                    fs::path csv = file("certificates/certificates.csv");
                    if (!col["FriendlyName"].empty()) entry["friendlyName"] = col["FriendlyName"];
                    bool has_key = ascii_lower(col["HasPrivateKey"]) == "true";
                    entry["privateKey"] = has_key;
                    std::string provider = col["KeyProvider"];
                    fact(fmt::format("{} in {}: FriendlyName '{}', HasPrivateKey {}{}", t, store, col["FriendlyName"],
                                     has_key ? "True" : "False", provider.empty() ? std::string() : ", key in " + provider),
                         csv, row->second.line);
                    if (has_key) {
                        // The collector writes the provider's name: CNG's key storage providers end in "Key
                        // Storage Provider", CAPI's CSPs in "Cryptographic Provider" (README: the state to model).
                        if (provider.find("Key Storage Provider") != std::string::npos) entry["keyProvider"] = "CNG";
                        else if (provider.find("Cryptographic Provider") != std::string::npos) entry["keyProvider"] = "CAPI";
                        else
                            out.assumptions.push_back(fmt::format("{}: key provider '{}' ({}:{}) is neither a CNG key storage "
                                                                  "provider nor a CAPI CSP by its name: CAPI assumed",
                                                                  t, provider, relative_name(csv, dir), row->second.line));
                        if (ascii_lower(col["NetworkServiceCanRead"]) == "false") unread_by_network_service.push_back(t);
                    }
                }
                index[t] = certificates.size();
                certificates.push_back(entry);
            }
        }
        for (auto& [key, row] : collected_rows)
            if (!seen.count(key))
                out.findings.push_back(fmt::format("certificates/certificates.csv:{} lists {} in {}, but there is no certificates/{}/{}.cer",
                                                   row.line, key.second, key.first, key.first, key.second));
        if (fs::is_directory(dir / "certificates/My"))
            for (const std::string& t : thumbprints_in_store)
                if (!seen.count({"My", t}))
                    out.findings.push_back(fmt::format("GetExchangeCertificate.xml lists {}, but certificates/My/ has no .cer of it: "
                                                       "the exports may come from different times",
                                                       t));
        if (!unread_by_network_service.empty())
            out.assumptions.push_back(fmt::format(
                "certificates.csv says NETWORK SERVICE cannot read the key of {}: a scenario cannot say who besides "
                "Administrators may read a key (setup grants NETWORK SERVICE itself, rule R2); not in the scenario",
                join(unread_by_network_service, ", ")));
    }
    std::string thumbprint_of(size_t i) {
        auto der = base64_decode(certificates[i]["der"].get<std::string>());
        return Certificate::from_der(*der, "certificate").thumbprint();
    }

    void exchange_server(Json& scenario) {
        Json server = {{"name", "EX01"}, {"fqdn", "EX01.contoso.local"}};
        if (!has("GetExchangeServer.xml")) {
            out.assumptions.push_back("no GetExchangeServer.xml: the server's name, FQDN and build are unknown; EX01 assumed");
            scenario["server"] = server;
            return;
        }
        fs::path p = file("GetExchangeServer.xml");
        out.files.push_back(relative_name(p, dir));
        auto records = read_clixml(read_file_bytes(p.string()), p.string());
        if (records.empty()) throw InputError(p.string(), "no Exchange server object in it");
        auto& v = records[0].values;
        saw_date(v["WhenChangedUTC"], relative_name(p, dir) + " WhenChangedUTC");
        if (!v["Name"].empty()) server["name"] = v["Name"];
        if (!v["Fqdn"].empty()) server["fqdn"] = v["Fqdn"];
        fact(fmt::format("server {} ({})", server["name"].get<std::string>(), server["fqdn"].get<std::string>()), p, records[0].line);
        // "Version 15.2 (Build 986.5)": 15.1 is Exchange 2016, 15.2 Exchange 2019, 15.2 from build 2562 on
        // Exchange SE ("Version 15.2 (Build 2562.17)" is SE RTM; version_of_build has the source).
        std::string version = v["AdminDisplayVersion"];
        unsigned major = 0, minor = 0, build = 0, revision = 0;
        if (std::sscanf(version.c_str(), "Version %u.%u (Build %u.%u)", &major, &minor, &build, &revision) == 4) {
            std::string installed = fmt::format("{}.{}.{}.{}", major, minor, build, revision);
            auto product = version_of_build(installed);
            if (!product)
                throw InputError(p.string(), fmt::format("line {}", records[0].line),
                                 fmt::format("AdminDisplayVersion '{}' is neither Exchange 2016 (15.1) nor 2019 or SE (15.2)", version));
            server["version"] = version_name(*product);
            server["installedBuild"] = installed;
            fact("installed build " + installed, p, records[0].line);
            if (*product == ExchangeVersion::exchange_se)
                out.assumptions.push_back("no CU after Exchange SE RTM is in CSS-Exchange's build table (only its SUs): the CU "
                                          "is the installed build's setup run again");
        } else {
            out.assumptions.push_back("AdminDisplayVersion '" + version + "' not read: Exchange 2019 assumed");
        }
        scenario["server"] = server;
    }

    void auth_config(Json& exchange) {
        if (!has("GetAuthConfig.xml")) {
            out.assumptions.push_back("no GetAuthConfig.xml: AuthConfig unknown; none assumed (setup would make a new Auth certificate)");
            return;
        }
        fs::path p = file("GetAuthConfig.xml");
        out.files.push_back(relative_name(p, dir));
        auto records = read_clixml(read_file_bytes(p.string()), p.string());
        if (records.empty()) throw InputError(p.string(), "no AuthConfig object in it");
        auto& v = records[0].values;
        saw_date(v["WhenChangedUTC"], relative_name(p, dir) + " WhenChangedUTC");
        Json auth = Json::object();
        for (auto [export_name, scenario_name] : {std::pair{"CurrentCertificateThumbprint", "currentThumbprint"},
                                                  {"NextCertificateThumbprint", "nextThumbprint"},
                                                  {"PreviousCertificateThumbprint", "previousThumbprint"}}) {
            std::string t = upper_hex(v[export_name]);
            if (t.empty()) continue;
            auth[scenario_name] = t;
            fact(fmt::format("AuthConfig {} {}", export_name, t), p, records[0].line);
            if (!thumbprints_in_store.count(t))
                out.findings.push_back(fmt::format("AuthConfig's {} {} is not among the exported certificates ({})", export_name,
                                                   t, relative_name(p, dir)));
        }
        // A DateTime in CLIXML is xs:dateTime ([MS-PSRP] 2.2.5.1.9): read, or refused, never dropped.
        if (const std::string& text = v["NextCertificateEffectiveDate"]; !text.empty()) {
            auto d = parse_xs_datetime(text);
            if (!d)
                throw InputError(p.string(), fmt::format("line {}", records[0].line),
                                 "NextCertificateEffectiveDate '" + text + "' is not a CLIXML DateTime (xs:dateTime)");
            auth["nextEffectiveDate"] = format_iso(d->time);
            fact("AuthConfig NextCertificateEffectiveDate " + format_iso(d->time), p, records[0].line);
            if (!d->zoned)
                out.assumptions.push_back(fmt::format("AuthConfig's NextCertificateEffectiveDate {} has no time zone ({}): taken as UTC",
                                                      text, relative_name(p, dir)));
        }
        exchange["authConfig"] = auth;
    }

    // GetTransportService.xml (the collector): the transport service's InternalTransportCertificateThumbprint,
    // which names the certificate whether or not the store still has it; and the certificate itself,
    // GetInternalTransportCertificateFromServer.xml (the collector, from the store; HealthChecker's, from AD).
    void internal_transport(Json& exchange, Json& scenario) {
        std::string named;
        if (has("GetTransportService.xml")) {
            fs::path p = file("GetTransportService.xml");
            out.files.push_back(relative_name(p, dir));
            auto records = read_clixml(read_file_bytes(p.string()), p.string());
            if (records.size() != 1) throw InputError(p.string(), fmt::format("{} transport services where one was expected", records.size()));
            named = upper_hex(records[0].values["InternalTransportCertificateThumbprint"]);
            if (!named.empty()) {
                exchange["internalTransportThumbprint"] = named;
                fact("the transport service's internal transport certificate " + named, p, records[0].line);
                if (!thumbprints_in_store.count(named))
                    out.findings.push_back(fmt::format("the transport service's internal transport certificate {} is not among "
                                                       "the exported certificates of My ({})",
                                                       named, relative_name(p, dir)));
            }
        }
        if (!has("GetInternalTransportCertificateFromServer.xml")) return;
        fs::path p = file("GetInternalTransportCertificateFromServer.xml");
        out.files.push_back(relative_name(p, dir));
        auto certs = read_clixml_certificates(read_file_bytes(p.string()), p.string());
        if (certs.size() != 1) throw InputError(p.string(), "expected one certificate");
        const Certificate& c = certs[0].certificate;
        if (!named.empty() && named != c.thumbprint()) {
            out.findings.push_back(fmt::format("GetTransportService.xml names {} as the internal transport certificate, but "
                                               "{} holds {}: the exports may come from different times; the transport service's is kept",
                                               named, relative_name(p, dir), c.thumbprint()));
            return;
        }
        exchange["internalTransportThumbprint"] = c.thumbprint();
        fact("internal transport certificate " + c.thumbprint(), p, certs[0].line);
        if (named.empty() && !thumbprints_in_store.count(c.thumbprint())) {
            std::string server = scenario["server"].value("name", std::string());
            out.findings.push_back(fmt::format(
                "the internal transport certificate {} ({}) is not among the exported certificates: the exports may come "
                "from different servers or times ({} is server {})",
                c.thumbprint(), c.subject(), relative_name(p, dir), server));
        }
    }

    void iis(Json& scenario) {
        if (!has("IIS/applicationHost.config")) {
            out.assumptions.push_back("no IIS/applicationHost.config: the default Exchange sites and bindings assumed");
        } else {
            fs::path p = file("IIS/applicationHost.config");
            out.files.push_back(relative_name(p, dir));
            Json sites = Json::array();
            for (auto& s : read_application_host_config(p.string())) {
                Json bindings = Json::array();
                for (auto& b : s.bindings) {
                    Json jb = {{"protocol", b.protocol}, {"bindingInformation", b.binding_information}};
                    if (b.ssl_flags) jb["sslFlags"] = b.ssl_flags;
                    bindings.push_back(jb);
                }
                sites.push_back({{"name", s.name}, {"id", s.id}, {"bindings", bindings}});
            }
            fact(fmt::format("{} IIS sites", sites.size()), p);
            scenario["iis"] = {{"sites", sites}};
        }
        // Get-WebBinding: the certificate IIS's configuration names for each https binding.
        struct Named {
            std::string endpoint, binding_information, hash, store;
            int line;
        };
        std::vector<Named> named;
        fs::path wb = file("IIS/GetWebBinding.xml");
        if (!has("IIS/GetWebBinding.xml")) {
            out.assumptions.push_back(has("netsh-http-sslcert.txt")
                                          ? "no IIS/GetWebBinding.xml: the certificates come from netsh-http-sslcert.txt alone"
                                          : "no IIS/GetWebBinding.xml: which certificate each https binding holds is unknown; none assumed");
        } else {
            out.files.push_back(relative_name(wb, dir));
            std::set<std::string> endpoints;
            for (auto& r : read_clixml(read_file_bytes(wb.string()), wb.string())) {
                auto& v = r.values;
                if (ascii_lower(v["protocol"]) != "https") continue;
                std::string hash = upper_hex(v["certificateHash"]);
                // sslFlags bit 1 (SNI) makes the endpoint host:port, as http.sys's Hostname:port binding.
                int flags = 0;
                if (!v["sslFlags"].empty()) {
                    if (v["sslFlags"].find_first_not_of("0123456789") != std::string::npos || v["sslFlags"].size() > 9)
                        throw InputError(wb.string(), fmt::format("line {}", r.line), "sslFlags '" + v["sslFlags"] + "' is not a number");
                    flags = std::stoi(v["sslFlags"]);
                }
                std::string endpoint = http_sys_endpoint(IisBinding{"https", v["bindingInformation"], flags});
                if (hash.empty()) {
                    out.findings.push_back(fmt::format("https binding {} has no certificate ({}:{})", v["bindingInformation"],
                                                       relative_name(wb, dir), r.line));
                    continue;
                }
                if (!endpoints.insert(endpoint).second) continue;  // *:443: and :443: are one http.sys endpoint
                std::string store = v["certificateStoreName"];
                std::transform(store.begin(), store.end(), store.begin(), [](unsigned char ch) { return char(std::toupper(ch)); });
                named.push_back({endpoint, v["bindingInformation"], hash, store, r.line});
            }
        }
        Json http_sys = Json::array();
        if (!has("netsh-http-sslcert.txt")) {
            if (!named.empty() || has("IIS/GetWebBinding.xml"))
                out.assumptions.push_back("no netsh-http-sslcert.txt: http.sys is assumed to serve what Get-WebBinding names");
            for (auto& n : named) {
                Json b = {{"ipPort", n.endpoint}, {"thumbprint", n.hash}};
                if (!n.store.empty()) b["storeName"] = n.store;
                http_sys.push_back(b);
                fact(fmt::format("binding {} -> {}", n.endpoint, n.hash), wb, n.line);
                not_in_store_finding(n.endpoint, n.binding_information, n.hash, n.store, wb, n.line);
            }
            if (has("IIS/GetWebBinding.xml")) scenario["httpSys"] = http_sys;
            return;
        }
        // netsh http show sslcert: what http.sys serves, whatever IIS's configuration says. Where
        // both name a certificate for an endpoint and they differ, netsh's is the scenario's and the
        // difference is a finding: the "one binding stale" case (facts.md 3: a binding that still
        // points to a certificate the store no longer has; README's three tables that disagree).
        fs::path p = file("netsh-http-sslcert.txt");
        out.files.push_back(relative_name(p, dir));
        std::vector<NetshSslBinding> served = read_netsh_sslcert(read_text_file(p.string()), p.string());
        std::map<std::string, const NetshSslBinding*> by_endpoint;
        for (auto& sb : served) {
            const SslBinding& b = sb.binding;
            if (!by_endpoint.emplace(b.ip_port, &sb).second)
                throw InputError(p.string(), fmt::format("line {}", sb.line),
                                 fmt::format("{} is bound twice (also line {})", b.ip_port, by_endpoint[b.ip_port]->line));
            Json jb = {{"ipPort", b.ip_port}, {"thumbprint", b.certificate_hash}, {"storeName", b.store_name}, {"appId", b.application_id}};
            http_sys.push_back(jb);
            fact(fmt::format("http.sys {} -> {} (store {}, application {})", b.ip_port, b.certificate_hash, b.store_name,
                             b.application_id),
                 p, sb.line);
            not_in_store_finding(b.ip_port, b.ip_port, b.certificate_hash, b.store_name, p, sb.line);
            for (auto& u : sb.not_modelled) out.assumptions.push_back(relative_name(p, dir) + ": " + u.what);
        }
        for (auto& n : named) {
            auto it = by_endpoint.find(n.endpoint);
            if (it == by_endpoint.end()) {
                out.findings.push_back(fmt::format(
                    "Get-WebBinding names certificate {} for the https binding {} ({}:{}), but http.sys has no binding for {} "
                    "({}): nothing is served there",
                    n.hash, n.binding_information, relative_name(wb, dir), n.line, n.endpoint, relative_name(p, dir)));
            } else if (it->second->binding.certificate_hash != n.hash) {
                out.findings.push_back(fmt::format(
                    "http.sys serves {} on {} ({}:{}), but Get-WebBinding names {} for the https binding {} ({}:{}): one of "
                    "them is stale; the scenario takes netsh's, which is what http.sys serves",
                    it->second->binding.certificate_hash, n.endpoint, relative_name(p, dir), it->second->line, n.hash,
                    n.binding_information, relative_name(wb, dir), n.line));
            }
        }
        // An https binding of applicationHost.config that http.sys has no certificate for.
        if (scenario.contains("iis"))
            for (auto& site : scenario["iis"]["sites"])
                for (auto& b : site["bindings"]) {
                    if (ascii_lower(b["protocol"].get<std::string>()) != "https") continue;
                    std::string endpoint = http_sys_endpoint(IisBinding{"https", b["bindingInformation"], b.value("sslFlags", 0)});
                    if (!by_endpoint.count(endpoint))
                        out.findings.push_back(fmt::format(
                            "site '{}' has the https binding {} (IIS/applicationHost.config), but http.sys has no binding for {} ({})",
                            site["name"].get<std::string>(), b["bindingInformation"].get<std::string>(), endpoint, relative_name(p, dir)));
                }
        scenario["httpSys"] = http_sys;
    }

    // A hash http.sys or IIS names that is not in the store the binding names.
    void not_in_store_finding(const std::string& endpoint, const std::string& binding, const std::string& hash,
                              const std::string& store, const fs::path& p, int line) {
        auto name = parse_store_name(store.empty() ? "My" : store);
        std::string store_text = name ? to_string(*name) : store;
        if (name && thumbprints_by_store[store_text].count(hash)) return;
        std::string where = binding == endpoint ? endpoint : fmt::format("{} ({})", binding, endpoint);
        out.findings.push_back(
            fmt::format("the https binding {} holds certificate {}, which is not among the exported certificates of {} ({}:{}): "
                        "setup's Install-ExchangeCertificate cannot find it",
                        where, hash, store_text, relative_name(p, dir), line));
    }

    // GetReceiveConnector.xml: Get-ReceiveConnector -Server <this server> | Select-Object Identity,
    // Fqdn, TlsCertificateName, TransportRole | Export-Clixml (the collector). Identity is an
    // ADObjectId that prints as "<server>\<name>", TlsCertificateName an SmtpX509Identifier that
    // prints as "<I>issuer<S>subject" (README: receive connectors' TlsCertificateName), both read as
    // their ToString.
    void receive_connectors(Json& exchange, const Json& scenario) {
        if (!has("GetReceiveConnector.xml")) return;
        fs::path p = file("GetReceiveConnector.xml");
        out.files.push_back(relative_name(p, dir));
        std::set<std::string> names_in_my;  // "<I>issuer<S>subject" of every My certificate
        for (size_t i = 0; i < certificates.size(); ++i) {
            bool in_my = false;
            for (auto& st : certificates[i]["stores"]) in_my = in_my || st == "My";
            if (!in_my) continue;
            auto der = base64_decode(certificates[i]["der"].get<std::string>());
            Certificate c = Certificate::from_der(*der, "certificate");
            names_in_my.insert("<I>" + c.issuer() + "<S>" + c.subject());
        }
        std::string server = scenario["server"].value("name", std::string());
        Json list = Json::array();
        bool role_missing = false;
        for (auto& r : read_clixml(read_file_bytes(p.string()), p.string())) {
            auto& v = r.values;
            std::string where = fmt::format("line {}", r.line);
            std::string identity = v["Identity"];
            if (identity.empty()) throw InputError(p.string(), where, "a receive connector without Identity");
            auto slash = identity.find('\\');
            if (slash != std::string::npos && !iequals(identity.substr(0, slash), server))
                out.findings.push_back(fmt::format("receive connector {} is of server {}, not {} ({}:{})", identity,
                                                   identity.substr(0, slash), server, relative_name(p, dir), r.line));
            // The name is the Identity, "<server>\\<name>", as the scenarios and the fixes' Set-ReceiveConnector
            // name connectors (scenarios/fixes/set-receive-connector-tls.json).
            Json c = {{"name", identity}};
            if (!v["Fqdn"].empty()) c["fqdn"] = v["Fqdn"];
            std::string tls = v["TlsCertificateName"];
            if (!tls.empty()) {
                if (tls.rfind("<I>", 0) != 0 || tls.find("<S>") == std::string::npos)
                    throw InputError(p.string(), where, "TlsCertificateName '" + tls + "' is not <I>issuer<S>subject");
                c["tlsCertificateName"] = tls;
                if (!names_in_my.count(tls))
                    out.findings.push_back(fmt::format("receive connector {} names TlsCertificateName {}, which no exported "
                                                       "certificate of My has ({}:{})",
                                                       identity, tls, relative_name(p, dir), r.line));
            }
            if (auto role = v.find("TransportRole"); role != v.end() && !role->second.empty()) {
                if (role->second == "FrontendTransport") c["frontEnd"] = true;
                else if (role->second == "HubTransport") c["frontEnd"] = false;
                else throw InputError(p.string(), where, "TransportRole '" + role->second + "' is neither FrontendTransport nor HubTransport");
            } else {
                role_missing = true;
                c["frontEnd"] = true;
            }
            fact(fmt::format("receive connector {} (Fqdn {}, TlsCertificateName {})", identity, v["Fqdn"].empty() ? "none" : v["Fqdn"],
                             tls.empty() ? "none" : tls),
                 p, r.line);
            list.push_back(c);
        }
        if (role_missing)
            out.assumptions.push_back("GetReceiveConnector.xml has no TransportRole (an export of an older collector): every "
                                      "receive connector is taken as one of the Front End Transport service");
        exchange["receiveConnectors"] = list;
    }

    // services.xml: Get-Service MSExchange*, W3SVC, WAS | Select-Object Name, Status, StartType |
    // Export-Clixml (the collector); Status and StartType are enums, read as their ToString. A
    // scenario has no place for services (ServerState's setup progress holds the disabled ones,
    // but scenario.schema.json cannot say them), so what was found is an assumption, not a fact
    // of the scenario.
    void services() {
        if (!has("services.xml")) return;
        fs::path p = file("services.xml");
        out.files.push_back(relative_name(p, dir));
        std::vector<std::string> disabled, stopped_web;
        for (auto& r : read_clixml(read_file_bytes(p.string()), p.string())) {
            auto& v = r.values;
            std::string where = fmt::format("line {}", r.line);
            if (v["Name"].empty()) throw InputError(p.string(), where, "a service without Name");
            static const std::set<std::string> starts = {"Automatic", "Manual", "Disabled", "Boot", "System"};
            static const std::set<std::string> statuses = {"Stopped", "StartPending", "StopPending", "Running",
                                                           "ContinuePending", "PausePending", "Paused"};
            if (!starts.count(v["StartType"]))
                throw InputError(p.string(), where, fmt::format("service {}: StartType '{}' is not a ServiceStartMode", v["Name"], v["StartType"]));
            if (!statuses.count(v["Status"]))
                throw InputError(p.string(), where, fmt::format("service {}: Status '{}' is not a ServiceControllerStatus", v["Name"], v["Status"]));
            fact(fmt::format("service {} {}, start type {}", v["Name"], v["Status"], v["StartType"]), p, r.line);
            if (v["StartType"] == "Disabled") disabled.push_back(fmt::format("{} ({}:{})", v["Name"], relative_name(p, dir), r.line));
            if ((v["Name"] == "W3SVC" || v["Name"] == "WAS") && v["Status"] != "Running") stopped_web.push_back(v["Name"]);
        }
        if (!disabled.empty())
            // facts.md 1: setup sets the Exchange services to Disabled during a CU and leaves them so
            // when it fails (R5).
            out.assumptions.push_back(fmt::format(
                "services Disabled: {}: as a failed CU leaves them (rule R5); a scenario cannot say which services are "
                "disabled, so the scenario starts before the CU as if they were not",
                join(disabled, ", ")));
        if (!stopped_web.empty())
            out.assumptions.push_back(fmt::format("{} not running (services.xml): a scenario cannot say so; not in the scenario",
                                                  join(stopped_web, " and ")));
    }

    // setup-registry.xml: HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\<Role>: Watermark, Action,
    // ConfiguredVersion, UnpackedVersion (the collector). A Watermark is what a failed run leaves
    // for the next to resume from (facts.md 1: "Setup failed previously while performing the action
    // Install. Looking for the failed task with ID ..."). The scenario cannot say a run is in
    // progress (no setup progress in scenario.schema.json): an assumption names what was found.
    void setup_registry(const Json& scenario) {
        if (!has("setup-registry.xml")) return;
        fs::path p = file("setup-registry.xml");
        out.files.push_back(relative_name(p, dir));
        std::vector<std::string> in_progress;
        for (auto& r : read_clixml(read_file_bytes(p.string()), p.string())) {
            auto& v = r.values;
            std::string role = v["PSChildName"];
            if (role.empty()) throw InputError(p.string(), fmt::format("line {}", r.line), "a role key without PSChildName");
            fact(fmt::format("{}: ConfiguredVersion {}, UnpackedVersion {}{}{}", role, v["ConfiguredVersion"].empty() ? "none" : v["ConfiguredVersion"],
                             v["UnpackedVersion"].empty() ? "none" : v["UnpackedVersion"],
                             v["Action"].empty() ? std::string() : ", Action " + v["Action"],
                             v["Watermark"].empty() ? std::string() : ", Watermark " + v["Watermark"]),
                 p, r.line);
            if (!v["Watermark"].empty() || !v["Action"].empty())
                in_progress.push_back(fmt::format("{} (Action '{}', Watermark '{}', UnpackedVersion {}; {}:{})", role, v["Action"],
                                                  v["Watermark"], v["UnpackedVersion"], relative_name(p, dir), r.line));
            std::string installed = scenario["server"].value("installedBuild", std::string());
            // Compared as numbers: setup writes versions as 15.02.1544.004 in places (facts.md 1).
            if (!installed.empty() && !v["ConfiguredVersion"].empty() && build_numbers(v["ConfiguredVersion"]) != build_numbers(installed))
                out.findings.push_back(fmt::format("{}'s ConfiguredVersion {} ({}:{}) is not the installed build {} that "
                                                   "GetExchangeServer.xml shows",
                                                   role, v["ConfiguredVersion"], relative_name(p, dir), r.line, installed));
        }
        if (!in_progress.empty())
            out.assumptions.push_back(fmt::format(
                "setup left a run unfinished: {}; a scenario cannot say a CU is in progress (no watermark in the scenario "
                "format), so it starts before the CU, and the simulated CU runs from the beginning",
                join(in_progress, ", ")));
    }

    void clock(Json& scenario) {
        if (at) {
            scenario["clock"] = format_iso(*at);
            return;
        }
        // The collector (collector/Export-CusimServerState.ps1) writes the server's UTC time.
        if (has("clock.txt")) {
            fs::path p = file("clock.txt");
            out.files.push_back(relative_name(p, dir));
            std::string text = read_text_file(p.string());
            while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
            SimTime t = parse_clock_or_throw(text, p.string(), "line 1");
            scenario["clock"] = format_iso(t);
            fact("collected at " + format_iso(t), p, 1);
            return;
        }
        // The exports carry no date of their own; they cannot be older than the newest date in them.
        SimTime clock = newest_date && clock_in_range(*newest_date) ? *newest_date : *parse_iso_time("2024-01-01");
        scenario["clock"] = format_iso(clock);
        out.assumptions.push_back(fmt::format("the exports carry no date: the clock is {}, {}, the earliest they can have been "
                                              "taken (--at DATE sets it)",
                                              format_iso(clock), newest_date ? "the newest date in them (" + newest_date_from + ")"
                                                                             : std::string("a default")));
    }
};

}  // namespace

ImportedServer import_exchange_exports(const std::string& dir_name, std::optional<SimTime> at) {
    Reader r;
    r.dir = fs::path(dir_name);
    r.at = at;
    std::error_code ec;
    if (!fs::is_directory(r.dir, ec)) throw InputError(dir_name, "not a folder of exports");
    if (!r.has("GetExchangeCertificate.xml"))
        throw InputError(dir_name, "no GetExchangeCertificate.xml in it (Get-ExchangeCertificate | Export-Clixml): nothing to import");
    Json scenario = Json::object();
    r.certificate_table();
    r.exchange_certificates(scenario);
    r.store_certificates();
    scenario["certificates"] = r.certificates;
    r.exchange_server(scenario);
    // Moved, not copied: each certificate's DER is a few KB of base64, and a fleet imports thousands.
    Json certs = std::move(scenario["certificates"]);
    scenario.erase("certificates");
    std::string name = scenario["server"]["name"];
    scenario["id"] = id_from_name(name);
    scenario["title"] = name + " as its exports show it";
    std::string shown_dir = fs::weakly_canonical(fs::absolute(r.dir)).string();
    scenario["source"] = "import:" + shown_dir;
    Json exchange = Json::object();
    r.auth_config(exchange);
    r.clock(scenario);
    scenario["certificates"] = std::move(certs);
    r.iis(scenario);
    r.internal_transport(exchange, scenario);
    r.receive_connectors(exchange, scenario);
    r.services();
    r.setup_registry(scenario);
    if (!exchange.empty()) scenario["exchange"] = exchange;
    scenario["provenance"] = {{"importedFrom", shown_dir}, {"files", r.out.files}, {"facts", r.out.facts},
                              {"assumptions", r.out.assumptions}, {"findings", r.out.findings}};
    // Never silently ignored: a file of the folder this import does not read is said to be unread.
    std::set<std::string> read(r.out.files.begin(), r.out.files.end());
    for (auto it = fs::recursive_directory_iterator(r.dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        std::string name = relative_name(it->path(), r.dir);
        if (read.count(name)) continue;
        r.out.assumptions.push_back(name + ": not read by this version of cusim import; what it holds is not in the scenario");
    }
    if (fs::is_directory(r.dir / "certificates") && !r.has("certificates/certificates.csv"))
        r.out.assumptions.push_back("certificates/ has no certificates.csv: the keys of the certificates only its .cer files show are unknown");
    scenario["provenance"]["assumptions"] = r.out.assumptions;

    // In the order the bundled scenarios are written.
    Json ordered = Json::object();
    for (const char* key : {"id", "title", "source", "clock", "server", "certificates", "iis", "httpSys", "exchange", "provenance"})
        if (scenario.contains(key)) ordered[key] = std::move(scenario[key]);
    r.out.scenario = std::move(ordered);
    return r.out;
}

}  // namespace cusim
