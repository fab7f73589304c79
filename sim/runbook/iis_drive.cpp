#include "sim/runbook/iis_drive.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/core/text.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/runbook/commands.hpp"
#include "sim/runbook/server_host.hpp"
#include "sim/runbook/server_objects.hpp"

namespace cusim::runbook {
namespace {

using ps::CommandCall;
using ps::PsValue;

ServerHost& iis_host(CommandCall& c) { return dynamic_cast<ServerHost&>(c.in.host()); }

// Without Import-Module WebAdministration there is no IIS: drive (Windows PowerShell 5.1 makes it
// when the module loads): the provider cmdlets' DriveNotFoundException.
bool drive_ready(CommandCall& c) {
    if (iis_host(c).webadministration_loaded) return true;
    std::string type = c.command.name;
    type.erase(std::remove(type.begin(), type.end(), '-'), type.end());
    ps::ErrorRecord e;
    e.message = "Cannot find drive. A drive with the name 'IIS' does not exist.";
    e.command = c.command.name;
    e.category = fmt::format("ObjectNotFound: (IIS:String) [{}], DriveNotFoundException", c.command.name);
    e.error_id = fmt::format("DriveNotFound,Microsoft.PowerShell.Commands.{}Command", type);
    e.exception_type = "System.Management.Automation.DriveNotFoundException";
    c.write_error(std::move(e));
    return false;
}

// "IIS:\SslBindings\0.0.0.0!444" -> {"sslbindings", "0.0.0.0!444"}: the container (lower case) and
// the item's name ("" for the container itself).
std::pair<std::string, std::string> split_iis_path(const std::string& path) {
    std::string rest = path.substr(4);
    size_t b = rest.find_first_not_of("\\/");
    rest = b == std::string::npos ? std::string() : rest.substr(b);
    while (!rest.empty() && (rest.back() == '\\' || rest.back() == '/')) rest.pop_back();
    auto slash = rest.find_first_of("\\/");
    if (slash == std::string::npos) return {ascii_lower(rest), ""};
    return {ascii_lower(rest.substr(0, slash)), rest.substr(slash + 1)};
}

// An IIS:\SslBindings item name as http.sys's endpoint: "0.0.0.0!444" -> "0.0.0.0:444",
// "!443!mail.contoso.com" -> "mail.contoso.com:443" (an SNI binding); nullopt for a form the
// simulator does not model ("*!443", an IPv6 address).
std::optional<std::string> ssl_endpoint(const std::string& item) {
    std::vector<std::string> parts(1);
    for (char ch : item) {
        if (ch == '!') parts.emplace_back();
        else parts.back() += ch;
    }
    auto digits = [](const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; };
    if (parts.size() == 2 && digits(parts[1]) && !parts[0].empty() && parts[0].find_first_not_of("0123456789.") == std::string::npos)
        return parts[0] + ":" + parts[1];
    if (parts.size() == 3 && parts[0].empty() && digits(parts[1]) && !parts[2].empty()) return parts[2] + ":" + parts[1];
    return std::nullopt;
}

std::vector<std::string> sites_on(const ServerState& s, const std::string& endpoint) {
    std::vector<std::string> names;
    for (auto& site : s.sites)
        for (auto& b : site.bindings)
            if (b.protocol == "https" && http_sys_endpoint(b) == endpoint && std::find(names.begin(), names.end(), site.name) == names.end())
                names.push_back(site.name);
    return names;
}

PsValue ssl_binding_value(const ServerState& s, const SslBinding& b) {
    return PsValue(ps::ObjectPtr(std::make_shared<SslBindingObject>(b, sites_on(s, b.ip_port))));
}

// The physical path of a default Exchange server's sites (../shared/data/css-exchange/E19/IIS/
// applicationHost.config, each site's root virtual directory); another site's is not known.
std::optional<std::string> physical_path_of(const std::string& site) {
    if (site == "Default Web Site") return std::string("%SystemDrive%\\inetpub\\wwwroot");
    if (site == "Exchange Back End") return std::string("C:\\Program Files\\Microsoft\\Exchange Server\\V15\\ClientAccess");
    return std::nullopt;
}

PsValue site_value(const ServerState& s, const IisSite& site) {
    auto o = std::make_shared<WebSiteObject>();
    o->site = site;
    for (auto& b : site.bindings) {
        std::string hash, store;
        if (b.protocol == "https")
            if (const SslBinding* ssl = s.find_ssl_binding(http_sys_endpoint(b))) {
                hash = ssl->certificate_hash;
                store = ssl->store_name;
            }
        o->bindings.push_back(PsValue(ps::ObjectPtr(std::make_shared<WebBindingObject>(site.name, b, hash, store))));
    }
    // A site is started by W3SVC; while a failed CU has left W3SVC disabled what the drive reports
    // for it is not modelled.
    auto& off = s.setup.disabled_services;
    if (std::find(off.begin(), off.end(), "W3SVC") == off.end()) o->state = "Started";
    o->physical_path = physical_path_of(site.name);
    return PsValue(ps::ObjectPtr(o));
}

const std::string* find_pool(const std::string& name) {
    auto& pools = exchange_app_pools();
    auto it = std::find_if(pools.begin(), pools.end(), [&](auto& n) { return iequals(n, name); });
    return it == pools.end() ? nullptr : &*it;
}

// What an IIS: path names: its item, or nothing when it does not exist.
std::optional<PsValue> find_item(CommandCall& c, const std::string& path) {
    const ServerState& s = iis_host(c).context().state;
    auto [container, item] = split_iis_path(path);
    if (item.find_first_of("\\/") != std::string::npos) c.in.not_modelled("the path " + path);
    if (container == "sslbindings") {
        auto endpoint = ssl_endpoint(item);
        if (!endpoint) c.in.not_modelled("the IIS:\\SslBindings item " + item + " (the simulator has IP!PORT and !PORT!HOST)");
        const SslBinding* b = s.find_ssl_binding(*endpoint);
        if (!b) return std::nullopt;
        return ssl_binding_value(s, *b);
    }
    if (container == "sites") {
        const IisSite* site = s.find_site(item);
        if (!site) return std::nullopt;
        return site_value(s, *site);
    }
    if (container == "apppools") {
        const std::string* pool = find_pool(item);
        if (!pool) return std::nullopt;
        return PsValue(ps::ObjectPtr(std::make_shared<AppPoolObject>(*pool)));
    }
    c.in.not_modelled("the path " + path + " (the simulator has IIS:\\Sites, IIS:\\AppPools and IIS:\\SslBindings)");
}

// A catalogue action's failure as the provider's COM exception (the netsh error codes 183 and 1312
// are the same Win32 errors: https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes).
std::string provider_message(const std::string& netsh_output) {
    if (netsh_output.find("Error: 183") != std::string::npos)
        return "Cannot create a file when that file already exists. (Exception from HRESULT: 0x800700B7)";
    if (netsh_output.find("Error: 1312") != std::string::npos)
        return "A specified logon session does not exist. It may already have been terminated. (Exception from HRESULT: 0x80070520)";
    if (netsh_output.find("Error: 2") != std::string::npos)
        return "The system cannot find the file specified. (Exception from HRESULT: 0x80070002)";
    return netsh_output;
}

void write_com_error(CommandCall& c, const std::string& message) {
    std::string type = c.command.name;
    type.erase(std::remove(type.begin(), type.end(), '-'), type.end());
    ps::ErrorRecord e;
    e.message = message;
    e.command = c.command.name;
    // INFERRED: the category and id PowerShell gives a provider's COMException.
    e.category = fmt::format("NotSpecified: (:) [{}], COMException", c.command.name);
    e.error_id = fmt::format("System.Runtime.InteropServices.COMException,Microsoft.PowerShell.Commands.{}Command", type);
    e.exception_type = "System.Runtime.InteropServices.COMException";
    c.write_error(std::move(e));
}

// The certificate New-Item binds: -Thumbprint, or the certificate given as -Value or piped
// (its Thumbprint and its store, from the Cert:\ item).
struct BoundCertificate {
    std::string thumbprint, store = "My";
};

std::vector<BoundCertificate> certificates_of(CommandCall& c) {
    std::vector<BoundCertificate> out;
    if (c.has("thumbprint")) {
        out.push_back({upper_hex(c.text("thumbprint"))});
        return out;
    }
    ps::Array given = c.has("value") ? ps::enumerate(*c.get("value")) : c.input;
    for (auto& v : given) {
        auto* cert = v.is_object() ? dynamic_cast<const CertificateObject*>(v.as_object().get()) : nullptr;
        if (!cert) c.in.not_modelled("New-Item IIS:\\SslBindings of a [" + ps::type_name_of(v) + "] (the simulator takes a Cert:\\ certificate or -Thumbprint)");
        out.push_back({cert->entry.certificate.thumbprint(), cusim::to_string(cert->store)});
    }
    return out;
}

}  // namespace

void iis_get_item(CommandCall& c, const std::string& path, bool children) {
    if (!drive_ready(c)) return;
    const ServerState& s = iis_host(c).context().state;
    auto [container, item] = split_iis_path(path);
    if (children && item.empty()) {
        if (container == "sslbindings") {
            for (auto& b : s.ssl_bindings) c.emit(ssl_binding_value(s, b));
            return;
        }
        if (container == "sites") {
            for (auto& site : s.sites) c.emit(site_value(s, site));
            return;
        }
        if (container == "apppools") {
            for (auto& p : exchange_app_pools()) c.emit(PsValue(ps::ObjectPtr(std::make_shared<AppPoolObject>(p))));
            return;
        }
    }
    if (item.empty() || children) c.in.not_modelled(std::string(children ? "Get-ChildItem " : "Get-Item ") + path);
    if (auto v = find_item(c, path)) return c.emit(*v);
    c.write_error(ps::path_not_found(path, c.command.name));
}

void iis_test_path(CommandCall& c, const std::string& path) {
    if (!iis_host(c).webadministration_loaded) return c.emit(PsValue(false));  // no such drive: Test-Path is $false
    auto [container, item] = split_iis_path(path);
    if (item.empty()) {
        if (container != "sslbindings" && container != "sites" && container != "apppools") c.in.not_modelled("Test-Path " + path);
        return c.emit(PsValue(true));
    }
    c.emit(PsValue(find_item(c, path).has_value()));
}

// New-Item IIS:\SslBindings\<ip>!<port> [-Value <cert>] [-Thumbprint <hash>] [-SSLFlags <n>]
// (https://learn.microsoft.com/en-us/iis/manage/powershell/powershell-snap-in-configuring-ssl-with-the-iis-powershell-snap-in):
// netsh http add sslcert with IIS's application id, the catalogue's rules (an existing binding,
// a certificate without its key in the store).
void iis_new_item(CommandCall& c, const std::string& path) {
    if (!drive_ready(c)) return;
    auto [container, item] = split_iis_path(path);
    if (container != "sslbindings" || item.empty()) c.in.not_modelled("New-Item " + path);
    auto endpoint = ssl_endpoint(item);
    if (!endpoint) c.in.not_modelled("the IIS:\\SslBindings item " + item + " (the simulator has IP!PORT and !PORT!HOST)");
    if (c.has("sslflags")) {
        std::string flags = c.text("sslflags");
        bool sni = item[0] == '!';
        if (!((flags == "0" && !sni) || (flags == "1" && sni))) c.in.not_modelled("New-Item -SSLFlags " + flags + " on " + item);
    }
    auto certs = certificates_of(c);
    if (certs.empty()) c.in.not_modelled("New-Item " + path + " without a certificate");
    ServerHost& host = iis_host(c);
    LineContext lc{host.context(), host.folder()};
    for (auto& cert : certs) {
        ActionResult r = action("netsh-add-sslcert", {{"ipport", *endpoint}, {"certificate", by_thumbprint(cert.thumbprint)},
                                                      {"certstorename", cert.store}}, lc);
        if (!r.ok) {
            write_com_error(c, provider_message(r.output));
            continue;
        }
        if (const SslBinding* b = lc.ctx.state.find_ssl_binding(*endpoint)) c.emit(ssl_binding_value(lc.ctx.state, *b));
    }
}

// Remove-Item IIS:\SslBindings\<ip>!<port>: netsh http delete sslcert.
void iis_remove_item(CommandCall& c, const std::string& path) {
    if (!drive_ready(c)) return;
    auto [container, item] = split_iis_path(path);
    if (container != "sslbindings" || item.empty()) c.in.not_modelled("Remove-Item " + path);
    if (!find_item(c, path)) return c.write_error(ps::path_not_found(path, c.command.name));
    ServerHost& host = iis_host(c);
    LineContext lc{host.context(), host.folder()};
    ActionResult r = action("netsh-delete-sslcert", {{"ipport", *ssl_endpoint(item)}}, lc);
    if (!r.ok) write_com_error(c, provider_message(r.output));
}

// Get-Website [[-Name] <name>]: the sites, as IIS:\Sites has them
// (https://learn.microsoft.com/en-us/powershell/module/webadministration/get-website). It loads
// WebAdministration itself (module autoloading), so it needs no Import-Module.
void get_website(CommandCall& c) {
    iis_host(c).webadministration_loaded = true;
    const ServerState& s = iis_host(c).context().state;
    std::string name = c.text("name");
    for (auto& site : s.sites)
        if (name.empty() || iequals(name, site.name)) c.emit(site_value(s, site));
}

// INFERRED layouts (the WebAdministration module's views, as consoles show them): the sites with
// one binding a line in the last column, and http.sys's bindings with the sites that use them.
std::optional<std::string> iis_format_default(const ps::Array& objects) {
    const ps::PsObject* first = objects[0].as_object().get();
    if (dynamic_cast<const WebSiteObject*>(first)) {
        size_t name_w = 4, path_w = 13;
        for (auto& o : objects) {
            auto* w = dynamic_cast<const WebSiteObject*>(o.as_object().get());
            if (!w) return std::nullopt;
            name_w = std::max(name_w, w->site.name.size());
            if (!w->physical_path) throw ps::NotModelled("the physical path of the site " + w->site.name);
            if (!w->state) throw ps::NotModelled("the state of the site " + w->site.name + " while W3SVC is disabled");
            path_w = std::max(path_w, w->physical_path->size());
        }
        std::string out = "\n" + fmt::format("{:<{}} {:<4} {:<8} {:<{}} {}\n", "Name", name_w, "ID", "State", "Physical Path", path_w, "Bindings");
        out += fmt::format("{:<{}} {:<4} {:<8} {:<{}} {}\n", "----", name_w, "--", "-----", "-------------", path_w, "--------");
        for (auto& o : objects) {
            auto& w = static_cast<const WebSiteObject&>(*o.as_object());
            std::string indent(name_w + 1 + 5 + 9 + path_w + 1, ' ');
            for (size_t i = 0; i < w.site.bindings.size(); ++i) {
                std::string binding = w.site.bindings[i].protocol + " " + w.site.bindings[i].binding_information;
                if (w.site.bindings[i].ssl_flags) binding += " sslFlags=" + std::to_string(w.site.bindings[i].ssl_flags);
                if (i == 0)
                    out += fmt::format("{:<{}} {:<4} {:<8} {:<{}} {}\n", w.site.name, name_w, w.site.id, *w.state, *w.physical_path, path_w, binding);
                else
                    out += indent + binding + "\n";
            }
            if (w.site.bindings.empty())
                out += fmt::format("{:<{}} {:<4} {:<8} {}\n", w.site.name, name_w, w.site.id, *w.state, *w.physical_path);
        }
        return out + "\n";
    }
    if (dynamic_cast<const SslBindingObject*>(first)) {
        std::string out = "\n" + fmt::format("{:<16} {:<4} {:<16} {:<16} {}\n", "IP Address", "Port", "Host Name", "Store", "Sites");
        out += fmt::format("{:<16} {:<4} {:<16} {:<16} {}\n", "----------", "----", "---------", "-----", "-----");
        for (auto& o : objects) {
            auto* b = dynamic_cast<const SslBindingObject*>(o.as_object().get());
            if (!b) return std::nullopt;
            auto text = [&](const char* p) { return ps::to_string(*b->property(p)); };
            std::string line = fmt::format("{:<16} {:<4} {:<16} {:<16} {}", text("IPAddress"), text("Port"), text("Host"), text("Store"), text("Sites"));
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += line + "\n";
        }
        return out + "\n";
    }
    return std::nullopt;
}

}  // namespace cusim::runbook
