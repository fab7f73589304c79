iisreset && Write-Host 'ok'
iisreset || Write-Host 'failed'
Write-Host a & b
Get-Content < input.txt
