if ($a) { 1 } elseif ($b) { 2 } else { 3 }
if ($a)
{
    1
}
elseif ($b -and
        $c)
{
    2
}
else
{
    3
}
foreach ($cert in Get-ChildItem Cert:\LocalMachine\My) { $cert.Thumbprint }
foreach ($i in 1..3) { if ($i -eq 2) { continue }; $i }
for ($i = 0; $i -lt 10; $i++) { if ($i -gt 5) { break } }
for (;;) { break }
while ($true) { break }
do { $n++ } while ($n -lt 3)
do { $n-- } until ($n -le 0)
:outer foreach ($a in 1..3) { foreach ($b in 1..3) { break outer } }
:retry while ($true) { continue retry }
return
return $result
exit
exit 1
throw
throw "Certificate not found"
throw [System.InvalidOperationException]::new("bad state")
try { Get-Item x -ErrorAction Stop } catch { Write-Warning $_.Exception.Message }
try { 1 } finally { 2 }
try {
    Enable-ExchangeCertificate -Thumbprint $t -Services IIS
}
catch [System.UnauthorizedAccessException], [System.Security.SecurityException] {
    'denied'
}
catch [System.Management.Automation.CommandNotFoundException] {
    'no EMS'
}
catch {
    throw
}
finally {
    'done'
}
trap { 'trapped'; continue }
trap [System.Exception] { 'typed trap' }
