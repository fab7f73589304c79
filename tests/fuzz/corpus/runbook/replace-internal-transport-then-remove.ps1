# title: New self-signed certificate for the server names (-Force: it becomes the default SMTP certificate), bind it to the Back End, remove the old one
# source: https://practical365.com/exchange-server/exchange-2013-the-internal-transport-certificate-cannot-be-removed/
$old = (Get-ExchangeCertificate | Where-Object { $_.FriendlyName -eq "Microsoft Exchange" } | Select-Object -First 1).Thumbprint
$t = (New-ExchangeCertificate -DomainName EX01,EX01.contoso.local -FriendlyName "Microsoft Exchange" -Services SMTP -Force).Thumbprint
netsh http update sslcert ipport=0.0.0.0:444 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
Remove-ExchangeCertificate -Thumbprint $old -Confirm:$false
