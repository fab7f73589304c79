# title: certlm.msc > Manage Private Keys: Administrators Full Control on the IIS certificate's key, resume setup
# source: https://github.com/win-acme/win-acme/issues/1074
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.DnsNameList -like "*mail.contoso.com*" } | Where-Object { $_.NotAfter -gt (Get-Date) } | Sort-Object NotBefore -Descending | Select-Object -First 1).Thumbprint
CertLM-ManagePrivateKeys -Thumbprint $t
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
