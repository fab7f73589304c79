# Set-Location and Get-Location: the console starts in C:\Windows\system32; cd into the Cert: drive
# and list a store by a relative path; cd .. and a drive's own location (cd C: goes back to where C:
# was left); a path that does not exist on Cert: is PowerShell's ItemNotFoundException; the IIS:
# drive only after Import-Module WebAdministration; a drive the simulator does not model is refused
# (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/set-location?view=powershell-5.1).
Get-Location
Set-Location Cert:\LocalMachine\My
dir | Where-Object { $_.Subject -eq "CN=EX01" }
Test-Path .\A069094C7184168F6255BA7F777E2056DF0B3BC4
cd ..
(Get-Location).Path
cd C:
pwd
cd \
(Get-Location).Path
cd Cert:
"$(Get-Location)"
cd My\0000 -ErrorAction SilentlyContinue
$Error[0].CategoryInfo.ToString()
try { cd Cert:\Nowhere -ErrorAction Stop } catch { $_.Exception.Message; $_.FullyQualifiedErrorId }
try { cd IIS:\SslBindings -ErrorAction Stop } catch { $_.Exception.Message; $_.FullyQualifiedErrorId }
Import-Module WebAdministration
cd IIS:\SslBindings
dir
Set-Location -LiteralPath C:\ExchangeSetupLogs -PassThru
Test-Path .\ExchangeSetup.log
cd ..\Windows\system32\..
(Get-Location).Path
cd D:\
