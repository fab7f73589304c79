<#
.SYNOPSIS
    Asks before putting the self-signed "Microsoft Exchange" certificate on both 443 entries of http.sys.
.DESCRIPTION
    Seed case 0c (the CA certificate on the Default Web Site had expired; binding the self-signed
    certificate let setup go on), the way admins post it: the certificate is found, shown, and
    bound only when the admin says yes.
#>
$cert = Get-ChildItem Cert:\LocalMachine\My |
    Where-Object { $_.FriendlyName -eq 'Microsoft Exchange' -and $_.NotAfter -gt (Get-Date) } |
    Select-Object -First 1
if (-not $cert) { throw 'No valid self-signed Microsoft Exchange certificate' }
Write-Host "Found $($cert.Thumbprint), valid until $($cert.NotAfter)"

$answer = Read-Host -Prompt 'Bind it to 0.0.0.0:443 and 127.0.0.1:443? (y/n)'
if ($answer -ne 'y') {
    Write-Host 'Nothing changed' -ForegroundColor Yellow
    return
}
$appId = '{4dc3e181-e14b-4a21-b022-59fc669b0914}'
foreach ($ipport in '0.0.0.0:443', '127.0.0.1:443') {
    netsh http delete sslcert ipport=$ipport | Out-Null
    netsh http add sslcert ipport=$ipport certhash=$($cert.Thumbprint) appid=$appId certstorename=MY
    if ($LASTEXITCODE -ne 0) { throw "netsh failed for $ipport ($LASTEXITCODE)" }
}
Write-Host 'Bound. Run setup again.' -ForegroundColor Green
