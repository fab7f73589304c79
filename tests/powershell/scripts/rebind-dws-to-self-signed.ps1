<#
.SYNOPSIS
    Binds both https bindings of the Default Web Site to the self-signed "Microsoft Exchange"
    certificate and resumes the failed cumulative update.
.DESCRIPTION
    Follows the seed case (practical365.com, "Expired certificates cause Exchange cumulative
    updates to fail", case 0a): the CU failed at "Mailbox role: Transport service" because an
    expired CA certificate was bound to the Default Web Site. EMS is gone, so IIS is fixed
    with the WebAdministration module.
.PARAMETER SetupPath
    Where the CU's Setup.exe is.
.EXAMPLE
    .\rebind-dws-to-self-signed.ps1 -SetupPath D:\Setup.exe
#>
param(
    [string]$SetupPath = "D:\Setup.exe"
)

Import-Module WebAdministration

Write-Host "Looking for the Microsoft Exchange self-signed certificate..." -ForegroundColor Cyan
$cert = Get-ChildItem Cert:\LocalMachine\My |
    Where-Object { $_.FriendlyName -eq "Microsoft Exchange" -and $_.NotAfter -gt (Get-Date) } |
    Sort-Object NotAfter -Descending |
    Select-Object -First 1

if (-not $cert) {
    Write-Host "No valid Microsoft Exchange certificate found" -ForegroundColor Red
    exit 1
}
Write-Host "Using $($cert.Thumbprint), valid until $($cert.NotAfter)"

foreach ($ip in @("*", "127.0.0.1")) {
    $binding = Get-WebBinding -Name "Default Web Site" -Protocol https -Port 443 -IPAddress $ip
    $binding.RemoveSslCertificate()
    $binding.AddSslCertificate($cert.Thumbprint, "My")
    Write-Host "  bound ${ip}:443"
}

iisreset /noforce
& $SetupPath /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
