#pragma once
// The simulated server as the PowerShell engine's host (sim/powershell/interpreter.hpp): its
// commands (the cmdlets and native programs of commands/, each calling the shared action
// catalogue, and the queries that return objects: Get-ChildItem Cert:\ and IIS:\SslBindings,
// Get-ExchangeCertificate, Get-WebBinding, Get-AuthConfig), its clock, its objects with the
// properties and methods of the real ones, and how the console shows them.
#include <memory>
#include <set>
#include <string>

#include "sim/powershell/file_text.hpp"
#include "sim/powershell/interpreter.hpp"
#include "sim/runbook/commands.hpp"
#include "sim/runbook/location.hpp"

namespace cusim::runbook {

class ServerHost : public ps::Host {
public:
    // The server a step runs on: set before each step (a fix run's context).
    void attach(ActionContext& ctx, const InputFolder& folder) {
        ctx_ = &ctx;
        folder_ = &folder;
    }
    // The folder alone, for the check of a script before it runs (its dot-sourced files).
    void set_folder(const InputFolder& folder) { folder_ = &folder; }
    ActionContext& context() const { return *ctx_; }
    const InputFolder& folder() const { return *folder_; }

    // What setup.exe runs during a step left for the fix run: its log, and where it failed.
    struct SetupOutcome {
        std::string log;
        std::string failed_step, error;
    };
    SetupOutcome take_setup_outcome();
    void record_setup(const ActionResult& r);

    const ps::HostCommand* find_command(const std::string& name) const override;
    std::vector<std::string> command_names() const override;
    SimTime now() const override;
    void sleep(long long seconds) override;
    std::string machine_name() const override;
    std::optional<std::string> dns_host_name(const std::string& name) const override;
    std::optional<std::string> environment(const std::string& name) const override;
    std::optional<std::string> format_default(const ps::Array& objects) const override;
    // The server's files a script may read: C:\ExchangeSetupLogs\ExchangeSetup.log (what this
    // run's setup runs wrote) and, by a relative path, the files of the script's folder (as
    // Import-PfxCertificate -FilePath finds them); any other path is not modelled.
    std::optional<std::string> read_file(const std::string& path) const override;
    std::optional<std::string> read_file_bytes(const std::string& path) const override;
    std::optional<std::string> read_host(const std::string& prompt) override;

    // The files a script writes, in memory for the run (never the real disk, never an input file
    // changed), where the model already lets it read: the script's own folder (a relative path, or
    // one under $PSScriptRoot) and C:\ExchangeSetupLogs (setup's log folder; its ExchangeSetup.log
    // is setup's own and not written). Any other place is not modelled.
    ItemKind item_kind(const std::string& path) const override;
    void check_writable(const std::string& path) const override;
    std::string full_path(const std::string& path) const override;
    bool write_file(const std::string& path, const std::string& bytes, bool append) override;
    bool create_directory(const std::string& path) override;
    void remove_item(const std::string& path) override;
    // Whether the run wrote, made or removed this file (the catalogue's actions read input files from
    // the disk, so a command given such a path is not modelled).
    bool written(const std::string& path) const;
    // $PSScriptRoot: the folder of the script as the engine names it ("." at a console).
    std::string script_root = ".";

    // Import-Module WebAdministration ran: the IIS: drive exists (Windows PowerShell 5.1 makes the
    // drive when the module loads, not when a cmdlet of it autoloads it).
    bool webadministration_loaded = false;
    // RemoteExchange.ps1 was dot sourced: Connect-ExchangeServer exists (exchange_shell.cpp).
    bool remote_exchange_loaded = false;
    // Where the console is (Set-Location); relative paths start there (location.hpp).
    ConsoleLocation location;
    // The services whose startup type Set-Service changed in this run, lower case: Get-Service does
    // not answer for them (get_service.hpp).
    std::set<std::string> startup_types_set;
    int sessions_opened = 0;  // New-PSSession's session ids
    // A cmdlet of the Exchange Management Shell: unknown to PowerShell when EMS does not load.
    bool is_exchange_cmdlet(const std::string& key) const;
    // Read-Host's answers for this run (cusim check-tool --answers), consumed in order.
    std::vector<std::string> answers;

private:
    std::optional<std::string> server_file(const std::string& path, bool bytes) const;
    // Where a written file is kept: its full path as PowerShell shows it, or nullopt when the path is
    // not one where the model has files (`why` then says so).
    std::optional<std::string> memory_path(const std::string& path, std::string* why = nullptr) const;
    // A path of the script's folder, relative to it ("logs\run.txt"), or nullopt.
    std::optional<std::string> script_relative(const std::string& path) const;
    ps::MemoryFiles files_;
    std::set<std::string> removed_;  // lower-case full paths of files the run removed
    ActionContext* ctx_ = nullptr;
    const InputFolder* folder_ = nullptr;
    SetupOutcome setup_;
    size_t answers_used_ = 0;
};

// The environment variables of the server's console (COMPUTERNAME, ExchangeInstallPath, ...), for
// PowerShell's $env: and cmd's %NAME%; nullopt for one the simulator does not model.
std::optional<std::string> server_environment(const ServerState& state, const std::string& name);

// A parameter's name as Get-Help spells it ("certstorelocation" -> "CertStoreLocation"); the
// command tables keep them in lower case. For messages and Tab completion.
std::string parameter_spelling(const std::string& lower_name);

// The commands of the host, by lower-case name (every runbook command, adapted, and the queries).
const std::map<std::string, ps::HostCommand>& server_commands();
// RemoteExchange.ps1, Connect-ExchangeServer, New-/Import-/Remove-PSSession, Get-Command, cmd /c
// (exchange_shell.cpp).
void add_exchange_shell_commands(std::map<std::string, ps::HostCommand>& commands);

}  // namespace cusim::runbook
