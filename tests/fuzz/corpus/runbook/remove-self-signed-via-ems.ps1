# title: Remove-ExchangeCertificate on the self-signed "Microsoft Exchange" certificate
# source: https://practical365.com/exchange-server/exchange-2013-the-internal-transport-certificate-cannot-be-removed/
$t = (Get-ExchangeCertificate | Where-Object { $_.FriendlyName -eq "Microsoft Exchange" } | Select-Object -First 1).Thumbprint
Remove-ExchangeCertificate -Thumbprint $t -Confirm:$false
