# The pipeline cmdlets (about_Pipelines; Where-Object, Select-Object, Sort-Object...).
$certs = @(
    [pscustomobject]@{ Subject = "CN=mail.contoso.com"; NotAfter = [datetime]"2024-05-31"; Services = "IIS, SMTP" }
    [pscustomobject]@{ Subject = "CN=EX01"; NotAfter = [datetime]"2029-01-01"; Services = "IMAP, POP, IIS, SMTP" }
    [pscustomobject]@{ Subject = "CN=Microsoft Exchange Server Auth Certificate"; NotAfter = [datetime]"2026-02-17"; Services = "SMTP" }
)
$now = Get-Date
# Script block and simplified syntax; multi-condition filters
($certs | Where-Object { $_.NotAfter -lt $now -and $_.Subject -ne "x" }).Subject
($certs | Where-Object NotAfter -gt $now).Count
($certs | ? Services -like "*IIS*").Count
$certs | Sort-Object NotAfter -Descending | Select-Object -First 1 -ExpandProperty Subject
$certs | Select-Object -Last 1 | ForEach-Object { $_.Subject }
$certs | ForEach-Object Subject | Select-Object -Skip 2
($certs | Measure-Object).Count
($certs | Group-Object Services).Count
1, 3, 2, 3 | Sort-Object -Unique
$certs | Select-Object Subject, @{ Name = "Days"; Expression = { ($_.NotAfter - $now).Days } } | Format-Table
$certs[0] | Format-List
$certs | Select-Object -First 2 Subject
@{ Thumbprint = "ABC"; Store = "My" }
$certs | Out-String -Stream | Select-Object -First 3
Write-Host "Progress:" $certs.Count "certificates" -ForegroundColor Green
Write-Host "no newline " -NoNewline; Write-Host "then this"
$certs.Count | Out-Null
Write-Warning "a warning"
Write-Verbose "not shown"
Write-Verbose "shown" -Verbose
Read-Host "Proceed?"
Read-Host "again?"
