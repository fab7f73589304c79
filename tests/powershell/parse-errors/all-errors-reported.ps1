# Three broken statements and good ones between them: every error is reported.
$ok = 1
$bad = (1 + 
Write-Host 'still parsed'
$arr[
Get-Date
foreach $c in $certs { }
Write-Host 'last'
