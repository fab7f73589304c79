# title: Mellema's whole procedure: Windows Time off, clock back, resume setup, Windows Time on, replace the certificate in EMS, reboot
# source: http://jetzemellema.blogspot.com/2015/07
Stop-Service w32time
Set-Service w32time -StartupType Disabled
Set-Date -Date "2024-05-30T09:00:00Z"
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
Set-Service w32time -StartupType Automatic
Start-Service w32time
$pw = ConvertTo-SecureString "Contoso!2024" -AsPlainText -Force
Import-ExchangeCertificate -FileName ..\..\fixtures\pfx\mail-contoso-2024.pfx -Password $pw -PrivateKeyExportable $true
$t = (Get-ExchangeCertificate | Where-Object { $_.Subject -like "CN=mail.contoso.com*" } | Where-Object { $_.NotAfter -gt (Get-Date) } | Sort-Object NotBefore -Descending | Select-Object -First 1).Thumbprint
Enable-ExchangeCertificate -Thumbprint $t -Services IIS,SMTP -Force
Restart-Computer -Force
