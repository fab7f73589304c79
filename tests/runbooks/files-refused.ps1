# Writing files where the simulator does not model them is refused, never approximated: C:\Windows\Temp
# (the model has the script's own folder and C:\ExchangeSetupLogs), setup's own log, removing an
# input file of the script's folder, and a catalogue command given a file the script wrote
# (it reads its files from the disk).
param([ValidateSet('outside', 'setuplog', 'input', 'pfx')] [string]$Case)
switch ($Case) {
    'outside' { Set-Content -Path C:\Windows\Temp\fix.log -Value 'x' }
    'setuplog' { 'x' >> C:\ExchangeSetupLogs\ExchangeSetup.log }
    'input' { Remove-Item .\whatif.ps1 }
    'pfx' {
        Set-Content -Path .\renewed.pfx -Value 'not a pfx'
        Import-PfxCertificate -FilePath .\renewed.pfx -CertStoreLocation Cert:\LocalMachine\My
    }
}
