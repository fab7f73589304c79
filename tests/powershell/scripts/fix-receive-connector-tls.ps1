<#
.SYNOPSIS
    Points the hybrid receive connector at the new certificate.
.DESCRIPTION
    Case 13 (Black Marble blog, "Exchange 2013 cert change: unable to support the STARTTLS SMTP
    verb"; KB2989382): after the old certificate was deleted, event 12014 and no STARTTLS; the
    connector's TlsCertificateName still named the old one.
#>
param(
    [string]$Server = $env:COMPUTERNAME,
    [string]$Domain = 'mail.contoso.com'
)

$cert = Get-ExchangeCertificate -Server $Server |
    Where-Object { $_.CertificateDomains -contains $Domain -and $_.Services -match 'SMTP' -and $_.Status -eq 'Valid' } |
    Sort-Object NotAfter -Descending | Select-Object -First 1

$tlsName = "<I>$($cert.Issuer)<S>$($cert.Subject)"
Write-Host "TlsCertificateName: $tlsName"

Get-ReceiveConnector -Server $Server | Where-Object { $_.Name -like 'Default Frontend*' -or $_.TlsCertificateName } | ForEach-Object {
    Write-Host "Updating $($_.Identity)"
    Set-ReceiveConnector -Identity $_.Identity -TlsCertificateName $tlsName
}
Restart-Service MSExchangeFrontEndTransport
