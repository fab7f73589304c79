# title: Opens EMS the ways admins do after the failed CU, and tests for it first
# After the failed CU the Exchange binaries are gone: Get-Command does not find the Exchange
# cmdlets, the remote session to /PowerShell/ does not open, and RemoteExchange.ps1 is not there.
if (Get-Command Get-ExchangeCertificate -ErrorAction SilentlyContinue) { Write-Host "EMS: yes" } else { Write-Host "EMS: no" }
$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://EX01.contoso.local/PowerShell/ -ErrorAction SilentlyContinue
Write-Host "session: $(if ($s) { $s.State } else { 'none' })"
try { . $env:ExchangeInstallPath\bin\RemoteExchange.ps1 } catch { Write-Host "RemoteExchange.ps1: $($_.Exception.Message)" }
cmd /c "iisreset /noforce"
Write-Host "iisreset exit code $LASTEXITCODE"
