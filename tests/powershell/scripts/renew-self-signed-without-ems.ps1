<#
.SYNOPSIS
    Renews an expired "Microsoft Exchange" certificate when EMS and EAC are gone.
.DESCRIPTION
    Seed case 0d (Frans and Fanus in the comments): the self-signed certificate itself had
    expired and the CU had already failed. Only PowerShell and cmd were left.
    Also case 16 (ehloergosum.com, "Renewing that pesky Microsoft Exchange certificate"): the
    new certificate goes to Trusted Root too, and to the Back End's 444 binding.
#>
param(
    [switch]$WhatIf
)

$old = Get-ChildItem -Path Cert:\LocalMachine\My | Where-Object {
    $_.FriendlyName -eq 'Microsoft Exchange' -and
    $_.Subject -eq "CN=$env:COMPUTERNAME" -and
    $_.NotAfter -lt (Get-Date)
}
if (!$old) { Write-Host "Nothing expired"; return }

$fqdn = [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName
$new = New-SelfSignedCertificate -DnsName $env:COMPUTERNAME, $fqdn `
    -CertStoreLocation cert:\LocalMachine\My `
    -FriendlyName 'Microsoft Exchange' `
    -NotAfter (Get-Date).AddYears(5)

# A copy in Trusted Root, as setup does for the one it makes
$store = New-Object System.Security.Cryptography.X509Certificates.X509Store('Root', 'LocalMachine')
$store.Open('ReadWrite')
$store.Add($new)
$store.Close()

Import-Module WebAdministration
$be = Get-WebBinding -Name 'Exchange Back End' -Port 444 -Protocol https
if ($WhatIf) {
    Write-Host "What if: bind $($new.Thumbprint) to $($be.bindingInformation)"
} else {
    $be.AddSslCertificate($new.Thumbprint, 'my')
}
iisreset
