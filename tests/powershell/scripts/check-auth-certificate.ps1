# Cases 7, 8 and 14: OWA and ECP fail with "HMACProvider.GetCertificates:protectionCertificates
# .Length<1" or an error page because the Auth certificate is expired or gone. Checks it and
# says what to do; changes nothing.
$thumb = (Get-AuthConfig).CurrentCertificateThumbprint
Write-Host "AuthConfig names $thumb"

$auth = $thumb | Get-ExchangeCertificate -ErrorAction SilentlyContinue
$state = if ($null -eq $auth) { 'Missing' }
         elseif ($auth.NotAfter -lt (Get-Date)) { 'Expired' }
         elseif ($auth.NotAfter -lt (Get-Date).AddDays(60)) { 'Expiring' }
         else { 'Valid' }

switch ($state) {
    'Missing' {
        Write-Host 'The Auth certificate is not on this server.' -ForegroundColor Red
        Write-Host 'Follow KB2617816 to create a new one.'
    }
    'Expired' {
        Write-Host "Expired on $($auth.NotAfter.ToString('d'))" -ForegroundColor Red
    }
    'Expiring' {
        $days = ($auth.NotAfter - (Get-Date)).Days
        Write-Host "Expires in $days days" -ForegroundColor Yellow
    }
    default { Write-Host 'Auth certificate is fine' -ForegroundColor Green }
}
$auth | Format-List Thumbprint, Subject, NotAfter, Services, Status
