# title: IIS Manager: Create Self-Signed Certificate, bind both Default Web Site https bindings to it, resume setup
# source: https://practical365.com/exchange-server/expired-certificates-cause-exchange-cumulative-updates-fail/
IIS-CreateSelfSignedCertificate -FriendlyName "IIS Self-Signed" -Store Personal
IIS-EditSiteBinding -Site "Default Web Site" -Binding ":443:" -Certificate "IIS Self-Signed"
IIS-EditSiteBinding -Site "Default Web Site" -Binding "127.0.0.1:443:" -Certificate "IIS Self-Signed"
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
