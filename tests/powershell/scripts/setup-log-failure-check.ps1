# Reads ExchangeSetup.log after a failed CU and names the certificate problem, in the manner of
# CSS-Exchange's SetupLogReviewer (cases 1, 9, 11: "The certificate is expired.", "Keyset does
# not exist", "Insufficient rights to grant Network Service access").
param(
    [string]$Log = 'C:\ExchangeSetupLogs\ExchangeSetup.log'
)

if (!(Test-Path $Log)) { Write-Host "No setup log at $Log"; exit 0 }

$findings = New-Object System.Collections.ArrayList
switch -Regex -File $Log {
    'The certificate is expired' { [void]$findings.Add('expired certificate on the Default Web Site') }
    'Keyset does not exist' { [void]$findings.Add('private key missing or unreadable') }
    'Insufficient rights to grant Network Service access to the certificate with thumbprint (\w+)' {
        [void]$findings.Add("key ACL of $($Matches[1])")
    }
    "Installing certificate signed by '(.+)' for site '(.+)'" { $site = $Matches[2] }
}

$summary = @"
Setup log: $Log
Findings:  $($findings.Count)
$($findings -join "`n")
"@
Write-Host $summary
if ($site) { Write-Host "Last certificate installed for: $site" }
Select-String -Path $Log -Pattern 'FAILED' -SimpleMatch | Select-Object -Last 3 | ForEach-Object { $_.Line }
