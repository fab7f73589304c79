# Lists every https binding of every site with its certificate through http.sys (the three
# tables of the domain notes: IIS bindings, http.sys, Exchange's services; cases 4, 16, 19, 20).
Import-Module WebAdministration

$results = @()
foreach ($site in Get-ChildItem IIS:\Sites) {
    foreach ($b in $site.Bindings.Collection | Where-Object { $_.protocol -eq 'https' }) {
        $parts = $b.bindingInformation.Split(':')
        $ip = if ($parts[0] -eq '*' -or $parts[0] -eq '') { '0.0.0.0' } else { $parts[0] }
        $port = $parts[1]
        $ssl = Get-Item "IIS:\SslBindings\$ip!$port" -ErrorAction SilentlyContinue
        $cert = $null
        if ($ssl) { $cert = Get-ChildItem "Cert:\LocalMachine\$($ssl.Store)\$($ssl.Thumbprint)" -ErrorAction SilentlyContinue }
        $status = switch -Wildcard ($true) {
            { -not $ssl } { 'no http.sys binding'; break }
            { -not $cert } { 'certificate missing'; break }
            { $cert.NotAfter -lt (Get-Date) } { 'EXPIRED'; break }
            default { 'ok' }
        }
        $results += New-Object PSObject -Property @{
            Site = $site.Name; Binding = "${ip}:$port"; Thumbprint = $ssl.Thumbprint; Status = $status
        }
    }
}
$results | Format-Table Site, Binding, Thumbprint, Status -AutoSize
$bad = ($results | Where-Object { $_.Status -ne 'ok' }).Count
if ($bad -gt 0) { Write-Host "$bad binding(s) need attention" -ForegroundColor Red; exit 1 }
