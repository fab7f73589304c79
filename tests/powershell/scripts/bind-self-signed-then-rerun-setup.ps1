# Case 9 (Certify The Web community, "Exchange 2019 failing to install CU14 with installed
# certificate"): the Let's Encrypt wildcard's key was not readable for setup. Bind the Default
# Web Site to the Exchange self-signed certificate, rerun setup, and put the public
# certificate back afterwards.
$setup = "D:\Setup.exe"
$publicThumb = (Get-WebBinding -Name "Default Web Site" -Protocol "https" -Port 443 | Select-Object -First 1).certificateHash

$self = Get-ChildItem Cert:\LocalMachine\My | ? { $_.Subject -eq "CN=$env:COMPUTERNAME" -and $_.NotAfter -gt (Get-Date) } | select -First 1
Write-Host "Public certificate: $publicThumb"
Write-Host "Self-signed:        $($self.Thumbprint)"

(Get-WebBinding -Name "Default Web Site" -Protocol "https" -Port 443 -IPAddress "*").AddSslCertificate($self.Thumbprint, "My")
(Get-WebBinding -Name "Default Web Site" -Protocol "https" -Port 443 -IPAddress "127.0.0.1").AddSslCertificate($self.Thumbprint, "My")

& $setup /IAcceptExchangeServerLicenseTerms_DiagnosticDataON /Mode:Upgrade
if ($LASTEXITCODE -eq 0) {
    Write-Host "Setup finished, putting the public certificate back" -ForegroundColor Green
    (Get-WebBinding -Name "Default Web Site" -Protocol "https" -Port 443 -IPAddress "*").AddSslCertificate($publicThumb, "My")
} else {
    Write-Host "Setup failed ($LASTEXITCODE), see C:\ExchangeSetupLogs\ExchangeSetup.log" -ForegroundColor Red
}
