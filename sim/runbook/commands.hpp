#pragma once
// The commands of runbooks and the lab, one file per tool under commands/ (netsh,
// certutil, the Cert: drive, WebAdministration, services, the clock, setup.exe, the Exchange
// cmdlets, the GUI steps). Each command checks its parameters and calls the shared action
// catalogue (sim/recovery), printing what the real command prints.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "sim/formats/input_paths.hpp"
#include "sim/recovery/action_catalogue.hpp"
#include "sim/runbook/command_syntax.hpp"

namespace cusim::runbook {

// What a command runs against: the server of the run, and the folder relative paths start from.
struct LineContext {
    ActionContext& ctx;
    const InputFolder& folder;
};

// A command's arguments as bound (named in lower case, the rest positional): by the PowerShell
// engine's parameter binding, or as a cmd script's native program gets them.
using Handler = std::function<ActionResult(const Args& args, LineContext&)>;

struct Command {
    std::string tool;
    std::set<std::string> params;  // allowed PowerShell parameters (lower case); empty for cmd tools
    Handler run;                   // empty: the line is handled elsewhere (a certificate query)
};

using CommandTable = std::map<std::string, Command>;

// Keyed by command_key(first token).
const CommandTable& commands();
// "C:\Setup\setup.exe" -> "setup", "netsh.exe" -> "netsh", "Get-WebBinding" -> "get-webbinding".
std::string command_key(const std::string& first_token);
// A native program (netsh, certutil, iisreset, setup.exe), not a cmdlet: it takes its arguments
// as text and answers with an exit code, for PowerShell's $LASTEXITCODE and cmd's ERRORLEVEL.
bool is_native_program(const std::string& key, const Command& command);

ActionResult ok(std::string output = "");
ActionResult error(std::string message);
// A use of the command the simulator does not model (`what`: "w32tm /config"): the engines stop
// the script there, with its place, and the run is unmodelled, never an error of the server.
ActionResult not_modelled(std::string what);
// Runs a catalogue action with parameters built from the line.
ActionResult action(const std::string& name, Json params, LineContext& lc);
Json by_thumbprint(const std::string& thumbprint);

// What a web binding object's AddSslCertificate/RemoveSslCertificate do to http.sys
// (web_administration.cpp): nullopt, or the message of the .NET exception the method throws.
std::optional<std::string> binding_add_ssl_certificate(const std::string& endpoint, const std::string& thumbprint,
                                                       const std::string& store, LineContext& lc);
std::optional<std::string> binding_remove_ssl_certificate(const std::string& endpoint, LineContext& lc);

// One per file under commands/.
void add_netsh_commands(CommandTable& table);
void add_certutil_commands(CommandTable& table);
void add_cert_drive_commands(CommandTable& table);
void add_web_administration_commands(CommandTable& table);
void add_services_commands(CommandTable& table);
void add_clock_commands(CommandTable& table);
void add_setup_exe_commands(CommandTable& table);
void add_exchange_cmdlets_commands(CommandTable& table);
void add_gui_steps_commands(CommandTable& table);

}  // namespace cusim::runbook
