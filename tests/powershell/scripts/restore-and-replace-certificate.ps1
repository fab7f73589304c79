<#
.SYNOPSIS
    After restoring the server: import the new certificate, give it the services, run the CU.
.DESCRIPTION
    Case 2 (it-praktyk.pl, "Exchange Server 2013 Cumulative Update installation fails when
    expired certificate is assigned"): the server was restored from backup, a new certificate
    issued and assigned, then CU12 ran again and succeeded.
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory)][string]$PfxPath,
    [Parameter(Mandatory)][securestring]$Password,
    [string[]]$Services = @('IIS', 'SMTP')
)

Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn -ErrorAction SilentlyContinue

$import = @{
    FilePath          = $PfxPath
    CertStoreLocation = 'Cert:\LocalMachine\My'
    Password          = $Password
    Exportable        = $true
}
$cert = Import-PfxCertificate @import
Write-Verbose "Imported $($cert.Subject)"

$enable = @{
    Thumbprint = $cert.Thumbprint
    Services   = $Services -join ','
    Force      = $true
}
if ($PSCmdlet.ShouldProcess($cert.Thumbprint, 'Enable-ExchangeCertificate')) {
    Enable-ExchangeCertificate @enable
}

$expired = Get-ExchangeCertificate | Where-Object { $_.NotAfter -lt (Get-Date) -and $_.Services -match 'IIS' }
foreach ($e in $expired) {
    Write-Warning "Still assigned to IIS and expired: $($e.Thumbprint) $($e.Subject)"
}
