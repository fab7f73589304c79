<#
.SYNOPSIS
    Sets the clock back into the certificate's validity and resumes setup.
.NOTES
    Case 3 (Jetze Mellema, Jul 2015): with Windows Time and the hypervisor's time sync on, the
    clock jumps back at once; stop time sync first, resume setup, then turn it on again.
    A trick of last resort: replace the certificate right after.
#>
param(
    [Parameter(Mandatory = $true, Position = 0)]
    [datetime]$Date,
    [string]$Setup = 'D:\Setup.exe'
)

Write-Host "Stopping time synchronisation" -ForegroundColor Yellow
Stop-Service w32time -Force
Set-Service w32time -StartupType Disabled

$original = Get-Date
Set-Date -Date $Date | Out-Null
Write-Host "Clock set to $(Get-Date -Format 'yyyy-MM-dd HH:mm')"

try {
    & $Setup /Mode:Upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
    $exit = $LASTEXITCODE
}
finally {
    Set-Service w32time -StartupType Automatic
    Start-Service w32time
    w32tm /resync /force
    Write-Host "Time sync back on (was $original)"
}
if ($exit -ne 0) { Write-Error "Setup ended with exit code $exit" }
