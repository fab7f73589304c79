# title: Enable-ExchangeCertificate -Services SMTP on the new certificate, as event 12014 suggests
# source: https://blogs.blackmarble.co.uk/adawson/2016/03/02/exchange-2013-cert-change-unable-to-support-the-starttls-smtp-verb/
$t = (Get-ExchangeCertificate | Where-Object { $_.Subject -like "CN=mail.contoso.com*" } | Where-Object { $_.NotAfter -gt (Get-Date) } | Sort-Object NotBefore -Descending | Select-Object -First 1).Thumbprint
Enable-ExchangeCertificate -Thumbprint $t -Services SMTP
Restart-Service MSExchangeFrontEndTransport
