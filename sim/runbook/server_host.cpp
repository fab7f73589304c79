#include "sim/runbook/server_host.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sim/core/input_error.hpp"
#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_pattern.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/formats/json_input.hpp"
#include "sim/runbook/command_syntax.hpp"
#include "sim/runbook/get_service.hpp"
#include "sim/runbook/iis_drive.hpp"
#include "sim/runbook/server_objects.hpp"
#include "sim/x509/x509.hpp"

namespace cusim::runbook {
namespace {

using ps::Array;
using ps::CommandCall;
using ps::HostCommand;
using ps::PsValue;

ServerHost& host_of(CommandCall& c) { return dynamic_cast<ServerHost&>(c.in.host()); }

std::string upper_copy(std::string s) {
    for (auto& ch : s) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

// The names as Get-Command prints them, for messages.
const std::map<std::string, std::string>& display_names() {
    static const std::map<std::string, std::string> m = {
        {"new-selfsignedcertificate", "New-SelfSignedCertificate"}, {"import-pfxcertificate", "Import-PfxCertificate"},
        {"remove-item", "Remove-Item"}, {"get-childitem", "Get-ChildItem"}, {"get-item", "Get-Item"},
        {"get-webbinding", "Get-WebBinding"}, {"new-webbinding", "New-WebBinding"}, {"restart-service", "Restart-Service"},
        {"start-service", "Start-Service"}, {"stop-service", "Stop-Service"}, {"set-service", "Set-Service"},
        {"restart-computer", "Restart-Computer"}, {"set-date", "Set-Date"}, {"get-exchangecertificate", "Get-ExchangeCertificate"},
        {"new-exchangecertificate", "New-ExchangeCertificate"}, {"enable-exchangecertificate", "Enable-ExchangeCertificate"},
        {"remove-exchangecertificate", "Remove-ExchangeCertificate"}, {"import-exchangecertificate", "Import-ExchangeCertificate"},
        {"get-authconfig", "Get-AuthConfig"}, {"set-authconfig", "Set-AuthConfig"}, {"set-receiveconnector", "Set-ReceiveConnector"},
        {"iis-createselfsignedcertificate", "IIS-CreateSelfSignedCertificate"}, {"iis-editsitebinding", "IIS-EditSiteBinding"},
        {"certlm-manageprivatekeys", "CertLM-ManagePrivateKeys"}, {"restore-serverbackup", "Restore-ServerBackup"},
        {"netsh", "netsh.exe"}, {"w32tm", "w32tm.exe"}, {"certutil", "certutil.exe"}, {"iisreset", "iisreset.exe"}, {"setup", "Setup.exe"},
        {"import-module", "Import-Module"}, {"restart-webapppool", "Restart-WebAppPool"}, {"add-pssnapin", "Add-PSSnapin"}, {"test-path", "Test-Path"},
        {"icacls", "icacls.exe"}};
    return m;
}

std::string display_name(const std::string& key) {
    auto it = display_names().find(key);
    return it == display_names().end() ? key : it->second;
}

// A value as the runbook commands take their arguments: text.
std::string argument_text(const PsValue& v) {
    if (v.is_object())
        if (auto* s = dynamic_cast<const ps::SecureStringObject*>(v.as_object().get())) return s->plain;
    if (v.is_datetime()) return format_iso(v.as_datetime());
    if (v.is_array()) {
        std::string out;
        for (auto& e : *v.as_array()) {
            if (!out.empty()) out += ", ";
            out += argument_text(e);
        }
        return out;
    }
    if (v.is_bool()) return v.as_bool() ? "$true" : "$false";
    return ps::to_string(v);
}

// -FileData <Byte[]> (Import-ExchangeCertificate): the bytes, as base64 for the command; a value
// that is not a byte array ([System.IO.File]::ReadAllBytes gives one) is not modelled.
std::string file_data_argument(CommandCall& c, const PsValue& v) {
    Bytes data;
    for (auto& b : ps::enumerate(v)) {
        if (!b.is_int() || b.as_int() < 0 || b.as_int() > 255) c.in.not_modelled("-FileData of a [" + ps::type_name_of(v) + "] (the simulator takes a byte array)");
        data.push_back(static_cast<unsigned char>(b.as_int()));
    }
    return base64_encode(data);
}

// Cert:\ paths as the provider takes them: "Cert:\LocalMachine\My\<thumbprint>", and the PSPath
// form "Microsoft.PowerShell.Security\Certificate::LocalMachine\My\<thumbprint>".
std::string cert_drive_path(std::string p) {
    static const std::string provider = "microsoft.powershell.security\\certificate::";
    if (ascii_lower(p).rfind(provider, 0) == 0) p = "Cert:\\" + p.substr(provider.size());
    return p;
}

void emit_text(CommandCall& c, const std::string& text) {
    if (!text.empty()) c.emit(PsValue(ps::ObjectPtr(std::make_shared<ps::FormattedText>(text))));
}

// What a command that makes a certificate returns: the new entry as an object.
enum class Returns { text, certificate, exchange_certificate };

Returns returns_of(const std::string& key) {
    if (key == "new-selfsignedcertificate" || key == "import-pfxcertificate") return Returns::certificate;
    if (key == "new-exchangecertificate" || key == "import-exchangecertificate") return Returns::exchange_certificate;
    return Returns::text;
}

PsValue exchange_object(const ServerState& s, const StoreEntry& e) {
    auto it = s.exchange.services.find(e.certificate.thumbprint());
    std::vector<std::string> svc = it == s.exchange.services.end() ? std::vector<std::string>{} : it->second;
    return PsValue(ps::ObjectPtr(std::make_shared<ExchangeCertificateObject>(e, svc, s.clock, s)));
}

// Runs a command of commands/ with the engine's arguments, once, and turns its result into
// output, an error record or an exit code.
void run_adapted(CommandCall& c, const std::string& key, const Command& cmd, const Args& args) {
    ServerHost& host = host_of(c);
    // The catalogue's actions read their files (a PFX, a certificate) from the disk: one the run
    // wrote or removed is not there for them.
    std::vector<std::string> files = args.positional;
    for (const char* p : {"filepath", "filename", "path"})
        if (args.has(p)) files.push_back(args.get(p));
    for (auto& f : files)
        if (!f.empty() && host.written(f)) c.in.not_modelled(fmt::format("{} of {}, a file the script wrote or removed", display_name(key), f));
    LineContext lc{host.context(), host.folder()};
    size_t made_before = 0;
    StoreName made_in = StoreName::My;
    if (returns_of(key) == Returns::certificate) {
        std::string loc = args.get("certstorelocation", "Cert:\\LocalMachine\\My");
        made_in = parse_store_name(loc.substr(loc.rfind('\\') + 1)).value_or(StoreName::My);
    }
    made_before = lc.ctx.state.store(made_in).entries.size();
    ActionResult r = cmd.run(args, lc);
    host.record_setup(r);
    if (r.not_modelled) c.in.not_modelled(r.error_summary);
    if (c.command.native) {
        for (auto& line : split_lines(r.output)) c.emit(PsValue(line));
        c.exit_code = r.ok ? 0 : 1;
        return;
    }
    if (!r.ok) {
        ps::ErrorRecord e;
        e.message = r.output;
        c.write_error(std::move(e));
        return;
    }
    // What the command made is the store's newest entry: a new one, or a certificate imported again,
    // which replaces its old entry (the count stays; the object is still returned).
    auto& entries = lc.ctx.state.store(made_in).entries;
    bool made = !entries.empty() && entries.size() >= made_before;
    switch (returns_of(key)) {
        case Returns::certificate:
            if (made) c.emit(PsValue(ps::ObjectPtr(std::make_shared<CertificateObject>(entries.back(), made_in))));
            return;
        case Returns::exchange_certificate:
            if (made) c.emit(exchange_object(lc.ctx.state, entries.back()));
            return;
        case Returns::text: emit_text(c, r.output); return;
    }
}

// Parameters that take no value, among those the commands of commands/ accept.
const std::set<std::string> switch_parameters = {"force", "exportable", "publishcertificate", "clearpreviouscertificate",
                                                 "donotrequiressl", "confirm"};

// Parameters bound from a piped object's property of the same name (the Exchange cmdlets take
// an ExchangeCertificate by Thumbprint; Remove-Item takes a certificate by PSPath).
std::vector<std::pair<std::string, std::string>> pipeline_bindings(const std::string& key) {
    if (key == "enable-exchangecertificate" || key == "remove-exchangecertificate") return {{"thumbprint", "Thumbprint"}};
    if (key == "remove-item") return {{"path", "PSPath"}};
    // The service cmdlets take a piped ServiceController by its Name (Get-Service ... | Set-Service).
    if (key == "set-service" || key == "start-service" || key == "stop-service" || key == "restart-service") return {{"name", "Name"}};
    return {};
}

// What -WhatIf (or $WhatIfPreference) does with a command of commands/ (about_CommonParameters):
// those whose real cmdlet supports ShouldProcess print its What if: line and change nothing;
// Restart-WebAppPool and New-WebBinding have no -WhatIf (their reference pages list only the common
// parameters: https://learn.microsoft.com/en-us/powershell/module/webadministration/restart-webapppool,
// .../new-webbinding); the others (the GUI steps, New-/Import-ExchangeCertificate and Set-AuthConfig,
// whose target the simulator cannot name) are not modelled.
ps::WhatIfSupport what_if_support(const std::string& key) {
    static const std::set<std::string> modelled = {"new-selfsignedcertificate", "import-pfxcertificate", "remove-item",
                                                   "restart-service", "start-service", "stop-service", "set-service",
                                                   "restart-computer", "set-date", "enable-exchangecertificate",
                                                   "remove-exchangecertificate", "set-receiveconnector"};
    if (modelled.count(key)) return ps::WhatIfSupport::modelled;
    if (key == "restart-webapppool" || key == "new-webbinding") return ps::WhatIfSupport::absent;
    return ps::WhatIfSupport::not_modelled;
}

// The What if: line of a command of commands/ instead of running it. Where the command would fail
// without changing anything (a certificate that is not there, a date it cannot read, EMS not
// loaded) it runs, to give the same error.
void adapted_what_if(CommandCall& c, const std::string& key, const Command& cmd, const Args& a) {
    ServerHost& host = host_of(c);
    const ServerState& s = host.context().state;
    std::string name = display_name(key);
    auto first = [&](const char* p) { return a.has(p) ? a.get(p) : a.positional.empty() ? std::string() : unquote(a.positional[0]); };
    if (cmd.tool == "Exchange Management Shell") {
        if (exchange_cmdlet_unavailable(s, name)) return run_adapted(c, key, cmd, a);
        // The Exchange cmdlets' own What if: texts are not in their reference pages nor in the public
        // transcripts found (learn.microsoft.com/powershell/module/exchange/enable-exchangecertificate,
        // remove-exchangecertificate, set-receiveconnector): the ShouldProcess default form, the
        // cmdlet's name on the object it is given (INFERRED).
        if (key == "set-receiveconnector") return c.what_if(name, first("identity"));
        return c.what_if(name, upper_hex(first("thumbprint")));
    }
    if (key == "remove-item") {
        // The Certificate provider: Action_Remove "Remove certificate" on RemoveItemTemplate
        // "Item: {0} " (with its space) of the provider path (PowerShell's CertificateProvider.cs,
        // RemoveCertItem, and CertificateProviderStrings.resx).
        static const Regex cert(R"(Cert:\\(LocalMachine\\(\w+)\\([0-9A-Fa-f]{40})))", Regex::icase);
        RegexMatch m;
        std::string path = first("path");
        auto st = cert.full_match(path, &m) ? parse_store_name(m[2]) : std::nullopt;
        if (!st || !s.find_store(*st) || !s.find_store(*st)->find(upper_hex(m[3]))) return run_adapted(c, key, cmd, a);
        return c.what_if("Remove certificate", "Item: " + m[1] + " ");
    }
    if (key == "restart-service" || key == "start-service" || key == "stop-service" || key == "set-service") {
        // ServiceOperationBaseCommand's ShouldProcessServiceOperation: the cmdlet's name on
        // "DisplayName (ServiceName)", as the Restart-Service transcripts show it
        // (`What if: Performing the operation "Restart-Service" on target "Windows Event Log (EventLog)".`).
        std::string canonical;
        auto display = service_display_name(first("name"), &canonical);
        if (!display) c.in.not_modelled(fmt::format("{} -WhatIf of the service {} (a service the simulator does not know)", name, first("name")));
        return c.what_if(name, fmt::format("{} ({})", *display, canonical));
    }
    if (key == "restart-computer")
        // ComputerResources RestartComputerAction "Enable the {0} and restart the computer." with
        // LocalShutdownPrivilege, on DoubleComputerName "{0} ({1})" of localhost and the computer's name
        // (PowerShell's RestartComputerCommand, ComputerResources.resx).
        return c.what_if("Enable the Local shutdown access rights and restart the computer.",
                         fmt::format("localhost ({})", host.machine_name()));
    if (key == "set-date") {
        // SetDateCommand: ShouldProcess(dateToUse.ToString()), the one-argument form whose operation
        // is the cmdlet's name; DateTime.ToString() in en-US is "G" (M/d/yyyy h:mm:ss tt).
        std::string why;
        auto t = parse_date_arg(first("date"), s.clock, &why);
        if (!t || !why.empty()) return run_adapted(c, key, cmd, a);
        return c.what_if(name, *ps::format_datetime(*t, "G"));
    }
    // New-SelfSignedCertificate and Import-PfxCertificate (the PKI module) print texts no public page
    // or transcript found shows: the ShouldProcess default form, on the subject the certificate would
    // have and on the file (INFERRED).
    if (key == "new-selfsignedcertificate") {
        std::string subject = a.has("subject") ? a.get("subject") : "CN=" + (split_list(a.get("dnsname")).empty() ? std::string() : split_list(a.get("dnsname"))[0]);
        if (subject.find('=') == std::string::npos) subject = "CN=" + subject;
        return c.what_if(name, subject);
    }
    if (key == "import-pfxcertificate") return c.what_if(name, a.get("filepath"));
    c.in.not_modelled(name + " -WhatIf");
}

HostCommand adapt(const std::string& key, const Command& cmd) {
    HostCommand h;
    h.name = display_name(key);
    h.native = is_native_program(key, cmd);
    h.what_if = what_if_support(key);
    for (auto& p : cmd.params) (switch_parameters.count(p) ? h.switches : h.parameters).insert(p);
    h.run = [key, cmd](CommandCall& c) {
        Args a;
        a.command = c.invoked_as;
        if (c.command.native) {
            a.positional = c.native_args;
            return run_adapted(c, key, cmd, a);
        }
        for (auto& [name, v] : c.named) {
            if (name == "erroraction" || name == "warningaction" || name == "verbose" || name == "debug" || name == "confirm" ||
                name == "whatif")
                continue;
            // PowerShell's parameter binding refuses $null for the cmdlets' parameters (about_Parameters:
            // ParameterArgumentValidationErrorNullNotAllowed), before the cmdlet runs.
            if (v.is_null()) {
                ps::ErrorRecord e;
                e.message = fmt::format("Cannot bind argument to parameter '{}' because it is null.", parameter_spelling(name));
                e.command = c.command.name;
                e.category = fmt::format("InvalidData: (:) [{}], ParameterBindingValidationException", c.command.name);
                e.error_id = "ParameterArgumentValidationErrorNullNotAllowed," + c.command.name;
                return c.fail(std::move(e));
            }
            a.named[name] = name == "filedata" ? file_data_argument(c, v) : argument_text(v);
        }
        for (auto& v : c.positional) a.positional.push_back(argument_text(v));
        if (key == "remove-item") {
            if (a.named.count("path")) a.named["path"] = cert_drive_path(a.named["path"]);
            for (auto& p : a.positional) p = cert_drive_path(p);
        }
        auto bindings = pipeline_bindings(key);
        if (c.input.empty() || bindings.empty()) return c.whatif ? adapted_what_if(c, key, cmd, a) : run_adapted(c, key, cmd, a);
        for (auto& item : c.input) {
            Args per = a;
            for (auto& [param, property] : bindings) {
                if (per.named.count(param) || !per.positional.empty()) continue;
                auto v = ps::PsValue();
                if (item.is_object()) {
                    auto p = item.as_object()->property(property);
                    if (!p) c.in.not_modelled(fmt::format("{} of a piped [{}]", display_name(key), item.as_object()->type_name()));
                    v = *p;
                } else {
                    v = item;
                }
                per.named[param] = param == "path" ? cert_drive_path(ps::to_string(v)) : ps::to_string(v);
            }
            if (c.whatif) adapted_what_if(c, key, cmd, per);
            else run_adapted(c, key, cmd, per);
        }
    };
    return h;
}

// ---- the queries: objects, not text

std::optional<StoreName> store_of_path(const std::string& store) { return parse_store_name(store); }

void get_child_item(CommandCall& c, bool item_only) {
    ServerHost& host = host_of(c);
    const ServerState& s = host.context().state;
    std::string path = c.has("path") ? c.text("path") : c.has("literalpath") ? c.text("literalpath") : "";
    // Without a path Get-ChildItem lists the current location (Get-Item needs one).
    if (path.empty() && item_only) c.in.not_modelled("Get-Item without a path");
    path = path.empty() ? host.location.current : qualify_path(host.location, path, &c.in);
    if (ascii_lower(path).rfind("c:", 0) == 0) c.in.not_modelled(std::string(item_only ? "Get-Item " : "Get-ChildItem ") + path + " (the simulator does not model what the folders hold)");
    path = cert_drive_path(path);
    std::string l = ascii_lower(path);
    while (l.size() > 1 && (l.back() == '\\' || l.back() == '/')) {
        l.pop_back();
        path.pop_back();
    }
    auto not_found = [&] { c.write_error(ps::path_not_found(path, item_only ? "Get-Item" : "Get-ChildItem")); };
    if (l.rfind("iis:", 0) == 0) return iis_get_item(c, path, !item_only);
    if (l.rfind("cert:\\", 0) != 0) c.in.not_modelled("the path " + path + " (the simulator has the Cert:\\LocalMachine stores)");
    std::vector<std::string> parts;
    for (auto& p : split_provider_path(path.substr(6))) parts.push_back(p);
    if (parts.empty() || !iequals(parts[0], "LocalMachine")) c.in.not_modelled("the path " + path);
    bool star = !parts.empty() && parts.back() == "*";
    if (star) parts.pop_back();
    auto emit_store = [&](StoreName st) {
        if (auto* store = s.find_store(st))
            for (auto& e : store->entries) c.emit(PsValue(ps::ObjectPtr(std::make_shared<CertificateObject>(e, st))));
    };
    if (parts.size() == 1) {
        if (!c.has("recurse") || item_only) c.in.not_modelled("the store list of " + path);
        for (StoreName st : {StoreName::My, StoreName::Root, StoreName::CA, StoreName::WebHosting}) emit_store(st);
        return;
    }
    auto st = store_of_path(parts[1]);
    if (!st) c.in.not_modelled("the store " + parts[1] + " (the simulator has My, Root, CA and WebHosting)");
    if (parts.size() == 2) {
        if (item_only && !star) c.in.not_modelled("Get-Item of a store");
        return emit_store(*st);
    }
    if (parts.size() == 3) {
        const CertificateStore* store = s.find_store(*st);
        const StoreEntry* e = store ? store->find(upper_hex(parts[2])) : nullptr;
        if (!e || upper_hex(parts[2]).size() != 40) return not_found();
        c.emit(PsValue(ps::ObjectPtr(std::make_shared<CertificateObject>(*e, *st))));
        return;
    }
    not_found();
}

void get_exchange_certificate(CommandCall& c) {
    ServerHost& host = host_of(c);
    const ServerState& s = host.context().state;
    if (auto r = exchange_cmdlet_unavailable(s, "Get-ExchangeCertificate")) {
        ps::ErrorRecord e;
        e.message = r->output;
        return c.fail(std::move(e));  // the cmdlet does not exist in a shell without EMS
    }
    std::string thumb = c.has("thumbprint") ? upper_hex(c.text("thumbprint")) : "";
    std::vector<std::string> wanted;
    if (!thumb.empty()) wanted.push_back(thumb);
    for (auto& item : c.input)
        if (item.is_object())
            if (auto p = item.as_object()->property("Thumbprint")) wanted.push_back(upper_hex(ps::to_string(*p)));
    const CertificateStore* store = s.find_store(StoreName::My);
    bool found = false;
    if (store)
        for (auto& e : store->entries) {
            if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), e.certificate.thumbprint()) == wanted.end()) continue;
            found = true;
            c.emit(exchange_object(s, e));
        }
    if (!wanted.empty() && !found) {
        ps::ErrorRecord e;
        e.message = fmt::format("The certificate with thumbprint {} was not found.", wanted[0]);  // INFERRED wording
        e.command = "Get-ExchangeCertificate";
        c.write_error(std::move(e));
    }
}

void get_web_binding(CommandCall& c) {
    const ServerState& s = host_of(c).context().state;
    for (auto& site : s.sites) {
        if (c.has("name") && !like_match(c.text("name"), site.name)) continue;
        for (auto& b : site.bindings) {
            if (c.has("protocol") && !iequals(b.protocol, c.text("protocol"))) continue;
            std::string endpoint = b.protocol == "https" ? http_sys_endpoint(b) : "";
            if (c.has("port")) {
                std::string info_port = b.binding_information.substr(b.binding_information.find(':') + 1);
                info_port = info_port.substr(0, info_port.find(':'));
                if (info_port != c.text("port")) continue;
            }
            if (c.has("ipaddress")) {
                std::string ip = b.binding_information.substr(0, b.binding_information.find(':'));
                std::string want = c.text("ipaddress");
                if (!(want == ip || ((want == "*" || want == "0.0.0.0") && (ip == "*" || ip.empty())))) continue;
            }
            if (c.has("hostheader")) {
                std::string header = b.binding_information.substr(b.binding_information.rfind(':') + 1);
                if (!iequals(header, c.text("hostheader"))) continue;
            }
            std::string hash, store;
            if (!endpoint.empty())
                if (const SslBinding* ssl = s.find_ssl_binding(endpoint)) {
                    hash = ssl->certificate_hash;
                    store = ssl->store_name;
                }
            c.emit(PsValue(ps::ObjectPtr(std::make_shared<WebBindingObject>(site.name, b, hash, store))));
        }
    }
}

void get_auth_config(CommandCall& c) {
    const ServerState& s = host_of(c).context().state;
    if (auto r = exchange_cmdlet_unavailable(s, "Get-AuthConfig")) {
        ps::ErrorRecord e;
        e.message = r->output;
        return c.fail(std::move(e));
    }
    c.emit(PsValue(ps::ObjectPtr(std::make_shared<AuthConfigObject>(s.exchange.auth))));
}

// Get-ExchangeServer [-Identity] and Get-ReceiveConnector [-Identity] [-Server]: this server's, while EMS
// works; another name is the cmdlet's "couldn't be found" error.
bool ems_or_fail(CommandCall& c, const char* cmdlet) {
    if (auto r = exchange_cmdlet_unavailable(host_of(c).context().state, cmdlet)) {
        ps::ErrorRecord e;
        e.message = r->output;
        c.fail(std::move(e));
    }
    return true;
}

void not_found_on_dc(CommandCall& c, const std::string& id) {
    ps::ErrorRecord e;
    e.message = fmt::format("The operation couldn't be performed because object '{}' couldn't be found on '{}'.", id,
                            host_of(c).context().state.exchange.domain_controller);
    e.command = c.command.name;
    e.category = fmt::format("NotSpecified: (:) [{}], ManagementObjectNotFoundException", c.command.name);
    c.write_error(std::move(e));
}

bool names_this_server(const ServerState& s, const std::string& id) {
    return id.empty() || iequals(id, s.exchange.server_name) || iequals(id, s.exchange.fqdn);
}

void get_exchange_server(CommandCall& c) {
    ems_or_fail(c, "Get-ExchangeServer");
    const ServerState& s = host_of(c).context().state;
    std::string id = c.text("identity");
    if (!names_this_server(s, id)) return not_found_on_dc(c, id);
    c.emit(PsValue(ps::ObjectPtr(std::make_shared<ExchangeServerObject>(s.exchange))));
}

void get_receive_connector(CommandCall& c) {
    ems_or_fail(c, "Get-ReceiveConnector");
    const ServerState& s = host_of(c).context().state;
    if (c.has("server") && !names_this_server(s, c.text("server"))) return not_found_on_dc(c, c.text("server"));
    std::string id = c.text("identity");
    bool found = false;
    for (auto& rc : s.exchange.receive_connectors) {
        std::string name = rc.name.substr(rc.name.find('\\') == std::string::npos ? 0 : rc.name.find('\\') + 1);
        if (!id.empty() && !iequals(id, rc.name) && !iequals(id, name)) continue;
        found = true;
        c.emit(PsValue(ps::ObjectPtr(std::make_shared<ReceiveConnectorObject>(rc))));
    }
    if (!id.empty() && !found) not_found_on_dc(c, id);
}

// The modules and snap-ins an Exchange server has (Import-Module, Add-PSSnapin); loading one the
// simulator does not know is refused rather than pretended.
void import_module(CommandCall& c) {
    for (auto& name : ps::enumerate(*c.get("name"))) {
        std::string n = ascii_lower(ps::to_string(name));
        if (n == "webadministration") host_of(c).webadministration_loaded = true;
        else if (n != "pki" && n.rfind("microsoft.powershell.", 0) != 0)
            c.in.not_modelled("the module " + ps::to_string(name));
    }
}

void add_pssnapin(CommandCall& c) {
    for (auto& name : ps::enumerate(*c.get("name"))) {
        std::string n = ascii_lower(ps::to_string(name));
        if (n.rfind("microsoft.exchange.management.powershell.", 0) != 0) c.in.not_modelled("the snap-in " + ps::to_string(name));
        if (auto r = exchange_cmdlet_unavailable(host_of(c).context().state, "Add-PSSnapin")) {
            ps::ErrorRecord e;
            e.message = r->output;
            return c.write_error(std::move(e));
        }
    }
}

// Get-WebAppPoolState [-Name] <pool>: an object whose Value is the pool's state (WebAdministration:
// https://learn.microsoft.com/en-us/powershell/module/webadministration/get-webapppoolstate). The
// Exchange pools are started: WAS runs them, and setup stops W3SVC, not WAS (server_state.hpp).
void get_web_app_pool_state(CommandCall& c) {
    std::string name = c.text("name");
    auto& pools = exchange_app_pools();
    auto it = std::find_if(pools.begin(), pools.end(), [&](auto& n) { return iequals(n, name); });
    if (it == pools.end()) {
        ps::ErrorRecord e;
        e.message = fmt::format("Cannot find path 'IIS:\\AppPools\\{}' because it does not exist.", name);  // INFERRED wording
        e.command = "Get-WebAppPoolState";
        e.category = fmt::format("ObjectNotFound: (IIS:\\AppPools\\{}:String) [Get-WebAppPoolState], ItemNotFoundException", name);
        e.exception_type = "System.Management.Automation.ItemNotFoundException";
        return c.write_error(std::move(e));
    }
    auto o = std::make_shared<ps::CustomObject>();
    o->properties = {{"Value", PsValue(std::string("Started"))}};
    c.emit(PsValue(ps::ObjectPtr(o)));
}

// Start-Process -FilePath <program> [-ArgumentList ...] -Wait [-NoNewWindow]
// (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/start-process?view=powershell-5.1):
// the program of the host (setup.exe, netsh, certutil...) with those arguments. Its output goes to
// the console with -NoNewWindow, to a window of its own without; Start-Process does not set
// $LASTEXITCODE. Without -Wait the script goes on while the program runs, which the simulator's
// steps do not model.
void start_process(CommandCall& c) {
    std::string path = c.text("filepath");
    const HostCommand* program = host_of(c).find_command(ps::command_key_of(path));
    if (!program || !program->native) c.in.not_modelled("Start-Process of " + path);
    if (!c.has("wait") || !ps::to_bool(*c.get("wait"))) c.in.not_modelled("Start-Process without -Wait");
    if (c.has("passthru")) c.in.not_modelled("Start-Process -PassThru");
    CommandCall run{*program, c.in, path, {}, {}, {}, {}, {}, 0, false};
    if (const PsValue* a = c.get("argumentlist"))
        for (auto& v : ps::enumerate(*a)) run.native_args.push_back(ps::to_string(v));
    for (auto& v : c.positional) run.native_args.push_back(ps::to_string(v));
    program->run(run);
    if (c.has("nonewwindow") && ps::to_bool(*c.get("nonewwindow")))
        for (auto& line : run.output) c.in.write_console(ps::to_string(line) + "\n");
}

// What the host has at the path, a path it does not model refused at the command.
ps::Host::ItemKind item_kind_of(CommandCall& c, const std::string& path) {
    try {
        return host_of(c).item_kind(path);
    } catch (const ps::NotModelled& e) {
        if (!e.file.empty()) throw;
        c.in.not_modelled(e.what());
    }
}

// The host's file calls, their refusals placed at the command.
template <class F>
auto host_file_call(CommandCall& c, F f) {
    try {
        return f();
    } catch (const ps::NotModelled& e) {
        if (!e.file.empty()) throw;
        c.in.not_modelled(e.what());
    }
}

// System.IO.FileInfo and DirectoryInfo, as New-Item returns them
// (https://learn.microsoft.com/en-us/dotnet/api/system.io.fileinfo).
class FileItemObject : public ps::PsObject {
public:
    FileItemObject(std::string f, bool d, long long len, SimTime t) : full(std::move(f)), dir(d), length(len), time(t) {}
    std::string full;
    bool dir;
    long long length;
    SimTime time;
    std::string name() const { return full.substr(full.find_last_of('\\') + 1); }
    std::string parent() const { return full.find('\\') == std::string::npos ? std::string() : full.substr(0, full.find_last_of('\\')); }
    // New files have the Archive attribute (Mode -a----), folders the Directory one (d-----).
    std::string mode() const { return dir ? "d-----" : "-a----"; }
    std::string type_name() const override { return dir ? "System.IO.DirectoryInfo" : "System.IO.FileInfo"; }
    std::vector<std::string> property_names() const override {
        if (dir) return {"Mode", "LastWriteTime", "Name", "FullName"};
        return {"Mode", "LastWriteTime", "Length", "Name", "FullName"};
    }
    std::optional<PsValue> property(const std::string& p) const override {
        if (iequals(p, "Name")) return PsValue(name());
        if (iequals(p, "FullName")) return PsValue(full);
        if (iequals(p, "Mode")) return PsValue(mode());
        if (iequals(p, "LastWriteTime") || iequals(p, "CreationTime")) return PsValue(ps::DateTimeValue{time});
        if (iequals(p, "Length") && !dir) return PsValue(length);
        if (iequals(p, "PSIsContainer")) return PsValue(dir);
        if (iequals(p, "Exists")) return PsValue(true);
        return std::nullopt;
    }
    std::string to_string() const override { return full; }
};

// How the console lists them: Windows PowerShell 5.1's FileSystem view, grouped by folder
// ("    Directory: <folder>", then Mode, LastWriteTime as "{0,10}  {1,8}" of the date and the
// short time, Length and Name: FileSystem.format.ps1xml).
std::optional<std::string> file_item_format(const ps::Array& objects) {
    if (!dynamic_cast<const FileItemObject*>(objects[0].as_object().get())) return std::nullopt;
    std::string out, group;
    for (auto& o : objects) {
        auto* f = o.is_object() ? dynamic_cast<const FileItemObject*>(o.as_object().get()) : nullptr;
        if (!f) throw ps::NotModelled("the console's view of file items mixed with other objects");
        if (out.empty() || f->parent() != group) {
            if (!out.empty()) out += "\n";
            group = f->parent();
            out += fmt::format("\n    Directory: {}\n\n\n{:<7} {:>25} {:>14} {}\n{:<7} {:>25} {:>14} {}\n", group, "Mode", "LastWriteTime",
                               "Length", "Name", "----", "-------------", "------", "----");
        }
        std::string when = fmt::format("{:>10}  {:>8}", *ps::format_datetime(f->time, "d"), *ps::format_datetime(f->time, "t"));
        out += fmt::format("{:<7} {:>25} {:>14} {}\n", f->mode(), when, f->dir ? std::string() : std::to_string(f->length), f->name());
    }
    return out + "\n";
}

ps::ErrorRecord new_item_error(const std::string& message, const std::string& category, const std::string& id) {
    ps::ErrorRecord e;
    e.message = message;
    e.command = "New-Item";
    e.category = category;
    e.error_id = id + ",Microsoft.PowerShell.Commands.NewItemCommand";
    e.exception_type = "System.IO.IOException";
    return e;
}

// New-Item [-Path] <path> [-Name <name>] -ItemType File|Directory [-Value <text>] [-Force] on the
// file system (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/new-item?view=powershell-5.1):
// a file (with -Value its text, UTF-8 without a BOM as .NET's StreamWriter writes it) or a folder
// (with the folders above it). An existing file without -Force is the provider's IOException, an
// existing folder without -Force "An item with the specified name ... already exists."; with -Force
// the file is made again, the folder returned. -WhatIf: "Create File" / "Create Directory" on
// "Destination: <full path>" (FileSystemProviderStrings NewItemActionFile, NewItemActionTemplate).
void fs_new_item(CommandCall& c, std::string path) {
    ServerHost& host = host_of(c);
    std::string type = ascii_lower(c.text("itemtype"));
    if (type.empty()) c.in.not_modelled("New-Item on the file system without -ItemType");
    if (type != "file" && type != "directory") c.in.not_modelled("New-Item -ItemType " + c.text("itemtype"));
    if (c.has("name")) path = (path.empty() ? std::string() : path + "\\") + c.text("name");
    bool dir = type == "directory";
    bool force = c.has("force") && ps::to_bool(*c.get("force"));
    std::string full = host_file_call(c, [&] {
        std::string f = host.full_path(path);
        (void)host.item_kind(path);
        return f;
    });
    if (c.whatif) return c.what_if(dir ? "Create Directory" : "Create File", "Destination: " + full);
    auto kind = item_kind_of(c, path);
    if (dir) {
        if (kind == ps::Host::ItemKind::file) c.in.not_modelled("New-Item -ItemType Directory where the file " + full + " is");
        if (kind == ps::Host::ItemKind::directory && !force)
            return c.write_error(new_item_error(fmt::format("An item with the specified name {} already exists.", full),
                                                fmt::format("ResourceExists: ({}:String) [New-Item], IOException", full), "DirectoryExist"));
        if (kind == ps::Host::ItemKind::none) host_file_call(c, [&] { return host.create_directory(path); });
        return c.emit(PsValue(ps::ObjectPtr(std::make_shared<FileItemObject>(full, true, 0, host.now()))));
    }
    if (kind == ps::Host::ItemKind::directory) c.in.not_modelled("New-Item -ItemType File where the folder " + full + " is");
    if (kind == ps::Host::ItemKind::file && !force)
        return c.write_error(new_item_error(fmt::format("The file '{}' already exists.", full),
                                            fmt::format("WriteError: ({}:String) [New-Item], IOException", full), "NewItemIOError"));
    std::string bytes = c.has("value") ? ps::to_string(*c.get("value")) : std::string();
    if (!host_file_call(c, [&] { return host.write_file(path, bytes, false); })) {
        auto e = new_item_error(fmt::format("Could not find a part of the path '{}'.", full),
                                fmt::format("WriteError: ({}:String) [New-Item], DirectoryNotFoundException", full), "NewItemIOError");
        e.exception_type = "System.IO.DirectoryNotFoundException";
        return c.write_error(std::move(e));
    }
    c.emit(PsValue(ps::ObjectPtr(std::make_shared<FileItemObject>(full, false, (long long)bytes.size(), host.now()))));
}

// Remove-Item of a file or an empty folder the script made. -WhatIf: "Remove File" / "Remove
// Directory" on the full path (FileSystemProviderStrings RemoveItemActionFile; the Remove-Item
// reference page's example: `What if: Performing the operation "Remove File" on target "C:\Test\test2.txt".`).
void fs_remove_item(CommandCall& c, const std::string& path) {
    ServerHost& host = host_of(c);
    auto kind = item_kind_of(c, path);
    if (kind == ps::Host::ItemKind::none) return c.write_error(ps::path_not_found(host.full_path(path), "Remove-Item"));
    std::string full = host.full_path(path);
    if (c.whatif) return c.what_if(kind == ps::Host::ItemKind::directory ? "Remove Directory" : "Remove File", full);
    host_file_call(c, [&] {
        host.remove_item(path);
        return true;
    });
}

void test_path(CommandCall& c) {
    std::string path = cert_drive_path(qualify_path(host_of(c).location, c.text("path"), &c.in));
    std::string l = ascii_lower(path);
    if (l.rfind("iis:", 0) == 0) return iis_test_path(c, path);
    if (l.rfind("cert:", 0) != 0) {
        // The file system: the script's files, what the run wrote (a path the host does not model is refused).
        c.emit(PsValue(item_kind_of(c, path) != ps::Host::ItemKind::none));
        return;
    }
    if (l.rfind("cert:\\localmachine\\", 0) != 0) c.in.not_modelled("Test-Path " + path);
    auto parts = split_provider_path(path.substr(6));
    const ServerState& s = host_of(c).context().state;
    bool exists = false;
    if (parts.size() >= 2)
        if (auto st = parse_store_name(parts[1]))
            exists = parts.size() == 2 || (parts.size() == 3 && s.find_store(*st) && s.find_store(*st)->find(upper_hex(parts[2])));
    c.emit(PsValue(exists));
}


std::map<std::string, HostCommand> make_commands() {
    std::map<std::string, HostCommand> m;
    for (auto& [key, cmd] : commands())
        if (cmd.run) m[key] = adapt(key, cmd);
    m["get-childitem"] = ps::make_cmdlet("Get-ChildItem", {"path", "literalpath"}, {"recurse", "force"}, {"path"},
                               [](CommandCall& c) { get_child_item(c, false); });
    m["get-item"] = ps::make_cmdlet("Get-Item", {"path", "literalpath"}, {"force"}, {"path"}, [](CommandCall& c) { get_child_item(c, true); });
    m["get-exchangecertificate"] = ps::make_cmdlet("Get-ExchangeCertificate", {"thumbprint", "server", "identity", "domainname"}, {}, {"thumbprint"},
                                         get_exchange_certificate);
    m["get-webbinding"] = ps::make_cmdlet("Get-WebBinding", {"name", "protocol", "port", "ipaddress", "hostheader"}, {}, {"name"}, get_web_binding);
    m["get-authconfig"] = ps::make_cmdlet("Get-AuthConfig", {"domaincontroller"}, {}, {}, get_auth_config);
    m["get-exchangeserver"] = ps::make_cmdlet("Get-ExchangeServer", {"identity", "domaincontroller"}, {"status"}, {"identity"},
                                             get_exchange_server);
    m["get-receiveconnector"] = ps::make_cmdlet("Get-ReceiveConnector", {"identity", "server", "domaincontroller"}, {}, {"identity"},
                                                get_receive_connector);
    m["import-module"] = ps::make_cmdlet("Import-Module", {"name"}, {"force"}, {"name"}, import_module);
    m["add-pssnapin"] = ps::make_cmdlet("Add-PSSnapin", {"name"}, {}, {"name"}, add_pssnapin);
    m["get-webapppoolstate"] = ps::make_cmdlet("Get-WebAppPoolState", {"name"}, {}, {"name"}, get_web_app_pool_state);
    m["start-process"] = ps::make_cmdlet("Start-Process", {"filepath", "argumentlist", "workingdirectory", "verb"},
                                         {"wait", "nonewwindow", "passthru"}, {"filepath", "argumentlist"}, start_process);
    m["test-path"] = ps::make_cmdlet("Test-Path", {"path"}, {}, {"path"}, test_path);
    // Remove-Item on IIS:\SslBindings is the IIS drive's; on Cert:\ the runbook command's.
    auto cert_remove = m["remove-item"].run;
    m["remove-item"].run = [cert_remove](CommandCall& c) {
        std::string path = c.has("path") ? ps::to_string(*c.get("path")) : c.positional.empty() ? "" : ps::to_string(c.positional[0]);
        if (!path.empty()) {
            std::string full = qualify_path(host_of(c).location, path, &c.in);
            if (full != path) {
                if (c.has("path")) c.named["path"] = PsValue(full);
                else c.positional[0] = PsValue(full);
                path = full;
            }
        }
        std::string l = ascii_lower(path);
        // The IIS provider's own ShouldProcess texts are not published: the default form (INFERRED).
        if (l.rfind("iis:", 0) == 0) return c.whatif ? c.what_if("Remove-Item", path) : iis_remove_item(c, path);
        if (l.rfind("cert:", 0) != 0 && l.rfind("microsoft.powershell.security\\certificate::", 0) != 0 && c.input.empty() &&
            !path.empty())
            return fs_remove_item(c, path);
        cert_remove(c);
    };
    m["remove-item"].what_if = ps::WhatIfSupport::modelled;
    m["new-item"] = ps::make_cmdlet("New-Item", {"path", "value", "thumbprint", "sslflags", "itemtype", "name"}, {"force"}, {"path"},
                                    [](CommandCall& c) {
                                        std::string path = qualify_path(host_of(c).location, c.text("path"), &c.in);
                                        std::string l = ascii_lower(path);
                                        if (l.rfind("iis:", 0) == 0) {
                                            if (c.has("itemtype") || c.has("name")) c.in.not_modelled("New-Item -ItemType or -Name on the IIS: drive");
                                            if (c.whatif) return c.what_if("New-Item", path);  // as Remove-Item's (INFERRED)
                                            return iis_new_item(c, path);
                                        }
                                        if (l.rfind("cert:", 0) == 0) c.in.not_modelled("New-Item " + path + " (the simulator has IIS:\\SslBindings and files)");
                                        fs_new_item(c, path);
                                    });
    m["new-item"].what_if = ps::WhatIfSupport::modelled;
    m["get-website"] = ps::make_cmdlet("Get-Website", {"name"}, {}, {"name"}, get_website);
    add_exchange_shell_commands(m);
    add_location_commands(m);
    m["get-service"] = ps::make_cmdlet("Get-Service", {"name", "displayname"}, {}, {"name"}, get_service);
    // The queries, Import-Module and the location cmdlets have no ShouldProcess: no -WhatIf, and
    // $WhatIfPreference leaves them as they are (their 5.1 reference pages list no -WhatIf).
    for (const char* k : {"get-childitem", "get-item", "get-exchangecertificate", "get-webbinding", "get-authconfig", "get-exchangeserver",
                          "get-receiveconnector", "import-module", "get-webapppoolstate", "test-path", "get-website", "get-service",
                          "get-location", "set-location", "get-command"})
        m.at(k).what_if = ps::WhatIfSupport::absent;
    // Set-Service records what it changed, so Get-Service does not answer with the old startup type.
    auto set_service = m["set-service"].run;
    m["set-service"].run = [set_service](CommandCall& c) {
        set_service(c);
        if (!c.has("startuptype")) return;
        ServerHost& host = host_of(c);
        if (c.has("name")) host.startup_types_set.insert(ascii_lower(c.text("name")));
        for (auto& v : c.positional) host.startup_types_set.insert(ascii_lower(ps::to_string(v)));
        for (auto& item : c.input)
            if (item.is_object())
                if (auto n = item.as_object()->property("Name")) host.startup_types_set.insert(ascii_lower(ps::to_string(*n)));
    };
    return m;
}

}  // namespace

std::string parameter_spelling(const std::string& lower_name) {
    static const std::map<std::string, std::string> spelled = {
        {"argumentlist", "ArgumentList"}, {"asplaintext", "AsPlainText"}, {"assecurestring", "AsSecureString"},
        {"autosize", "AutoSize"}, {"backgroundcolor", "BackgroundColor"}, {"casesensitive", "CaseSensitive"},
        {"certstorelocation", "CertStoreLocation"}, {"clearpreviouscertificate", "ClearPreviousCertificate"},
        {"currentoperation", "CurrentOperation"}, {"dnsname", "DnsName"}, {"domaincontroller", "DomainController"},
        {"domainname", "DomainName"}, {"donotrequiressl", "DoNotRequireSsl"}, {"errorid", "ErrorId"},
        {"errorrecord", "ErrorRecord"}, {"expandproperty", "ExpandProperty"}, {"filename", "FileName"},
        {"filepath", "FilePath"}, {"filterscript", "FilterScript"}, {"foregroundcolor", "ForegroundColor"},
        {"friendlyname", "FriendlyName"}, {"hidetableheaders", "HideTableHeaders"}, {"hostheader", "HostHeader"},
        {"inputobject", "InputObject"}, {"ipaddress", "IPAddress"}, {"keysize", "KeySize"}, {"literalpath", "LiteralPath"},
        {"membername", "MemberName"}, {"newcertificateeffectivedate", "NewCertificateEffectiveDate"},
        {"newcertificatethumbprint", "NewCertificateThumbprint"}, {"noelement", "NoElement"}, {"noenumerate", "NoEnumerate"},
        {"nonewline", "NoNewline"}, {"notafter", "NotAfter"}, {"parentid", "ParentId"}, {"percentcomplete", "PercentComplete"},
        {"privatekeyexportable", "PrivateKeyExportable"}, {"publishcertificate", "PublishCertificate"},
        {"recommendedaction", "RecommendedAction"}, {"securekey", "SecureKey"}, {"secondsremaining", "SecondsRemaining"},
        {"sslflags", "SslFlags"}, {"startuptype", "StartupType"}, {"subjectname", "SubjectName"},
        {"targetobject", "TargetObject"}, {"tlscertificatename", "TlsCertificateName"}, {"typename", "TypeName"},
        {"uformat", "UFormat"}, {"erroraction", "ErrorAction"}, {"whatif", "WhatIf"}, {"newcertificatethumbprint", "NewCertificateThumbprint"}};
    auto it = spelled.find(lower_name);
    if (it != spelled.end()) return it->second;
    std::string s = lower_name;
    if (!s.empty()) s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

const std::map<std::string, ps::HostCommand>& server_commands() {
    static const std::map<std::string, ps::HostCommand> m = make_commands();
    return m;
}

ServerHost::SetupOutcome ServerHost::take_setup_outcome() {
    SetupOutcome o = std::move(setup_);
    setup_ = {};
    return o;
}

void ServerHost::record_setup(const ActionResult& r) {
    setup_.log += r.setup_log;
    if (!r.setup_failed_step.empty() && setup_.failed_step.empty()) {
        setup_.failed_step = r.setup_failed_step;
        setup_.error = r.setup_error;
    }
}

const ps::HostCommand* ServerHost::find_command(const std::string& name) const {
    auto& m = server_commands();
    auto it = m.find(name);
    return it == m.end() ? nullptr : &it->second;
}

bool ServerHost::is_exchange_cmdlet(const std::string& key) const {
    static const std::set<std::string> queries = {"get-exchangecertificate", "get-authconfig", "get-exchangeserver",
                                                  "get-receiveconnector"};
    if (queries.count(key)) return true;
    auto it = commands().find(key);
    return it != commands().end() && it->second.tool == "Exchange Management Shell";
}

std::vector<std::string> ServerHost::command_names() const {
    std::vector<std::string> names;
    for (auto& [k, v] : server_commands()) names.push_back(v.name);
    return names;
}

SimTime ServerHost::now() const { return ctx_->state.clock; }

void ServerHost::sleep(long long seconds) { ctx_->state.clock += std::chrono::seconds(seconds); }

std::string ServerHost::machine_name() const { return ctx_->state.exchange.server_name; }

std::optional<std::string> ServerHost::dns_host_name(const std::string& name) const {
    const auto& x = ctx_->state.exchange;
    if (iequals(name, x.server_name) || iequals(name, x.fqdn) || iequals(name, "localhost")) return x.fqdn;
    return std::nullopt;
}

std::optional<std::string> ServerHost::environment(const std::string& name) const { return server_environment(ctx_->state, name); }

std::optional<std::string> server_environment(const ServerState& state, const std::string& name) {
    std::string n = ascii_lower(name);
    const auto& x = state.exchange;
    // The variables an Exchange server's shell has (Exchange setup sets ExchangeInstallPath).
    if (n == "computername") return x.server_name;
    if (n == "exchangeinstallpath") return std::string("C:\\Program Files\\Microsoft\\Exchange Server\\V15\\");
    if (n == "systemroot" || n == "windir") return std::string("C:\\Windows");
    if (n == "systemdrive") return std::string("C:");
    if (n == "programdata") return std::string("C:\\ProgramData");
    if (n == "userdnsdomain") {
        auto dot = x.fqdn.find('.');
        return dot == std::string::npos ? std::string() : upper_copy(x.fqdn.substr(dot + 1));
    }
    if (n == "userdomain") {
        auto slash = x.logged_on_user.find('\\');
        return slash == std::string::npos ? std::string() : x.logged_on_user.substr(0, slash);
    }
    if (n == "username") {
        auto slash = x.logged_on_user.find('\\');
        return slash == std::string::npos ? x.logged_on_user : x.logged_on_user.substr(slash + 1);
    }
    return std::nullopt;
}

std::optional<std::string> ServerHost::format_default(const ps::Array& objects) const {
    if (objects.empty() || !objects[0].is_object()) return std::nullopt;
    const ps::PsObject* first = objects[0].as_object().get();
    if (auto iis = iis_format_default(objects)) return iis;
    if (auto files = file_item_format(objects)) return files;
    if (auto where = location_format_default(objects)) return where;
    if (auto services = service_format_default(objects)) return services;
    if (dynamic_cast<const CertificateObject*>(first)) {
        // One Cert:\ listing per store, with its PSParentPath header.
        std::string out;
        size_t i = 0;
        while (i < objects.size()) {
            StoreName st = static_cast<const CertificateObject&>(*objects[i].as_object()).store;
            std::vector<const StoreEntry*> run;
            for (; i < objects.size() && static_cast<const CertificateObject&>(*objects[i].as_object()).store == st; ++i)
                run.push_back(&static_cast<const CertificateObject&>(*objects[i].as_object()).entry);
            out += cert_drive_table(st, run);
        }
        return out;
    }
    if (dynamic_cast<const ExchangeCertificateObject*>(first)) {
        // The table prints each object's services as they were when it was got: only they are needed.
        ServerState shown;
        std::vector<const StoreEntry*> entries;
        for (auto& o : objects) {
            auto& x = static_cast<const ExchangeCertificateObject&>(*o.as_object());
            shown.exchange.services[x.entry.certificate.thumbprint()] = x.services;
            entries.push_back(&x.entry);
        }
        return exchange_certificate_table(shown, entries);
    }
    if (dynamic_cast<const WebBindingObject*>(first)) {
        std::vector<IisBinding> bindings;
        for (auto& o : objects) bindings.push_back(static_cast<const WebBindingObject&>(*o.as_object()).binding);
        return web_binding_table(bindings);
    }
    if (auto* a = dynamic_cast<const AuthConfigObject*>(first)) {
        ServerState shown;
        shown.exchange.auth = a->auth;
        std::string out;
        for (auto& o : objects) {
            shown.exchange.auth = static_cast<const AuthConfigObject&>(*o.as_object()).auth;
            out += auth_config_list(shown);
        }
        return out;
    }
    return std::nullopt;
}

// Where setup writes its log: $RoleSetupLoggingPath = 'C:\ExchangeSetupLogs' (facts.md 1d).
const char* const setup_log_path = "C:\\ExchangeSetupLogs\\ExchangeSetup.log";

const char* const setup_log_folder = "C:\\ExchangeSetupLogs";

std::optional<std::string> ServerHost::script_relative(const std::string& path) const {
    // A relative path away from where the console started is one of that folder (location.hpp).
    // "$PSScriptRoot\x": the script's folder as the engine names it.
    std::string p = path, root = script_root;
    std::replace(p.begin(), p.end(), '/', '\\');
    std::replace(root.begin(), root.end(), '/', '\\');
    if (p.size() > root.size() + 1 && p[root.size()] == '\\' && iequals(p.substr(0, root.size()), root)) p = p.substr(root.size() + 1);
    else p = qualify_path(location, p, nullptr);
    bool relative = !p.empty() && p[0] != '\\' && p.find(':') == std::string::npos;
    if (!relative) return std::nullopt;
    std::vector<std::string> parts;
    for (auto& c : split_provider_path(p)) {
        if (c == ".") continue;
        if (c == "..") {
            // Above the script's folder the ".." stays (the fixtures folder is read so).
            if (parts.empty() || parts.back() == "..") parts.push_back(c);
            else parts.pop_back();
            continue;
        }
        parts.push_back(c);
    }
    if (parts.empty()) return std::string();
    return join(parts, "\\");
}

std::optional<std::string> ServerHost::memory_path(const std::string& path, std::string* why) const {
    auto refuse = [&](std::string w) -> std::optional<std::string> {
        if (why) *why = std::move(w);
        return std::nullopt;
    };
    if (auto rel = script_relative(path)) {
        if (rel->rfind("..", 0) == 0) return refuse(fmt::format("the file {} (outside the script's own folder)", path));
        return rel->empty() ? script_root : script_root + "\\" + *rel;
    }
    std::string p = qualify_path(location, path, nullptr);
    std::replace(p.begin(), p.end(), '/', '\\');
    auto parts = split_provider_path(p);
    if (parts.size() == 2 && iequals(parts[0], "C:") && iequals(parts[1], "ExchangeSetupLogs")) return std::string(setup_log_folder);
    if (parts.size() == 3 && iequals(parts[0], "C:") && iequals(parts[1], "ExchangeSetupLogs")) {
        if (iequals(parts[2], "ExchangeSetup.log")) return refuse(fmt::format("writing {} (setup's own log)", setup_log_path));
        return std::string(setup_log_folder) + "\\" + parts[2];
    }
    return refuse(fmt::format("the file {} (the simulator has the script's own folder and {})", path, setup_log_folder));
}

std::string ServerHost::full_path(const std::string& path) const {
    auto m = memory_path(path);
    return m ? *m : path;
}

bool ServerHost::written(const std::string& path) const {
    std::optional<std::string> m;
    try {
        m = memory_path(path);
    } catch (const ps::NotModelled&) {
        return false;  // a drive the model does not have: no file the run wrote
    }
    return m && (files_.file(*m) || files_.is_directory(*m) || removed_.count(ascii_lower(*m)));
}

ps::Host::ItemKind ServerHost::item_kind(const std::string& path) const {
    namespace fs = std::filesystem;
    if (auto m = memory_path(path)) {
        if (files_.file(*m)) return ItemKind::file;
        if (files_.is_directory(*m)) return ItemKind::directory;
        if (removed_.count(ascii_lower(*m))) return ItemKind::none;
        if (iequals(*m, setup_log_folder)) return ItemKind::directory;
        if (auto rel = script_relative(path)) {
            if (rel->empty()) return ItemKind::directory;
            std::error_code ec;
            if (folder_ && fs::is_directory(folder_->folder() / native_path(*rel), ec)) return ItemKind::directory;
        }
    }
    return read_file(path) ? ItemKind::file : ItemKind::none;
}

void ServerHost::check_writable(const std::string& path) const {
    std::string why;
    if (!memory_path(path, &why)) throw ps::NotModelled(why);
}

bool ServerHost::write_file(const std::string& path, const std::string& bytes, bool append) {
    std::string why;
    auto m = memory_path(path, &why);
    if (!m) throw ps::NotModelled(why);
    if (item_kind(path) == ItemKind::directory) throw ps::NotModelled("writing to the folder " + *m + " as a file");
    // Its folder: the script's own, setup's log folder, a folder of the script's on disk or one the run made.
    auto slash = m->find_last_of('\\');
    std::string parent = slash == std::string::npos ? std::string() : m->substr(0, slash);
    if (!parent.empty() && !iequals(parent, script_root) && !iequals(parent, setup_log_folder) && !files_.is_directory(parent)) {
        auto rel = script_relative(path);
        auto rel_slash = rel ? rel->find_last_of('\\') : std::string::npos;
        std::error_code ec;
        if (!rel || rel_slash == std::string::npos || !folder_ ||
            !std::filesystem::is_directory(folder_->folder() / native_path(rel->substr(0, rel_slash)), ec))
            return false;
    }
    if (append && !files_.file(*m)) {
        // Adding to a file of the script's folder on disk: its bytes first.
        if (auto old = read_file_bytes(path)) files_.write(*m, *old, false);
    }
    files_.write(*m, bytes, append);
    removed_.erase(ascii_lower(*m));
    return true;
}

bool ServerHost::create_directory(const std::string& path) {
    std::string why;
    auto m = memory_path(path, &why);
    if (!m) throw ps::NotModelled(why);
    // New-Item -ItemType Directory makes the folders above it too (Directory.CreateDirectory).
    auto rel = script_relative(path);
    if (!rel) {
        files_.make_directory(*m);
        return true;
    }
    std::string so_far;
    for (auto& part : split_provider_path(*rel)) {
        so_far += so_far.empty() ? part : "\\" + part;
        if (item_kind(so_far) == ItemKind::file) throw ps::NotModelled("making the folder " + *m + " where a file is");
        if (item_kind(so_far) == ItemKind::none) files_.make_directory(script_root + "\\" + so_far);
    }
    return true;
}

void ServerHost::remove_item(const std::string& path) {
    std::string why;
    auto m = memory_path(path, &why);
    if (!m) throw ps::NotModelled(why);
    if (!files_.file(*m) && !files_.is_directory(*m)) throw ps::NotModelled("removing " + *m + ", which the script did not make");
    if (files_.is_directory(*m) && files_.has_children(*m)) throw ps::NotModelled("removing the folder " + *m + " and what it holds");
    files_.remove(*m);
    removed_.insert(ascii_lower(*m));
}

std::optional<std::string> ServerHost::server_file(const std::string& path, bool bytes) const {
    namespace fs = std::filesystem;
    // What the run wrote comes first (Get-Content reads its BOM, or ANSI without one).
    if (auto m = memory_path(path)) {
        if (const std::string* f = files_.file(*m)) return bytes ? *f : ps::decode_file_bytes(*f);
        if (removed_.count(ascii_lower(*m))) return std::nullopt;
        if (files_.is_directory(*m)) return std::nullopt;
    }
    std::string p = qualify_path(location, path, nullptr);
    std::replace(p.begin(), p.end(), '/', '\\');
    if (iequals(p, setup_log_path)) {
        std::string log = (ctx_ && ctx_->setup_log ? *ctx_->setup_log : std::string()) + setup_.log;
        if (log.empty()) return std::nullopt;  // no CU has run on this server yet
        return log;
    }
    auto rel_path = script_relative(path);
    std::string refused = fmt::format("the file {} (the simulator has {} and the script's own folder)", path, setup_log_path);
    if (!rel_path || rel_path->empty() || !folder_) throw ps::NotModelled(refused);
    std::string rel = native_path(*rel_path);
    fs::path full = (folder_->folder() / rel).lexically_normal();
    std::error_code ec;
    if (!fs::exists(full, ec)) {
        if (rel_path->rfind("..", 0) == 0) throw ps::NotModelled(refused);
        return std::nullopt;
    }
    Json name = rel;
    std::string resolved;
    try {
        resolved = folder_->resolve(JsonAt(name, folder_->folder().string(), ""));
    } catch (const InputError& e) {
        throw ps::NotModelled(refused + ": " + e.message());
    }
    if (!bytes) return read_text_file(resolved);
    Bytes data = cusim::read_file_bytes(resolved);
    return std::string(data.begin(), data.end());
}

std::optional<std::string> ServerHost::read_file(const std::string& path) const { return server_file(path, false); }
std::optional<std::string> ServerHost::read_file_bytes(const std::string& path) const { return server_file(path, true); }

// Out of answers, Read-Host is the NonInteractive error (builtin_cmdlets.cpp), as powershell.exe
// -NonInteractive gives it to a scheduled or remote run.
std::optional<std::string> ServerHost::read_host(const std::string&) {
    if (answers_used_ >= answers.size()) return std::nullopt;
    return answers[answers_used_++];
}

}  // namespace cusim::runbook
