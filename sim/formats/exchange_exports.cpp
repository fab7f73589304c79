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
    std::set<std::string> thumbprints_in_store;
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
    std::map<std::string, std::map<std::string, std::string>> collected_keys;  // thumbprint -> column -> value
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
            if (row["Store"] == "My") collected_keys[upper_hex(row["Thumbprint"])] = row;
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
                if (has_key && row->second["KeyProvider"].find("Key Storage Provider") != std::string::npos) entry["keyProvider"] = "CNG";
                fact(fmt::format("{} HasPrivateKey {}{}", c.thumbprint(), has_key ? "True" : "False",
                                 row->second["KeyProvider"].empty() ? "" : ", key in " + row->second["KeyProvider"]),
                     file("certificates/certificates.csv"));
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
        // "Version 15.2 (Build 986.5)": 15.1 is Exchange 2016, 15.2 Exchange 2019.
        std::string version = v["AdminDisplayVersion"];
        unsigned major = 0, minor = 0, build = 0, revision = 0;
        if (std::sscanf(version.c_str(), "Version %u.%u (Build %u.%u)", &major, &minor, &build, &revision) == 4) {
            if (major == 15 && minor == 2) server["version"] = "2019";
            else if (major == 15 && minor == 1) server["version"] = "2016";
            else throw InputError(p.string(), fmt::format("line {}", records[0].line),
                                  fmt::format("AdminDisplayVersion '{}' is neither Exchange 2016 (15.1) nor 2019 (15.2)", version));
            server["installedBuild"] = fmt::format("{}.{}.{}.{}", major, minor, build, revision);
            fact("installed build " + server["installedBuild"].get<std::string>(), p, records[0].line);
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
        if (!v["NextCertificateEffectiveDate"].empty()) {
            if (auto d = parse_windows_time(v["NextCertificateEffectiveDate"])) auth["nextEffectiveDate"] = format_iso(*d);
        }
        exchange["authConfig"] = auth;
    }

    void internal_transport(Json& exchange, Json& scenario) {
        if (!has("GetInternalTransportCertificateFromServer.xml")) return;
        fs::path p = file("GetInternalTransportCertificateFromServer.xml");
        out.files.push_back(relative_name(p, dir));
        auto certs = read_clixml_certificates(read_file_bytes(p.string()), p.string());
        if (certs.size() != 1) throw InputError(p.string(), "expected one certificate");
        const Certificate& c = certs[0].certificate;
        exchange["internalTransportThumbprint"] = c.thumbprint();
        fact("internal transport certificate " + c.thumbprint(), p, certs[0].line);
        if (!thumbprints_in_store.count(c.thumbprint())) {
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
        if (!has("IIS/GetWebBinding.xml")) {
            out.assumptions.push_back("no IIS/GetWebBinding.xml: which certificate each https binding holds is unknown; none assumed");
            return;
        }
        fs::path p = file("IIS/GetWebBinding.xml");
        out.files.push_back(relative_name(p, dir));
        Json http_sys = Json::array();
        std::set<std::string> endpoints;
        for (auto& r : read_clixml(read_file_bytes(p.string()), p.string())) {
            auto& v = r.values;
            if (ascii_lower(v["protocol"]) != "https") continue;
            std::string hash = upper_hex(v["certificateHash"]);
            std::string endpoint = http_sys_endpoint(IisBinding{"https", v["bindingInformation"], 0});
            if (hash.empty()) {
                out.findings.push_back(fmt::format("https binding {} has no certificate ({}:{})", v["bindingInformation"],
                                                   relative_name(p, dir), r.line));
                continue;
            }
            if (!endpoints.insert(endpoint).second) continue;  // *:443: and :443: are one http.sys endpoint
            Json b = {{"ipPort", endpoint}, {"thumbprint", hash}};
            if (!v["certificateStoreName"].empty()) {
                std::string store = v["certificateStoreName"];
                std::transform(store.begin(), store.end(), store.begin(), [](unsigned char ch) { return char(std::toupper(ch)); });
                b["storeName"] = store;
            }
            http_sys.push_back(b);
            fact(fmt::format("binding {} -> {}", endpoint, hash), p, r.line);
            if (!thumbprints_in_store.count(hash))
                out.findings.push_back(fmt::format(
                    "the https binding {} ({}) holds certificate {}, which is not among the exported certificates ({}:{}): "
                    "setup's Install-ExchangeCertificate cannot find it",
                    v["bindingInformation"], endpoint, hash, relative_name(p, dir), r.line));
        }
        scenario["httpSys"] = http_sys;
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
    r.exchange_server(scenario);
    Json certs = scenario["certificates"];
    scenario.erase("certificates");
    std::string name = scenario["server"]["name"];
    scenario["id"] = id_from_name(name);
    scenario["title"] = name + " as its exports show it";
    std::string shown_dir = fs::weakly_canonical(fs::absolute(r.dir)).string();
    scenario["source"] = "import:" + shown_dir;
    Json exchange = Json::object();
    r.auth_config(exchange);
    r.clock(scenario);
    scenario["certificates"] = certs;
    r.iis(scenario);
    r.internal_transport(exchange, scenario);
    if (!exchange.empty()) scenario["exchange"] = exchange;
    scenario["provenance"] = {{"importedFrom", shown_dir}, {"files", r.out.files}, {"facts", r.out.facts},
                              {"assumptions", r.out.assumptions}, {"findings", r.out.findings}};
    // Never silently ignored: a file of the folder this import does not read is said to be unread.
    std::set<std::string> read(r.out.files.begin(), r.out.files.end());
    for (auto it = fs::recursive_directory_iterator(r.dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        std::string name = relative_name(it->path(), r.dir);
        if (read.count(name) || name.rfind("certificates/", 0) == 0) continue;
        r.out.assumptions.push_back(name + ": not read by this version of cusim import; what it holds is not in the scenario");
    }
    if (fs::is_directory(r.dir / "certificates") && !r.has("certificates/certificates.csv"))
        r.out.assumptions.push_back("certificates/: only certificates.csv is read; the .cer files of Root, CA and WebHosting are not");
    else if (fs::is_directory(r.dir / "certificates"))
        r.out.assumptions.push_back("certificates/*/*.cer: not read by this version (the Personal store comes from GetExchangeCertificate.xml)");
    scenario["provenance"]["assumptions"] = r.out.assumptions;

    // In the order the bundled scenarios are written.
    Json ordered = Json::object();
    for (const char* key : {"id", "title", "source", "clock", "server", "certificates", "iis", "httpSys", "exchange", "provenance"})
        if (scenario.contains(key)) ordered[key] = scenario[key];
    r.out.scenario = ordered;
    return r.out;
}

}  // namespace cusim
