<#
.SYNOPSIS
    Renews the Exchange Server Auth certificate (OAuth) the way KB2617816 describes.
.DESCRIPTION
    Cases 5 (Jaap Wesselius, OWA and ECP not working after the Nov 2021 SU) and 6 (KB2617816,
    "Can't sign in to Outlook on the web or EAC if Exchange Server OAuth certificate is
    expired"): new Auth certificate, Set-AuthConfig, publish, clear the previous one, restart
    the Service Host and recycle the OWA and ECP application pools.
.LINK
    https://learn.microsoft.com/en-gb/exchange/troubleshoot/administration/cannot-access-owa-or-ecp-if-oauth-expired
#>
$ErrorActionPreference = "Stop"

$current = (Get-AuthConfig).CurrentCertificateThumbprint
$cert = Get-ExchangeCertificate -Thumbprint $current -ErrorAction SilentlyContinue
if ($cert -and $cert.NotAfter -gt (Get-Date).AddDays(30)) {
    Write-Host "Auth certificate $current is valid until $($cert.NotAfter); nothing to do"
    return
}

# Answer "No" when asked to overwrite the default SMTP certificate
$newCert = New-ExchangeCertificate -KeySize 2048 -PrivateKeyExportable $true `
    -SubjectName "cn=Microsoft Exchange Server Auth Certificate" `
    -FriendlyName "Microsoft Exchange Server Auth Certificate" -DomainName @()

Set-AuthConfig -NewCertificateThumbprint $newCert.Thumbprint -NewCertificateEffectiveDate (Get-Date)
Set-AuthConfig -PublishCertificate
Set-AuthConfig -ClearPreviousCertificate

Restart-Service MSExchangeServiceHost
"MSExchangeOWAAppPool", "MSExchangeECPAppPool" | ForEach-Object { Restart-WebAppPool $_ }

Get-AuthConfig | Format-List CurrentCertificateThumbprint, PreviousCertificateThumbprint
