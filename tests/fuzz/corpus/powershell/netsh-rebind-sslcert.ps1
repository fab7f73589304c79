# Case 19 (Microsoft Q&A, OWA stops loading after an Exchange 2019 update; event 15021 "The
# certificate hash is not valid or has expired"): delete and re-add 0.0.0.0:443 in http.sys
# with a valid certificate, then recycle OWA and ECP.
param([Parameter(Mandatory)] $Thumbprint)

$appid = '{4dc3e181-e14b-4a21-b022-59fc669b0914}'
netsh http show sslcert ipport=0.0.0.0:443

$out = netsh http delete sslcert ipport=0.0.0.0:443 2>&1
Write-Host "delete: $out (exit $LASTEXITCODE)"

netsh http add sslcert ipport=0.0.0.0:443 certhash=$Thumbprint appid=$appid certstorename=MY
if ($LASTEXITCODE) {
    Write-Host "add failed: $LASTEXITCODE" -ForegroundColor Red
    exit $LASTEXITCODE
}

Restart-WebAppPool -Name MSExchangeOWAAppPool
Restart-WebAppPool -Name MSExchangeECPAppPool
netsh http show sslcert ipport=0.0.0.0:443 | Select-String 'Certificate Hash'
