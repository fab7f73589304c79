# After a certificate change, OWA and ECP keep the old one until their pools recycle (cases 5,
# 19, 25). Recycles them and waits until each is started again, with a trap for a pool that
# does not exist on this server.
Import-Module WebAdministration

trap [System.Management.Automation.ItemNotFoundException] {
    Write-Warning "Skipping: $($_.Exception.Message)"
    continue
}

$pools = 'MSExchangeOWAAppPool', 'MSExchangeECPAppPool', 'MSExchangeServicesAppPool'
$i = 0
foreach ($pool in $pools) {
    $i++
    Write-Progress -Activity 'Recycling' -Status $pool -PercentComplete ($i / $pools.Count * 100)
    Restart-WebAppPool -Name $pool
    $tries = 0
    do {
        Start-Sleep -Seconds 1
        $state = (Get-WebAppPoolState -Name $pool).Value
        $tries++
    } until ($state -eq 'Started' -or $tries -ge 10)
    Write-Host ("{0,-30} {1}" -f $pool, $state)
}
