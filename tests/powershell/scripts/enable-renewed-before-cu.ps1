<#
.SYNOPSIS
    Before the CU: import the renewed certificate and enable it for IIS and SMTP.
.DESCRIPTION
    The prevention in case 1 (practical365.com) and the "enable-renewed-before-cu" fix of the
    catalogue: the renewed certificate takes over IIS and SMTP, and the expired one is removed
    before setup starts.
#>
param(
    [Parameter(Mandatory)] [string] $CertFile,
    [string] $Server = $env:COMPUTERNAME
)

$bytes = [System.IO.File]::ReadAllBytes($CertFile)
$imported = Import-ExchangeCertificate -Server $Server -FileData $bytes -PrivateKeyExportable:$true
Enable-ExchangeCertificate -Server $Server -Thumbprint $imported.Thumbprint -Services IIS,SMTP -Force -Confirm:$false

$old = Get-ExchangeCertificate -Server $Server | Where-Object {
    $_.Subject -eq $imported.Subject -and $_.Thumbprint -ne $imported.Thumbprint -and $_.NotAfter -lt $imported.NotAfter
}
for ($n = 0; $n -lt @($old).Count; $n++) {
    $o = @($old)[$n]
    Write-Host "[$($n + 1)/$(@($old).Count)] removing $($o.Thumbprint) (expires $($o.NotAfter))"
    Remove-ExchangeCertificate -Server $Server -Thumbprint $o.Thumbprint -Confirm:$false
}
Get-ExchangeCertificate -Server $Server | Format-Table Thumbprint, Services, NotAfter, Subject -AutoSize
