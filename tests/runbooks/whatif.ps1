# -WhatIf on the commands that change the server: the What if: line, and nothing changed
# (about_CommonParameters; each line's source is beside its command in sim/runbook/server_host.cpp).
Restart-Service MSExchangeTransport -WhatIf
Stop-Service w32time -WhatIf
Set-Date -Date 2024-05-30 -WhatIf
Restart-Computer -WhatIf
$cert = Get-ChildItem Cert:\LocalMachine\My | Select-Object -First 1
Remove-Item "Cert:\LocalMachine\My\$($cert.Thumbprint)" -WhatIf
New-SelfSignedCertificate -DnsName mail.contoso.com -CertStoreLocation Cert:\LocalMachine\My -WhatIf
Get-ChildItem Cert:\LocalMachine\My | Measure-Object | Select-Object -ExpandProperty Count
$WhatIfPreference = $true
Restart-Service MSExchangeTransport
"log line" | Out-File .\run.log
Test-Path .\run.log
$WhatIfPreference = $false
"log line" | Out-File .\run.log
Test-Path .\run.log
Get-Content .\run.log
Set-Content -Path .\notes.txt -Value "a", "b"
Add-Content .\notes.txt "c"
Get-Content .\notes.txt
"redirected" > .\out.txt
"more" >> .\out.txt
Get-Content .\out.txt
([System.IO.File]::ReadAllBytes("$PSScriptRoot\out.txt")).Count
New-Item -ItemType Directory -Path .\logs
New-Item -ItemType File -Path .\logs\a.txt -Value "x" | Out-Null
Remove-Item .\logs\a.txt -WhatIf
Remove-Item .\logs\a.txt
Test-Path .\logs\a.txt
# New-WebBinding and Restart-WebAppPool have no -WhatIf: PowerShell's binding error
try { New-WebBinding -Name 'Default Web Site' -Port 8443 -Protocol https -WhatIf } catch { "caught: $_" }
Restart-WebAppPool MSExchangeOWAAppPool -WhatIf
