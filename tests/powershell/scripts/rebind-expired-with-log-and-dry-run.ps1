<#
.SYNOPSIS
    Rebinds every https binding whose certificate has expired to a new self-signed certificate,
    logging each step to a file beside the script; run it with -WhatIf first.
.DESCRIPTION
    Follows the fix rebind-both-to-self-signed (seed case 0b: the expired certificate on both
    Default Web Site 443 bindings, and the Back End's 444). Admins run it once with -WhatIf to see
    what it would change, then without. The log is written with Out-File -Append where
    Start-Transcript is not allowed, with -WhatIf:$false so the dry run logs too.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string]$LogFile = "$PSScriptRoot\rebind-expired.log"
)

function Write-Log {
    param([string]$Message)
    $line = "$(Get-Date -Format 'yyyy-MM-dd HH:mm:ss') $Message"
    Write-Host $line
    $line | Out-File -FilePath $LogFile -Append -WhatIf:$false
}

Write-Log "Start on $env:COMPUTERNAME (dry run: $WhatIfPreference)"
Get-ChildItem Cert:\LocalMachine\My | Out-File -FilePath "$PSScriptRoot\certificates-before.txt" -WhatIf:$false

$fqdn = [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName
$new = New-SelfSignedCertificate -DnsName $env:COMPUTERNAME, $fqdn -CertStoreLocation Cert:\LocalMachine\My `
    -FriendlyName 'Microsoft Exchange' -NotAfter (Get-Date).AddYears(5) `
    -Provider 'Microsoft RSA SChannel Cryptographic Provider'
if ($new) { Write-Log "New certificate $($new.Thumbprint)" } else { Write-Log 'No certificate made (dry run)' }

Import-Module WebAdministration
foreach ($site in 'Default Web Site', 'Exchange Back End') {
    foreach ($binding in Get-WebBinding -Name $site -Protocol https) {
        $cert = Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.Thumbprint -eq $binding.certificateHash }
        if ($cert -and $cert.NotAfter -gt (Get-Date)) {
            Write-Log "$site $($binding.bindingInformation) is fine ($($cert.Thumbprint))"
            continue
        }
        if ($PSCmdlet.ShouldProcess("$site $($binding.bindingInformation)", 'Bind the new certificate')) {
            $binding.RemoveSslCertificate()
            $binding.AddSslCertificate($new.Thumbprint, 'My')
            Write-Log "$site $($binding.bindingInformation) now has $($new.Thumbprint)"
        }
    }
}

if ($PSCmdlet.ShouldProcess($env:COMPUTERNAME, 'iisreset')) {
    iisreset
}
Write-Log 'Done'
Get-Content $LogFile
