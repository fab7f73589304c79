# title: Before the CU: import the renewed certificate and Enable-ExchangeCertificate -Services IIS,SMTP
# source: https://practical365.com/how-to-install-exchange-server-2019-cumulative-updates/
# when: before-cu
$pw = ConvertTo-SecureString "Contoso!2024" -AsPlainText -Force
Import-ExchangeCertificate -FileName ..\..\fixtures\pfx\mail-contoso-2024.pfx -Password $pw -PrivateKeyExportable $true
$t = (Get-ExchangeCertificate | Where-Object { $_.Subject -like "CN=mail.contoso.com*" } | Where-Object { $_.NotAfter -gt (Get-Date) } | Sort-Object NotBefore -Descending | Select-Object -First 1).Thumbprint
Enable-ExchangeCertificate -Thumbprint $t -Services IIS,SMTP -Force
Get-ExchangeCertificate
