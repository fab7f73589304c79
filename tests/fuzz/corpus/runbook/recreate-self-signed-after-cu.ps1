# title: IIS Manager's self-signed certificate on both 443 bindings, setup to the end, then a new "Microsoft Exchange" certificate for SMTP on the Back End
# source: https://practical365.com/exchange-server/expired-certificates-cause-exchange-cumulative-updates-fail/
IIS-CreateSelfSignedCertificate -FriendlyName "IIS Self-Signed" -Store Personal
IIS-EditSiteBinding -Site "Default Web Site" -Binding ":443:" -Certificate "IIS Self-Signed"
IIS-EditSiteBinding -Site "Default Web Site" -Binding "127.0.0.1:443:" -Certificate "IIS Self-Signed"
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
$t = (New-ExchangeCertificate -DomainName EX01,EX01.contoso.local -FriendlyName "Microsoft Exchange" -Services SMTP -Force).Thumbprint
IIS-EditSiteBinding -Site "Exchange Back End" -Binding "*:444:" -Certificate $t
iisreset
