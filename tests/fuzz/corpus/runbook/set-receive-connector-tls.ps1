# title: Set-ReceiveConnector -TlsCertificateName for the new certificate, restart the Front End Transport service
# source: https://blogs.blackmarble.co.uk/adawson/2016/03/02/exchange-2013-cert-change-unable-to-support-the-starttls-smtp-verb/
$c = Get-ExchangeCertificate | Where-Object { $_.Subject -like "CN=mail.contoso.com*" } | Sort-Object NotBefore -Descending | Select-Object -First 1
Set-ReceiveConnector "EX01\Default Frontend EX01" -TlsCertificateName "<I>$($c.Issuer)<S>$($c.Subject)"
Restart-Service MSExchangeFrontEndTransport
