# title: KB2617816: new Auth certificate, Set-AuthConfig, restart MSExchangeServiceHost, recycle the app pools
# source: https://learn.microsoft.com/en-gb/exchange/troubleshoot/administration/cannot-access-owa-or-ecp-if-oauth-expired
$t = (New-ExchangeCertificate -KeySize 2048 -PrivateKeyExportable $true -SubjectName "cn=Microsoft Exchange Server Auth Certificate" -FriendlyName "Microsoft Exchange Server Auth Certificate" -DomainName @()).Thumbprint
Set-AuthConfig -NewCertificateThumbprint $t -NewCertificateEffectiveDate (Get-Date)
Set-AuthConfig -PublishCertificate
Set-AuthConfig -ClearPreviousCertificate
Restart-Service MSExchangeServiceHost
iisreset
Get-AuthConfig
