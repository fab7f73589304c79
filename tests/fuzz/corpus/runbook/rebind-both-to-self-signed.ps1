# title: Bind both Default Web Site https bindings to the "Microsoft Exchange" certificate, then resume setup
# source: https://practical365.com/exchange-server/expired-certificates-cause-exchange-cumulative-updates-fail/
# when: after-failure
netsh http show sslcert ipport=0.0.0.0:443
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.FriendlyName -eq "Microsoft Exchange" } | Sort-Object NotAfter -Descending | Select-Object -First 1).Thumbprint
(Get-WebBinding -Name "Default Web Site" -Protocol https -Port 443 -IPAddress *).RemoveSslCertificate()
(Get-WebBinding -Name "Default Web Site" -Protocol https -Port 443 -IPAddress *).AddSslCertificate($t, "My")
netsh http update sslcert ipport=127.0.0.1:443 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
iisreset
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
