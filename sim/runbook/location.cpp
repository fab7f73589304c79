#include "sim/runbook/location.hpp"

#include <fmt/format.h>

#include <vector>

#include "sim/core/text.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/powershell/format_output.hpp"
#include "sim/runbook/server_host.hpp"

namespace cusim::runbook {
namespace {

using ps::CommandCall;
using ps::PsValue;

ServerHost& location_host(CommandCall& c) { return dynamic_cast<ServerHost&>(c.in.host()); }

// The drives of the simulated console, as Get-PSDrive names them.
std::optional<std::string> drive_spelling(const std::string& name) {
    std::string l = ascii_lower(name);
    if (l == "c") return "C";
    if (l == "cert") return "Cert";
    if (l == "iis") return "IIS";
    return std::nullopt;
}

// "Cert:\LocalMachine\My" -> {"Cert", "LocalMachine\My"}.
std::pair<std::string, std::string> split_drive(const std::string& absolute) {
    auto colon = absolute.find(':');
    std::string rest = absolute.substr(colon + 1);
    while (!rest.empty() && (rest[0] == '\\' || rest[0] == '/')) rest.erase(0, 1);
    return {absolute.substr(0, colon), rest};
}

// The folders of C: the simulator knows exist on an Exchange server: the console's start, the
// Windows folder above it, the drive's root and setup's log folder ($RoleSetupLoggingPath, facts.md 1d).
bool known_folder(const std::string& absolute) {
    for (const char* f : {"C:\\", "C:\\Windows", "C:\\Windows\\system32", "C:\\ExchangeSetupLogs"})
        if (iequals(absolute, f)) return true;
    return false;
}

// PathInfo, what Get-Location and Set-Location -PassThru return; the console shows its Path
// (https://learn.microsoft.com/en-us/dotnet/api/system.management.automation.pathinfo).
class PathInfoObject : public ps::PsObject {
public:
    explicit PathInfoObject(std::string p) : path(std::move(p)) {}
    std::string path;
    std::string type_name() const override { return "System.Management.Automation.PathInfo"; }
    std::vector<std::string> property_names() const override { return {"Drive", "Provider", "ProviderPath", "Path"}; }
    std::optional<PsValue> property(const std::string& name) const override {
        if (iequals(name, "Path")) return PsValue(path);
        // On the file system the provider's path is the path itself; the drive and provider
        // objects, and the Cert: and IIS: providers' own paths, are not modelled.
        if (iequals(name, "ProviderPath") && split_drive(path).first == "C") return PsValue(path);
        return std::nullopt;
    }
    std::string to_string() const override { return path; }
};

PsValue path_info(const std::string& p) { return PsValue(ps::ObjectPtr(std::make_shared<PathInfoObject>(p))); }

ps::ErrorRecord set_location_error(const std::string& message, const std::string& target, const std::string& exception,
                                   const std::string& id) {
    ps::ErrorRecord e;
    e.message = message;
    e.command = "Set-Location";
    e.category = fmt::format("ObjectNotFound: ({}:String) [Set-Location], {}", target, exception);
    e.error_id = id + ",Microsoft.PowerShell.Commands.SetLocationCommand";
    e.exception_type = "System.Management.Automation." + exception;
    return e;
}

// Whether the container `absolute` exists: true, false (PowerShell's "Cannot find path"), or refused
// when the simulator does not know.
bool location_exists(CommandCall& c, const std::string& absolute) {
    auto [drive, rest] = split_drive(absolute);
    auto parts = split_provider_path(rest);
    if (drive == "C") {
        if (!known_folder(absolute))
            c.in.not_modelled("the folder " + absolute +
                              " (the simulator has C:\\, C:\\Windows, C:\\Windows\\system32 and C:\\ExchangeSetupLogs)");
        return true;
    }
    if (drive == "Cert") {
        // Cert:\ holds CurrentUser and LocalMachine (about_Certificate_Provider).
        if (parts.empty()) return true;
        if (iequals(parts[0], "CurrentUser")) c.in.not_modelled("the location " + absolute + " (the simulator has Cert:\\LocalMachine)");
        if (!iequals(parts[0], "LocalMachine")) return false;
        if (parts.size() == 1) return true;
        bool known_store = false;
        for (const char* s : {"My", "Root", "CA", "WebHosting"}) known_store = known_store || iequals(parts[1], s);
        if (!known_store) c.in.not_modelled("the store " + parts[1] + " (the simulator has My, Root, CA and WebHosting)");
        if (parts.size() == 2) return true;
        // A certificate is an item, not a container: what Set-Location does with one is not modelled;
        // a thumbprint the store does not hold does not exist.
        auto st = parse_store_name(parts[1]);
        const CertificateStore* store = st ? location_host(c).context().state.find_store(*st) : nullptr;
        if (store && store->find(upper_hex(parts[2])) && upper_hex(parts[2]).size() == 40)
            c.in.not_modelled("Set-Location into the certificate " + absolute);
        return false;
    }
    // IIS:\ holds AppPools, Sites and SslBindings (the WebAdministration provider).
    if (parts.empty()) return true;
    bool top = false;
    for (const char* s : {"AppPools", "Sites", "SslBindings"}) top = top || iequals(parts[0], s);
    if (!top) return false;
    if (parts.size() > 1) c.in.not_modelled("the location " + absolute + " (the simulator has IIS:\\AppPools, IIS:\\Sites and IIS:\\SslBindings)");
    return true;
}

// Set-Location [-Path] <path> | -LiteralPath <path> [-PassThru].
void set_location(CommandCall& c) {
    ServerHost& host = location_host(c);
    if (!c.input.empty()) c.in.not_modelled("Set-Location with pipeline input");
    bool literal = c.has("literalpath");
    if (!literal && !c.has("path"))
        // Without a path Windows PowerShell 5.1 goes to the provider's home (the user's profile folder).
        c.in.not_modelled("Set-Location without a path (the user's home folder)");
    std::string path = c.text(literal ? "literalpath" : "path");
    if (!literal && path.find_first_of("*?[") != std::string::npos) c.in.not_modelled("Set-Location -Path with wildcards (" + path + ")");
    std::string absolute = absolute_location(host.location, path, &c.in);
    auto [drive, rest] = split_drive(absolute);
    if (drive == "IIS" && !host.webadministration_loaded)
        return c.write_error(set_location_error("Cannot find drive. A drive with the name 'IIS' does not exist.", "IIS",
                                                "DriveNotFoundException", "DriveNotFound"));
    if (!location_exists(c, absolute))
        return c.write_error(set_location_error(fmt::format("Cannot find path '{}' because it does not exist.", absolute),
                                                absolute, "ItemNotFoundException", "PathNotFound"));
    host.location.current = absolute;
    host.location.per_drive[ascii_lower(drive)] = absolute;
    if (c.has("passthru") && ps::to_bool(*c.get("passthru"))) c.emit(path_info(absolute));
}

void get_location(CommandCall& c) { c.emit(path_info(location_host(c).location.current)); }

}  // namespace

std::vector<std::string> split_provider_path(const std::string& p) {
    std::vector<std::string> parts;
    std::string cur;
    for (char ch : p) {
        if (ch == '\\' || ch == '/') {
            if (!cur.empty()) parts.push_back(cur);
            cur.clear();
        } else {
            cur += ch;
        }
    }
    if (!cur.empty()) parts.push_back(cur);
    return parts;
}

std::string absolute_location(const ConsoleLocation& loc, const std::string& path_in, ps::Interpreter* engine) {
    auto refuse = [engine](const std::string& what) {
        if (engine) engine->not_modelled(what);
        throw ps::NotModelled(what);
    };
    std::string path = path_in;
    static const std::string cert_provider = "microsoft.powershell.security\\certificate::";
    if (ascii_lower(path).rfind(cert_provider, 0) == 0) path = "Cert:\\" + path.substr(cert_provider.size());
    if (path.find("::") != std::string::npos) refuse("the provider path " + path);
    std::string base = loc.current;
    std::string rest = path;
    auto colon = path.find(':');
    auto sep = path.find_first_of("\\/");
    if (colon != std::string::npos && (sep == std::string::npos || colon < sep)) {
        auto drive = drive_spelling(path.substr(0, colon));
        if (!drive) refuse("the drive " + path.substr(0, colon + 1) + " (the simulator has C:, Cert: and IIS:)");
        // "C:" alone is the drive's own location (where the console left it); "C:\..." starts at its root.
        auto it = loc.per_drive.find(ascii_lower(*drive));
        base = it != loc.per_drive.end() ? it->second : *drive == "C" ? std::string(ConsoleLocation::start) : *drive + ":\\";
        rest = path.substr(colon + 1);
        if (!rest.empty() && (rest[0] == '\\' || rest[0] == '/')) base = *drive + ":\\";
    } else if (!rest.empty() && (rest[0] == '\\' || rest[0] == '/')) {
        base = split_drive(loc.current).first + ":\\";
    }
    auto [drive, base_rest] = split_drive(base);
    std::vector<std::string> parts = split_provider_path(base_rest);
    for (auto& p : split_provider_path(rest)) {
        if (p == "~") refuse("the home location ~");
        if (p == ".") continue;
        if (p == "..") {
            // ".." at a drive's root stays at the root.
            if (!parts.empty()) parts.pop_back();
            continue;
        }
        parts.push_back(p);
    }
    std::string out = drive + ":\\";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += '\\';
        out += parts[i];
    }
    return out;
}

std::string qualify_path(const ConsoleLocation& loc, const std::string& path, ps::Interpreter* in) {
    auto colon = path.find(':');
    auto sep = path.find_first_of("\\/");
    bool qualified = colon != std::string::npos && (sep == std::string::npos || colon < sep);
    if (qualified || path.find("::") != std::string::npos) return path;
    if (iequals(loc.current, ConsoleLocation::start) && !path.empty() && path[0] != '\\' && path[0] != '/') return path;
    return absolute_location(loc, path, in);
}

void add_location_commands(std::map<std::string, ps::HostCommand>& m) {
    m["set-location"] = ps::make_cmdlet("Set-Location", {"path", "literalpath"}, {"passthru"}, {"path"}, set_location);
    m["get-location"] = ps::make_cmdlet("Get-Location", {}, {}, {}, get_location);
}

std::optional<std::string> location_format_default(const ps::Array& objects) {
    if (!dynamic_cast<const PathInfoObject*>(objects[0].as_object().get())) return std::nullopt;
    return ps::format_table(objects, {"Path"});
}

}  // namespace cusim::runbook
