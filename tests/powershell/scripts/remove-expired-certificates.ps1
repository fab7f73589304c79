<#
.SYNOPSIS
    Removes expired certificates that no service uses, with -WhatIf first.
.DESCRIPTION
    Cases 17 and 28: deleting the wrong certificate (the default SMTP or the internal transport
    one) breaks transport; this skips any certificate that is still assigned or bound.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [switch]$Force
)

$inUse = @()
$inUse += (Get-AuthConfig).CurrentCertificateThumbprint
$inUse += (Get-ExchangeServer $env:COMPUTERNAME).InternalTransportCertificateThumbprint
$inUse += Get-WebBinding | Where-Object { $_.certificateHash } | Select-Object -ExpandProperty certificateHash

Get-ExchangeCertificate | Where-Object {
    $_.Status -eq 'Invalid' -and $_.NotAfter -lt (Get-Date) -and
    $inUse -notcontains $_.Thumbprint -and $_.Services -notmatch 'IIS|SMTP'
} | ForEach-Object {
    if ($Force -or $PSCmdlet.ShouldProcess($_.Subject, 'Remove-ExchangeCertificate')) {
        Remove-ExchangeCertificate -Thumbprint $_.Thumbprint -Confirm:$false
        Write-Host "Removed $($_.Thumbprint) $($_.Subject)"
    }
}
