# title: Bind both Default Web Site https bindings to the newest valid certificate for mail.contoso.com, then resume setup
# source: https://github.com/win-acme/win-acme/issues/985
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.DnsNameList -like "*mail.contoso.com*" } | Where-Object { $_.NotAfter -gt (Get-Date) } | Sort-Object NotBefore -Descending | Select-Object -First 1).Thumbprint
netsh http update sslcert ipport=0.0.0.0:443 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
netsh http update sslcert ipport=127.0.0.1:443 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
