// How scripts reach the Exchange Management Shell from a plain PowerShell window, and run cmd
// lines: the commands admins put at the top of a recovery script.
//   . $env:ExchangeInstallPath\bin\RemoteExchange.ps1; Connect-ExchangeServer -auto
//   $s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://ex01/PowerShell/
//   Import-PSSession $s -DisableNameChecking
//   if (Get-Command Get-ExchangeCertificate -ErrorAction SilentlyContinue) { ... }
//   cmd /c "iisreset /noforce"
// After a failed CU the Exchange binaries are gone (facts.md 1b: "We have no access to the EMS at
// this point"): RemoteExchange.ps1 is not there, the PowerShell virtual directory does not answer,
// and the Exchange cmdlets are unknown; with a broken Back End binding EMS cannot open a session
// (case 4), as the ems-connect probe says.
#include <fmt/format.h>

#include "sim/checks/probes.hpp"
#include "sim/core/text.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/runbook/cmd_run.hpp"
#include "sim/runbook/server_host.hpp"

namespace cusim::runbook {
namespace {

using ps::CommandCall;
using ps::PsValue;

ServerHost& host_of(CommandCall& c) { return dynamic_cast<ServerHost&>(c.in.host()); }

// PowerShell's CommandNotFoundException, as the console prints it for a name it cannot resolve.
ps::ErrorRecord not_recognized(const std::string& name, const std::string& command = "") {
    ps::ErrorRecord e;
    e.message = fmt::format("The term '{}' is not recognized as the name of a cmdlet, function, script file, or operable program. "
                            "Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
                            name);
    e.command = command.empty() ? name : command;
    e.category = fmt::format("ObjectNotFound: ({}:String) [{}], CommandNotFoundException", name, command.empty() ? "" : command);
    e.error_id = command.empty() ? "CommandNotFoundException" : "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand";
    e.exception_type = "System.Management.Automation.CommandNotFoundException";
    e.target = PsValue(name);
    return e;
}

// INFERRED: the WinRM error the Exchange shell shows when the PowerShell virtual directory, or the
// Back End it proxies to, fails; the cause in cusim's words after it.
ps::ErrorRecord session_open_failed(const std::string& fqdn, const std::string& symptom) {
    std::string host = ascii_lower(fqdn);
    ps::ErrorRecord e;
    e.message = fmt::format("[{}] Connecting to remote server {} failed with the following error message : The WinRM client "
                            "received an HTTP server error status (500), but the remote service did not include any other "
                            "information about the cause of the failure. For more information, see the "
                            "about_Remote_Troubleshooting Help topic. ({})",
                            host, host, symptom);
    e.command = "New-PSSession";
    e.category = "OpenError: (System.Manageme....RemoteRunspace:RemoteRunspace) [New-PSSession], PSRemotingTransportException";
    e.error_id = "-2144108477,PSSessionOpenFailed";
    e.exception_type = "System.Management.Automation.Remoting.PSRemotingTransportException";
    return e;
}

// . $env:ExchangeInstallPath\bin\RemoteExchange.ps1 (what the Exchange Management Shell shortcut
// runs): defines Connect-ExchangeServer in the caller's scope. The engine calls this for a dot
// sourced RemoteExchange.ps1 only. Its banner and tip of the day are not printed (INFERRED: left out).
void remote_exchange(CommandCall& c) {
    ServerHost& host = host_of(c);
    if (!host.context().state.exchange.management_usable) {
        // The failed CU removed the Exchange binaries, the script with them.
        ps::ErrorRecord e = not_recognized(c.invoked_as);
        e.command = ".";  // the console names the dot operator, not the missing script
        return c.fail(std::move(e));
    }
    host.remote_exchange_loaded = true;
}

// Connect-ExchangeServer -auto | -Server NAME [-ClientApplication:ManagementShell]: the function
// RemoteExchange.ps1 defines; it opens a session to the server and imports the Exchange cmdlets,
// printing the two VERBOSE lines the Exchange Management Shell shows when it starts.
void connect_exchange_server(CommandCall& c) {
    ServerHost& host = host_of(c);
    if (!host.remote_exchange_loaded) return c.fail(not_recognized("Connect-ExchangeServer"));
    const ServerState& s = host.context().state;
    std::string server = c.has("server") ? c.text("server") : s.exchange.fqdn;
    if (!iequals(server, s.exchange.fqdn) && !iequals(server, s.exchange.server_name))
        c.in.not_modelled("Connect-ExchangeServer to another server (" + server + ")");
    if (!c.has("auto") && !c.has("server")) c.in.not_modelled("Connect-ExchangeServer without -auto or -Server");
    c.in.write_console(fmt::format("VERBOSE: Connecting to {}.\n", s.exchange.fqdn));
    ProbeResult ems = ems_connect_probe(s);
    if (!ems.ok) {
        ps::ErrorRecord e = session_open_failed(s.exchange.fqdn, ems.symptom);
        return c.write_error(std::move(e));
    }
    c.in.write_console(fmt::format("VERBOSE: Connected to {}.\n", s.exchange.fqdn));
}

// A remote session to the server's Exchange endpoint, as New-PSSession returns it
// (learn.microsoft.com: New-PSSession; the Exchange endpoint is the configuration Microsoft.Exchange).
class PsSessionObject : public ps::PsObject {
public:
    PsSessionObject(int id, std::string computer) : id(id), computer(std::move(computer)) {}
    int id;
    std::string computer;
    std::string type_name() const override { return "System.Management.Automation.Runspaces.PSSession"; }
    std::vector<std::string> property_names() const override {
        return {"Id", "Name", "ComputerName", "ComputerType", "State", "ConfigurationName", "Availability"};
    }
    std::optional<PsValue> property(const std::string& n) const override {
        if (iequals(n, "Id")) return PsValue(static_cast<long long>(id));
        if (iequals(n, "Name")) return PsValue("Session" + std::to_string(id));
        if (iequals(n, "ComputerName")) return PsValue(computer);
        if (iequals(n, "ComputerType")) return PsValue(std::string("RemoteMachine"));
        if (iequals(n, "State")) return PsValue(std::string("Opened"));
        if (iequals(n, "ConfigurationName")) return PsValue(std::string("Microsoft.Exchange"));
        if (iequals(n, "Availability")) return PsValue(std::string("Available"));
        return std::nullopt;
    }
    std::string to_string() const override { return "[PSSession]Session" + std::to_string(id); }
};

// New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://SERVER/PowerShell/
// [-Authentication Kerberos]: the server's own endpoint only.
void new_pssession(CommandCall& c) {
    ServerHost& host = host_of(c);
    const ServerState& s = host.context().state;
    if (!iequals(c.text("configurationname"), "Microsoft.Exchange")) c.in.not_modelled("New-PSSession to a configuration other than Microsoft.Exchange");
    std::string uri = ascii_lower(c.text("connectionuri"));
    std::string fqdn = ascii_lower(s.exchange.fqdn), name = ascii_lower(s.exchange.server_name);
    bool ours = false;
    for (const std::string& h : {fqdn, name, std::string("localhost")})
        for (const char* scheme : {"http://", "https://"})
            ours = ours || uri == scheme + h + "/powershell" || uri == scheme + h + "/powershell/";
    if (!ours) c.in.not_modelled("New-PSSession -ConnectionUri " + c.text("connectionuri") + " (only this server's /PowerShell/)");
    if (c.has("authentication") && !iequals(c.text("authentication"), "Kerberos") && !iequals(c.text("authentication"), "Default"))
        c.in.not_modelled("New-PSSession -Authentication " + c.text("authentication"));
    ProbeResult ems = ems_connect_probe(s);
    if (!ems.ok) {
        ps::ErrorRecord e = session_open_failed(s.exchange.fqdn, ems.symptom);
        return c.write_error(std::move(e));
    }
    c.emit(PsValue(ps::ObjectPtr(std::make_shared<PsSessionObject>(++host.sessions_opened, fqdn))));
}

// Import-PSSession $s [-DisableNameChecking] [-AllowClobber]: the session's cmdlets in this shell;
// returns the temporary module (its name is random on a real server: a fixed one here).
void import_pssession(CommandCall& c) {
    const PsValue* s = c.get("session");
    auto* session = s && s->is_object() ? dynamic_cast<const PsSessionObject*>(s->as_object().get()) : nullptr;
    if (!session) c.in.not_modelled("Import-PSSession of something other than a session New-PSSession returned");
    auto m = std::make_shared<ps::CustomObject>();
    m->properties = {{"ModuleType", PsValue(std::string("Script"))},
                     {"Version", PsValue(std::string("1.0"))},
                     {"Name", PsValue("tmp_cusim_" + std::to_string(session->id) + ".exch")},
                     {"ExportedCommands", PsValue(std::string("{Enable-ExchangeCertificate, Get-ExchangeCertificate, ...}"))}};
    c.emit(PsValue(ps::ObjectPtr(m)));
}

void remove_pssession(CommandCall& c) {
    for (auto& v : ps::enumerate(c.get("session") ? *c.get("session") : PsValue()))
        if (!v.is_object() || !dynamic_cast<const PsSessionObject*>(v.as_object().get()))
            c.in.not_modelled("Remove-PSSession of something other than a session New-PSSession returned");
}

// Get-Command NAME: the command as PowerShell resolves it. Scripts test EMS with it
// (`if (Get-Command Get-ExchangeCertificate -ErrorAction SilentlyContinue)`): after a failed CU the
// Exchange cmdlets are not there. A command the simulator does not know is not answered either way.
void get_command(CommandCall& c) {
    ServerHost& host = host_of(c);
    for (auto& v : ps::enumerate(c.get("name") ? *c.get("name") : PsValue())) {
        std::string name = ps::to_string(v);
        std::string key = ps::command_key_of(name);
        const ps::HostCommand* cmd = host.find_command(key);
        bool builtin = ps::builtin_commands().count(key) > 0;
        if (!cmd && !builtin) c.in.not_modelled("Get-Command of '" + name + "' (a command the simulator does not know)");
        bool exchange = cmd && host.is_exchange_cmdlet(key);
        if (exchange && !host.context().state.exchange.management_usable) {
            c.write_error(not_recognized(name, "Get-Command"));
            continue;
        }
        auto info = std::make_shared<ps::CustomObject>();
        info->properties = {{"CommandType", PsValue(std::string(cmd && cmd->native ? "Application" : "Cmdlet"))},
                            {"Name", PsValue(cmd ? cmd->name : name)},
                            {"Version", PsValue(std::string(""))},
                            {"Source", PsValue(std::string(exchange ? "Microsoft.Exchange.Management.PowerShell.SnapIn" : ""))}};
        c.emit(PsValue(ps::ObjectPtr(info)));
    }
}

// cmd /c "LINE" (or cmd /c LINE...): the line run by the batch language (cmd_run), as cmd.exe
// runs one command line; its failure is the exit code PowerShell sees in $LASTEXITCODE.
void cmd_exe(CommandCall& c) {
    ServerHost& host = host_of(c);
    const auto& a = c.native_args;
    if (a.empty() || !(iequals(a[0], "/c") || iequals(a[0], "/k"))) c.in.not_modelled("cmd without /c");
    if (iequals(a[0], "/k")) c.in.not_modelled("cmd /k (an interactive cmd window)");
    std::string line;
    for (size_t i = 1; i < a.size(); ++i) {
        if (!line.empty()) line += ' ';
        line += a[i];
    }
    auto script = std::make_shared<CmdScript>(read_cmd_script(c.in.script_path().empty() ? "cmd.cmd" : c.in.script_path(), line));
    auto problems = cmd_script_problems(*script);
    if (!problems.empty()) c.in.not_modelled("cmd /c " + line + ": " + problems.front().substr(problems.front().find(": ") + 2));
    CmdRun run(script, host.folder());
    ActionResult r = run.run_until(script->lines.empty() ? 0 : script->lines.size() - 1, host.context());
    host.record_setup(r);
    for (auto& out_line : split_lines(r.output)) c.emit(PsValue(out_line));
    c.exit_code = r.ok ? 0 : 1;
}

}  // namespace

void add_exchange_shell_commands(std::map<std::string, ps::HostCommand>& m) {
    ps::HostCommand remote = ps::make_cmdlet("RemoteExchange.ps1", {}, {}, {}, remote_exchange);
    m["remoteexchange.ps1"] = remote;
    m["connect-exchangeserver"] = ps::make_cmdlet("Connect-ExchangeServer", {"server", "clientapplication"}, {"auto", "allowclobber"},
                                                  {"server"}, connect_exchange_server);
    m["new-pssession"] = ps::make_cmdlet("New-PSSession", {"configurationname", "connectionuri", "authentication", "credential"}, {},
                                         {}, new_pssession);
    m["import-pssession"] = ps::make_cmdlet("Import-PSSession", {"session"}, {"disablenamechecking", "allowclobber"}, {"session"},
                                            import_pssession);
    m["remove-pssession"] = ps::make_cmdlet("Remove-PSSession", {"session"}, {}, {"session"}, remove_pssession);
    m["get-command"] = ps::make_cmdlet("Get-Command", {"name"}, {}, {"name"}, get_command);
    ps::HostCommand cmd;
    cmd.name = "cmd.exe";
    cmd.native = true;
    cmd.run = cmd_exe;
    m["cmd"] = cmd;
}

}  // namespace cusim::runbook
