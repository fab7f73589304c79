<#
.SYNOPSIS
    Creates a new self-signed certificate for the server and binds it to IIS.
.NOTES
    Seed case 0c: the self-signed certificate was missing, so IIS Manager's "Create Self-Signed
    Certificate" was used. This is the PowerShell way of the same step (New-SelfSignedCertificate,
    as admins post it on forums), then netsh for both 443 entries of http.sys.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $false)]
    [string]$Fqdn = ([System.Net.Dns]::GetHostByName($env:COMPUTERNAME)).HostName,
    [int]$Years = 5
)

$ErrorActionPreference = 'Stop'
$appId = '{4dc3e181-e14b-4a21-b022-59fc669b0914}'

$params = @{
    DnsName           = $Fqdn, $env:COMPUTERNAME
    CertStoreLocation = 'Cert:\LocalMachine\My'
    FriendlyName      = 'Microsoft Exchange'
    NotAfter          = (Get-Date).AddYears($Years)
    KeyLength         = 2048
    KeyExportPolicy   = 'Exportable'
}
$cert = New-SelfSignedCertificate @params
Write-Host "Created $($cert.Thumbprint) for $Fqdn"

foreach ($ipport in '0.0.0.0:443', '127.0.0.1:443') {
    netsh http delete sslcert ipport=$ipport | Out-Null
    netsh http add sslcert ipport=$ipport certhash=$($cert.Thumbprint) appid=$appId certstorename=MY
    if ($LASTEXITCODE -ne 0) {
        throw "netsh failed for $ipport with exit code $LASTEXITCODE"
    }
}
Write-Host 'Done. Run setup again.' -ForegroundColor Green
