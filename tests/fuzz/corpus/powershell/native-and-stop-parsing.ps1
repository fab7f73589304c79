certutil -repairstore my "a1 b2 c3"
icacls.exe --% C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\* /grant "NETWORK SERVICE":R
cmd /c iisreset /noforce
& $setup /Mode:Upgrade /IAcceptExchangeServerLicenseTerms
& (Join-Path $PSScriptRoot 'Setup.exe') /PrepareAD
& 'C:\Program Files\Microsoft\Exchange Server\V15\Bin\Setup.exe' /m:RecoverServer
iisreset.exe /restart
Restart-WebAppPool -Name MSExchangeOWAAppPool
Import-Module WebAdministration
Get-ChildItem IIS:\SslBindings
Push-Location IIS:\Sites
Write-Host abc$x def
Write-Host a"b c"d
Write-Host 'one'two
Get-Process -Name w3wp -ErrorAction SilentlyContinue
Start-Process -FilePath D:\Setup.exe -ArgumentList '/m:upgrade', '/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF' -Wait
