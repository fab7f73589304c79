Get-Item x > out.txt
Get-Item x >> out.txt
iisreset 2>&1
Remove-Item x 2>$null
Get-Service *> all.txt
Get-Service 2>> errors.log 3> warnings.log
$x > $null
netsh http show sslcert | Out-Null
cmd /c "setup.exe /?" 2>&1 | Out-File setup.log
