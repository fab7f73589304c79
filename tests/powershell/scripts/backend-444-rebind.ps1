<#
.SYNOPSIS
    Puts the self-signed "Microsoft Exchange" certificate back on Exchange Back End :444.
.DESCRIPTION
    Case 4 (TechNet blog miguelo, "Exchange 2013 clients not able to connect using Outlook
    Anywhere") and case 20 (CSS-Exchange issue 955): the 444 binding had no certificate, or one
    no longer in the store, and OWA, ECP and EMS stopped connecting.
#>
Import-Module WebAdministration

$selfSigned = Get-ChildItem Cert:\LocalMachine\My |
    Where-Object { $_.FriendlyName -eq 'Microsoft Exchange' -and $_.NotAfter -gt [DateTime]::Now } |
    Select-Object -First 1

$binding = Get-ChildItem IIS:\SslBindings | Where-Object { $_.Port -eq 444 }
if ($binding) {
    Write-Host "444 is bound to $($binding.Thumbprint)"
    if (-not (Test-Path "Cert:\LocalMachine\My\$($binding.Thumbprint)")) {
        Write-Host 'That certificate is gone; removing the binding' -ForegroundColor Yellow
        Remove-Item IIS:\SslBindings\0.0.0.0!444
    }
}

if (-not (Test-Path IIS:\SslBindings\0.0.0.0!444)) {
    Get-Item "Cert:\LocalMachine\My\$($selfSigned.Thumbprint)" | New-Item IIS:\SslBindings\0.0.0.0!444
    Write-Host "Bound $($selfSigned.Thumbprint) to 0.0.0.0:444" -ForegroundColor Green
}
iisreset /noforce
