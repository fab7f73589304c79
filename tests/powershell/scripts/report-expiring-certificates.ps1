<#
.SYNOPSIS
    Lists certificates of the local machine that expire soon, with where they are used.
.DESCRIPTION
    The check admins run before a CU (prevention in case 1, practical365.com): any certificate
    bound in http.sys or assigned to Exchange services must not expire during the update.
.PARAMETER Days
    How far ahead to look.
#>
param(
    [ValidateRange(1, 3650)]
    [int]$Days = 60
)

$limit = (Get-Date).AddDays($Days)
$bound = netsh http show sslcert | Select-String 'Certificate Hash\s+:\s+(\w+)' | ForEach-Object { $_.Matches[0].Groups[1].Value }

$report = Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.NotAfter -lt $limit } | ForEach-Object {
    [PSCustomObject]@{
        Thumbprint = $_.Thumbprint
        Subject    = $_.Subject
        NotAfter   = $_.NotAfter
        DaysLeft   = [int]($_.NotAfter - (Get-Date)).TotalDays
        Bound      = $bound -contains $_.Thumbprint
        Expired    = $_.NotAfter -lt (Get-Date)
    }
}

if (@($report).Count -eq 0) {
    Write-Host "No certificate expires in the next $Days days" -ForegroundColor Green
} else {
    $report | Sort-Object DaysLeft | Format-Table -AutoSize
    $report | Where-Object Bound | ForEach-Object {
        Write-Warning ("{0} ({1}) is bound and expires {2:yyyy-MM-dd}" -f $_.Thumbprint, $_.Subject, $_.NotAfter)
    }
}
Get-ChildItem Cert:\LocalMachine\My |
    Select-Object Subject, @{Name = 'Expires'; Expression = { $_.NotAfter.ToString('yyyy-MM-dd') }}, @{n='Key';e={$_.HasPrivateKey}} |
    Format-Table
