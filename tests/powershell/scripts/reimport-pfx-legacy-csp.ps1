<#
.SYNOPSIS
    Re-imports a certificate into the legacy CAPI provider.
.DESCRIPTION
    Case 25 (Clint Boessen, "OWA and ECP doesn't log in after renewing certificate"; TechNet Wiki
    54717): the wildcard's key was in the Microsoft Software Key Storage Provider (CNG), and
    forms-based authentication looped back to the login page.
#>
param(
    [Parameter(Mandatory=$true)][string]$Pfx,
    [Parameter(Mandatory=$true)][string]$PfxPassword,
    [Parameter(Mandatory=$true)][string]$Thumbprint
)

$provider = certutil -store my $Thumbprint | Select-String 'Provider ='
Write-Host "Current key provider: $provider"
if ($provider -notmatch 'Key Storage Provider') {
    Write-Host 'Key already in a CAPI provider'
    return
}

certutil -delstore my $Thumbprint
certutil -f -p $PfxPassword -csp "Microsoft RSA SChannel Cryptographic Provider" -importpfx $Pfx
if ($LASTEXITCODE -ne 0) { throw "certutil -importpfx failed ($LASTEXITCODE)" }

Enable-ExchangeCertificate -Thumbprint $Thumbprint -Services IIS -Force
iisreset
