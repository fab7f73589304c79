<#
.SYNOPSIS
    Replaces the internal transport certificate, then removes the old one.
.DESCRIPTION
    Case 27 (practical365.com, "Exchange 2013: The Internal Transport Certificate Cannot be
    Removed"): Remove-ExchangeCertificate refuses the internal transport certificate. Make a new
    self-signed one first (answer Yes to overwrite the default SMTP certificate), then remove.
#>
[CmdletBinding()]
param()

$server = Get-ExchangeServer $env:COMPUTERNAME
$oldThumb = $server.InternalTransportCertificateThumbprint
$fqdn = $server.Fqdn
Write-Verbose "Internal transport certificate: $oldThumb"

$new = New-ExchangeCertificate -DomainName $fqdn, $env:COMPUTERNAME -Services SMTP -Force
Write-Host "New certificate $($new.Thumbprint)"

$check = (Get-ExchangeServer $env:COMPUTERNAME).InternalTransportCertificateThumbprint
if ($check -ne $new.Thumbprint) {
    Write-Warning "The internal transport certificate is still $check; not removing $oldThumb"
    exit 1
}
Remove-ExchangeCertificate -Thumbprint $oldThumb -Confirm:$false
Write-Host "Removed $oldThumb"
