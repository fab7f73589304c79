# title: Import the renewed certificate (PFX with its key), bind both Default Web Site https bindings to it, resume setup
# source: https://practical365.com/exchange-server/expired-certificates-cause-exchange-cumulative-updates-fail/
$pw = ConvertTo-SecureString "Contoso!2024" -AsPlainText -Force
Import-PfxCertificate -FilePath ..\..\fixtures\pfx\mail-contoso-2024.pfx -CertStoreLocation Cert:\LocalMachine\My -Password $pw
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.DnsNameList -like "*mail.contoso.com*" } | Where-Object { $_.NotAfter -gt (Get-Date) } | Sort-Object NotBefore -Descending | Select-Object -First 1).Thumbprint
netsh http update sslcert ipport=0.0.0.0:443 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
netsh http update sslcert ipport=127.0.0.1:443 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
