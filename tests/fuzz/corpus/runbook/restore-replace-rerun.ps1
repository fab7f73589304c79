# title: Restore the server from backup, import a new certificate and enable it for IIS and SMTP, run the CU again
# source: https://blog.it-praktyk.pl/2016/05/17/Exchange-2013-Cumulative-Update-Installation-Fails/
Restore-ServerBackup
$pw = ConvertTo-SecureString "Contoso!2024" -AsPlainText -Force
Import-ExchangeCertificate -FileName ..\..\fixtures\pfx\mail-contoso-2024.pfx -Password $pw -PrivateKeyExportable $true
$t = (Get-ExchangeCertificate | Where-Object { $_.Subject -like "CN=mail.contoso.com*" } | Where-Object { $_.NotAfter -gt (Get-Date) } | Sort-Object NotBefore -Descending | Select-Object -First 1).Thumbprint
Enable-ExchangeCertificate -Thumbprint $t -Services IIS,SMTP -Force
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
