# Bubba's comment on the seed post (case 0b): one 443 binding had the new certificate, the
# other still the expired one, and editing only one binding was not enough. This checks every
# https binding of the Default Web Site through http.sys and fixes the stale ones.
Import-Module WebAdministration

$newThumb = '1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D'
$now = Get-Date

Get-ChildItem IIS:\SslBindings | ForEach-Object {
    $entry = $_
    $cert = Get-Item "Cert:\LocalMachine\My\$($entry.Thumbprint)" -ErrorAction SilentlyContinue
    if ($cert -eq $null) {
        Write-Warning "$($entry.IPAddress):$($entry.Port) points at a certificate that is not in the store"
    }
    elseif ($cert.NotAfter -lt $now) {
        Write-Host "$($entry.IPAddress):$($entry.Port) -> $($cert.Subject) EXPIRED $($cert.NotAfter)" -ForegroundColor Red
    }
    else {
        Write-Host "$($entry.IPAddress):$($entry.Port) -> $($cert.Subject) ok" -ForegroundColor Green
    }
}

$stale = Get-WebBinding -Name 'Default Web Site' -Protocol https |
    Where-Object { $_.certificateHash -ne $newThumb }
foreach ($b in $stale) {
    Write-Host "Rebinding $($b.bindingInformation)"
    $b.AddSslCertificate($newThumb, 'My')
}
