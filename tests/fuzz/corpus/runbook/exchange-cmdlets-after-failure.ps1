# title: The usual cure after the failed CU: Enable-ExchangeCertificate on the self-signed certificate (EMS is gone)
# source: https://blog.rmilne.ca/2020/11/19/exchange-setup-certificate-is-expired-part-deux/
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.FriendlyName -eq "Microsoft Exchange" } | Select-Object -First 1).Thumbprint
Enable-ExchangeCertificate -Thumbprint $t -Services IIS -Force
