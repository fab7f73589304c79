# title: Renew the self-signed certificate with IIS ticked (it takes Default Web Site 443 too), bind it to the Back End
# source: https://ehloergosum.com/2020/01/25/renewing-that-pesky-microsoft-exchange-certificate/
$t = (New-ExchangeCertificate -DomainName EX01,EX01.contoso.local -FriendlyName "Microsoft Exchange" -Services IIS,SMTP -Force).Thumbprint
netsh http update sslcert ipport=0.0.0.0:444 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
iisreset
