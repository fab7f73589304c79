#pragma once
// Runbooks: recovery scripts as an admin writes them, loaded as a Fix whose steps the harness,
// the reports and `check-tool` treat like any built-in fix's. A .ps1 runs on the PowerShell
// engine (script_fix.hpp), a .cmd or .bat on the cmd.exe batch language (cmd_fix.hpp).
//
// RunbookSession is the line-by-line interpreter the training lab still types into (one command
// per line, anything else an error naming it, "not supported by the simulator"):
//   netsh http show|add|update|delete sslcert ...       certutil -store|-repairstore|-delstore|-importpfx
//   Get-ChildItem Cert:\LocalMachine\My[\<t>] [| Where-Object {$_.P -eq|-like|-ne "v"}]... [| Sort-Object P [-Descending]] [| Select-Object -First N]
//   New-SelfSignedCertificate, Import-PfxCertificate, Remove-Item Cert:\LocalMachine\My\<t>
//   Get-WebBinding, New-WebBinding, (Get-WebBinding ...).AddSslCertificate(<t>, "My"), (...).RemoveSslCertificate()
//   iisreset, Restart-Service, Stop-Service, Start-Service, Set-Service -StartupType, Set-Date
//   Get-ExchangeCertificate, New-ExchangeCertificate, Enable-ExchangeCertificate, Remove-ExchangeCertificate,
//   Import-ExchangeCertificate, Get-AuthConfig, Set-AuthConfig, Set-ReceiveConnector
//   setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms[_DiagnosticDataOFF], Restart-Computer
//   GUI steps, named for the simulator: IIS-CreateSelfSignedCertificate -FriendlyName -Store,
//   IIS-EditSiteBinding -Site -Binding -Certificate <friendly name>, CertLM-ManagePrivateKeys -Thumbprint,
//   Restore-ServerBackup
//   $v = "text" | ConvertTo-SecureString "text" -AsPlainText -Force | (<command or pipeline>).Property | <pipeline>
//   $v, $v.Property and $($v.Property) inside later lines.
#include <memory>
#include <string>

#include "sim/recovery/fix.hpp"
#include "sim/formats/input_paths.hpp"

namespace cusim {

bool is_runbook_file(const std::string& path);  // .ps1, .cmd or .bat
Fix load_runbook(const std::string& path);

// Lines typed one at a time (the training lab): each is checked like a runbook line and
// run at once; variables carry over from line to line. A line outside the subset comes
// back as a failed result with the reason, not as an exception.
class RunbookSession {
public:
    // `folder_file`: a (possibly virtual) file whose folder relative paths start from.
    explicit RunbookSession(const std::string& folder_file);
    RunbookSession(const RunbookSession& other);  // variables and all: the lab's undo keeps copies
    RunbookSession& operator=(const RunbookSession& other);
    ~RunbookSession();
    ActionResult run(const std::string& line, ActionContext& ctx);
    // The files lines have read so far (Import-PfxCertificate -FilePath, certutil -importpfx).
    const std::vector<InputFolder::ResolvedFile>& files_read() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cusim
