Write-Host 'fine'
Write-Host "never closed
