# Argument mode and expression mode (about_Parsing)
Get-ChildItem Cert:\LocalMachine\My
$a -gt 5
Write-Host "x" -ForegroundColor Green
Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.NotAfter -lt (Get-Date) -and $_.FriendlyName -ne "x" }
netsh http show sslcert ipport=0.0.0.0:443
& "D:\Setup.exe" /IAcceptExchangeServerLicenseTerms_DiagnosticDataON /Mode:Upgrade
$authConfig.CurrentCertificateThumbprint
1..10 | ForEach-Object { $_ * 2 }
Write-Output 1+2
2 + 3
7zip.exe a x.zip
Start-Sleep 5
Start-Sleep -Seconds 10
. .\helpers.ps1
. $env:ExchangeInstallPath\bin\RemoteExchange.ps1
.\Setup.exe /m:upgrade
netsh http update sslcert ipport=127.0.0.1:443 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
Get-Item -Path:C:\Temp -Force:$true
Enable-ExchangeCertificate -Thumbprint $t -Services IIS,SMTP -Force
Where-Object NotAfter -gt (Get-Date)
Get-Date | fl
