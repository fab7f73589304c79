#include "sim/formats/state_files.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "sim/x509/cert_file.hpp"
#include "sim/x509/clixml.hpp"
#include "sim/formats/iis_config.hpp"
#include "sim/core/input_error.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/core/text.hpp"

namespace cusim {
namespace fs = std::filesystem;

void write_file_made(const std::string& path, const std::string& bytes) {
    fs::path p(path);
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

namespace {

void write(const fs::path& p, const std::string& text) { write_file_made(p.string(), text); }

void write_bytes(const fs::path& p, const Bytes& b) {
    write(p, std::string(b.begin(), b.end()));
}

std::string read(const fs::path& p) { return read_text_file(p.string()); }

bool truthy(const std::string& v) { return iequals(v, "true"); }

}  // namespace

std::vector<SslBinding> parse_netsh_sslcert(const std::string& text, const std::string& path) {
    // One reader of netsh's text for the state files and `cusim import` (tool_output).
    std::vector<SslBinding> out;
    for (auto& b : read_netsh_sslcert(text, path)) {
        // A state file has no place to say what the model leaves out: a setting it would take
        // as its default is refused here (cusim import lists it as an assumption instead).
        if (!b.not_modelled.empty())
            throw InputError(path, fmt::format("line {}", b.not_modelled.front().line), "not modelled: " + b.not_modelled.front().what);
        out.push_back(b.binding);
    }
    return out;
}

void export_state(const ServerState& state, const std::string& dir) {
    fs::path root(dir);
    write(root / "clock.txt", format_iso(state.clock) + "\n");
    std::vector<ClixmlObject> entries;
    for (auto& store : state.stores) {
        for (auto& e : store.entries) {
            const Certificate& c = e.certificate;
            fs::path base = root / "certificates" / to_string(store.name) / c.thumbprint();
            write_bytes(base.string() + ".cer", c.der());
            if (e.has_private_key && e.key) write(base.string() + ".key", e.key->to_pem());
            entries.push_back({{"System.Security.Cryptography.X509Certificates.X509Certificate2", "System.Object"},
                               "[Subject]\r\n  " + c.subject(),
                               {{'S', "Store", to_string(store.name)},
                                {'S', "Thumbprint", c.thumbprint()},
                                {'S', "Subject", c.subject()},
                                {'S', "FriendlyName", e.friendly_name},
                                {'D', "NotAfter", format_iso(c.not_after())},
                                {'B', "HasPrivateKey", e.has_private_key ? "true" : "false"},
                                {'S', "KeyProvider", provider_display_name(e.key_provider)},
                                {'B', "Exportable", e.exportable ? "true" : "false"},
                                {'B', "Archived", e.archived ? "true" : "false"},
                                {'B', "AdministratorsFullControl", e.administrators_full_control ? "true" : "false"},
                                {'S', "AdministratorsKeyAccess", e.administrators_full_control ? "full"
                                                                 : e.administrators_read       ? "read"
                                                                                               : "none"}}});
        }
    }
    write(root / "certificates" / "certificates.xml", write_clixml(entries));
    write(root / "iis" / "applicationHost.config", write_application_host_config(state.sites));
    write(root / "netsh-http-sslcert.txt", netsh_show_sslcert(state, ""));

    std::vector<ClixmlObject> exchange;
    if (const CertificateStore* my = state.find_store(StoreName::My))
        for (auto& e : my->entries) {
            auto it = state.exchange.services.find(e.certificate.thumbprint());
            std::string services = it == state.exchange.services.end() || it->second.empty() ? "None" : join(it->second, ", ");
            exchange.push_back({{"Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate",
                                 "System.Security.Cryptography.X509Certificates.X509Certificate2", "System.Object"},
                                "",
                                {{'A', "RawData", base64_encode(e.certificate.der())},
                                 {'S', "Thumbprint", e.certificate.thumbprint()},
                                 {'S', "FriendlyName", e.friendly_name},
                                 {'S', "Services", services},
                                 {'S', "Subject", e.certificate.subject()}}});
        }
    write(root / "exchange" / "ExchangeCertificate.xml", write_clixml(exchange));
    const auto& a = state.exchange.auth;
    ClixmlObject auth{{"Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthConfig", "System.Object"}, "", {}};
    auth.properties = {{a.current_thumbprint.empty() ? 'N' : 'S', "CurrentCertificateThumbprint", a.current_thumbprint},
                       {a.next_thumbprint.empty() ? 'N' : 'S', "NextCertificateThumbprint", a.next_thumbprint},
                       {a.previous_thumbprint.empty() ? 'N' : 'S', "PreviousCertificateThumbprint", a.previous_thumbprint},
                       {a.next_effective_date ? 'D' : 'N', "NextCertificateEffectiveDate",
                        a.next_effective_date ? format_iso(*a.next_effective_date) : ""}};
    write(root / "exchange" / "AuthConfig.xml", write_clixml({auth}));
    write(root / "README.txt",
          "A server state exported by cusim. Change these files to change the server; cusim reads them back.\n"
          "clock.txt, certificates/<Store>/<THUMBPRINT>.cer and .key, certificates/certificates.xml,\n"
          "iis/applicationHost.config, netsh-http-sslcert.txt, exchange/ExchangeCertificate.xml, exchange/AuthConfig.xml\n");
}

namespace {
// A state folder holds files and folders only. A program fix (or whoever edited the folder) could
// leave a link to a file anywhere, e.g. certificates/My/<thumbprint>.cer -> /etc/shadow, which
// cusim, not fenced, would then read and quote in its errors (issue 18).
void refuse_links(const fs::path& root) {
    std::error_code ec;
    if (fs::is_symlink(root, ec)) throw InputError(root.string(), "the state folder is a symbolic link; give the folder itself");
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        fs::file_status st = it->symlink_status(ec);
        if (ec) break;
        if (fs::is_symlink(st))
            throw InputError(it->path().string(), "is a symbolic link; a state folder holds files and folders only");
        if (!fs::is_directory(st) && !fs::is_regular_file(st))
            throw InputError(it->path().string(), "is not a regular file (a device, a pipe or a socket)");
    }
    if (ec) throw InputError(root.string(), "cannot read the state folder: " + ec.message());
}
}  // namespace

ServerState import_state(const std::string& dir, const ServerState& base) {
    fs::path root(dir);
    refuse_links(root);
    ServerState s = base;
    auto required = [&](const fs::path& p) {
        if (!fs::exists(p)) throw InputError(p.string(), "missing from the state folder");
        return p;
    };
    std::string clock = read(required(root / "clock.txt"));
    while (!clock.empty() && isspace(static_cast<unsigned char>(clock.back()))) clock.pop_back();
    s.clock = parse_clock_or_throw(clock, (root / "clock.txt").string(), "line 1");

    // Certificates: the listed entries, then .cer files nobody listed.
    fs::path list_path = required(root / "certificates" / "certificates.xml");
    auto records = read_clixml(read_file_bytes(list_path.string()), list_path.string());
    s.stores = empty_stores();
    std::set<std::string> seen;
    auto load_entry = [&](StoreName store, const std::string& thumb, const std::string& where_file, const std::string& where) {
        fs::path cer = root / "certificates" / to_string(store) / (thumb + ".cer");
        if (!fs::exists(cer)) throw InputError(where_file, where, "no file " + fs::relative(cer, root).string());
        auto certs = load_certificates_file(cer.string());
        if (certs.size() != 1 || certs[0].thumbprint() != thumb)
            throw InputError(cer.string(), fmt::format("the file's thumbprint is {}, not {}", certs.empty() ? "none" : certs[0].thumbprint(), thumb));
        StoreEntry e{certs[0], false, KeyProvider::capi, true, ""};
        fs::path key = root / "certificates" / to_string(store) / (thumb + ".key");
        if (fs::exists(key)) {
            PrivateKey k = PrivateKey::load_file(key.string());
            if (!certs[0].matches_key(k)) throw InputError(key.string(), "the key does not match " + thumb + ".cer");
            e.key = k;
            e.has_private_key = true;
        } else if (const StoreEntry* old = base.find_certificate(thumb); old && old->key) {
            e.key = old->key;  // the key stays in the machine's key container
        }
        seen.insert(to_string(store) + "/" + thumb);
        return e;
    };
    for (auto& r : records) {
        std::string where = fmt::format("line {}", r.line);
        auto store = parse_store_name(r.values["Store"]);
        if (!store) throw InputError(list_path.string(), where, "unknown store '" + r.values["Store"] + "'");
        std::string thumb = upper_hex(r.values["Thumbprint"]);
        if (thumb.size() != 40) throw InputError(list_path.string(), where, "'" + r.values["Thumbprint"] + "' is not a thumbprint");
        StoreEntry e = load_entry(*store, thumb, list_path.string(), where);
        e.friendly_name = r.values["FriendlyName"];
        bool has_key = truthy(r.values["HasPrivateKey"]);
        // A key cusim never held (an imported server's) stays on the server: HasPrivateKey true
        // without a .key file is that entry as it was.
        const StoreEntry* before = base.find_certificate(thumb);
        bool key_on_server = before && before->has_private_key && !before->key;
        if (has_key && !e.key && !key_on_server)
            throw InputError(list_path.string(), where, thumb + ": HasPrivateKey is true but there is no key");
        e.has_private_key = has_key;
        e.key_recoverable = !has_key && e.key.has_value();
        e.key_provider = r.values["KeyProvider"] == provider_display_name(KeyProvider::cng) ? KeyProvider::cng : KeyProvider::capi;
        e.exportable = !r.values.count("Exportable") || truthy(r.values["Exportable"]);
        e.archived = truthy(r.values["Archived"]);
        e.administrators_full_control = !r.values.count("AdministratorsFullControl") || truthy(r.values["AdministratorsFullControl"]);
        e.administrators_read = !e.administrators_full_control && r.values["AdministratorsKeyAccess"] == "read";
        s.store(*store).entries.push_back(e);
    }
    for (StoreName store : {StoreName::My, StoreName::Root, StoreName::CA, StoreName::WebHosting}) {
        fs::path folder = root / "certificates" / to_string(store);
        if (!fs::is_directory(folder)) continue;
        std::vector<fs::path> files;
        for (auto& f : fs::directory_iterator(folder))
            if (f.path().extension() == ".cer") files.push_back(f.path());
        std::sort(files.begin(), files.end());
        for (auto& f : files) {
            auto certs = load_certificates_file(f.string());
            if (certs.size() != 1) throw InputError(f.string(), "expected one certificate");
            std::string thumb = certs[0].thumbprint();
            if (seen.count(to_string(store) + "/" + thumb)) continue;
            // A dropped-in certificate: its key, if any, is the .key file of the same name.
            StoreEntry e{certs[0], false, KeyProvider::capi, true, ""};
            fs::path key = f;
            key.replace_extension(".key");
            if (fs::exists(key)) {
                PrivateKey k = PrivateKey::load_file(key.string());
                if (!certs[0].matches_key(k)) throw InputError(key.string(), "the key does not match " + f.filename().string());
                e.key = k;
                e.has_private_key = true;
            }
            seen.insert(to_string(store) + "/" + thumb);
            s.store(store).entries.push_back(e);
        }
    }
    s.sites = read_application_host_config(required(root / "iis" / "applicationHost.config").string());
    fs::path netsh = required(root / "netsh-http-sslcert.txt");
    s.ssl_bindings = parse_netsh_sslcert(read(netsh), netsh.string());

    fs::path exchange = required(root / "exchange" / "ExchangeCertificate.xml");
    s.exchange.services.clear();
    for (auto& r : read_clixml(read_file_bytes(exchange.string()), exchange.string())) {
        std::string thumb = upper_hex(r.values["Thumbprint"]);
        std::vector<std::string> services;
        std::stringstream ss(r.values["Services"]);
        for (std::string item; std::getline(ss, item, ',');) {
            while (!item.empty() && item.front() == ' ') item.erase(0, 1);
            if (!item.empty() && item != "None") services.push_back(item);
        }
        if (!services.empty()) s.exchange.services[thumb] = services;
    }
    fs::path auth_path = required(root / "exchange" / "AuthConfig.xml");
    auto auth = read_clixml(read_file_bytes(auth_path.string()), auth_path.string());
    if (auth.size() != 1) throw InputError(auth_path.string(), "expected one AuthConfig object");
    auto& a = s.exchange.auth;
    a.current_thumbprint = upper_hex(auth[0].values["CurrentCertificateThumbprint"]);
    a.next_thumbprint = upper_hex(auth[0].values["NextCertificateThumbprint"]);
    a.previous_thumbprint = upper_hex(auth[0].values["PreviousCertificateThumbprint"]);
    std::string effective = auth[0].values["NextCertificateEffectiveDate"];
    a.next_effective_date.reset();
    if (!effective.empty())
        a.next_effective_date = parse_iso_time_or_throw(effective, auth_path.string(), fmt::format("line {}", auth[0].line));
    return s;
}

}  // namespace cusim
