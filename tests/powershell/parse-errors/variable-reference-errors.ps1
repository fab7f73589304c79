Write-Host "Done on $server: binding updated"
$x = ${}
$y = $
