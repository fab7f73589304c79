<#
.SYNOPSIS
    Before the CU, from a plain PowerShell window: open the Exchange Management Shell, import
    the renewed certificate and give it IIS, then check both 443 endpoints.
.DESCRIPTION
    The prevention of the seed case (practical365.com, "Expired Certificates Cause Exchange
    Cumulative Updates to Fail"): the renewed certificate is enabled for IIS while EMS still
    works, so setup's Install-ExchangeCertificate -services IIS finds a valid one. Written the way
    admin blogs open EMS remotely (New-PSSession to http://SERVER/PowerShell/, Import-PSSession),
    with a fallback to RemoteExchange.ps1 when the session cannot be opened.
.NOTES
    when: before-cu
#>
# when: before-cu
param(
    [string] $PfxPath = "..\..\..\fixtures\pfx\mail-contoso-2024.pfx",
    [string] $PfxPassword = "Contoso!2024"
)

$fqdn = ([System.Net.Dns]::GetHostByName($env:COMPUTERNAME)).HostName
Write-Host "Connecting to Exchange on $fqdn ..." -ForegroundColor Cyan
try {
    $session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$fqdn/PowerShell/" `
        -Authentication Kerberos -ErrorAction Stop
    Import-PSSession $session -DisableNameChecking -AllowClobber | Out-Null
} catch {
    Write-Warning "Remote session failed: $($_.Exception.Message)"
    . $env:ExchangeInstallPath\bin\RemoteExchange.ps1
    Connect-ExchangeServer -auto
}

if (-not (Get-Command Enable-ExchangeCertificate -ErrorAction SilentlyContinue)) {
    Write-Error "The Exchange cmdlets are not available: run this before the CU, while EMS works."
    exit 1
}

$password = ConvertTo-SecureString $PfxPassword -AsPlainText -Force
$imported = Import-ExchangeCertificate -FileName $PfxPath -Password $password -PrivateKeyExportable $true
Write-Host "Imported $($imported.Thumbprint) ($($imported.Subject)), valid until $($imported.NotAfter)"
Enable-ExchangeCertificate -Thumbprint $imported.Thumbprint -Services IIS -Force

foreach ($endpoint in "0.0.0.0:443", "127.0.0.1:443") {
    $shown = cmd /c "netsh http show sslcert ipport=$endpoint" | Select-String "Certificate Hash"
    Write-Host ("{0,-15} {1}" -f $endpoint, ($shown -replace '.*:\s*', ''))
}
if ($session) { Remove-PSSession $session }
