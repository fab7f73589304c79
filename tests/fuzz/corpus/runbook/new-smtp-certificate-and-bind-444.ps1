# title: New-ExchangeCertificate for the server names with SMTP (-Force: overwrite the default SMTP certificate), bind it to the Back End 444
# source: https://markgossa.com/2015/11/exchange-2013-2016-can-you-delete-self-signed-certificate.html
$t = (New-ExchangeCertificate -DomainName EX01,EX01.contoso.local -FriendlyName "Microsoft Exchange" -Services SMTP -Force).Thumbprint
netsh http delete sslcert ipport=0.0.0.0:444
netsh http add sslcert ipport=0.0.0.0:444 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}' certstorename=MY
Restart-Service MSExchangeTransport
iisreset
