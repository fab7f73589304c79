# title: Bind only the :443: binding to the "Microsoft Exchange" certificate, then resume setup (the seed's warning: not enough)
# source: https://practical365.com/exchange-server/expired-certificates-cause-exchange-cumulative-updates-fail/
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.FriendlyName -eq "Microsoft Exchange" } | Sort-Object NotAfter -Descending | Select-Object -First 1).Thumbprint
(Get-WebBinding -Name "Default Web Site" -Protocol https -Port 443 -IPAddress *).RemoveSslCertificate()
(Get-WebBinding -Name "Default Web Site" -Protocol https -Port 443 -IPAddress *).AddSslCertificate($t, "My")
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
