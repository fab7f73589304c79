# Files through the host: Get-Content, switch -File, Select-String -Path, Join-Path, [System.IO.File].
# Get-Content: one string per line, CRLF removed; -TotalCount and -Tail
# (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-content?view=powershell-5.1)
$lines = Get-Content C:\logs\sample.log
$lines.Count
$lines[1]
Get-Content -Path C:\logs\sample.log -TotalCount 1
Get-Content C:\logs\sample.log -Tail 1
(Get-Content C:\logs\sample.log -Raw).Length
# A missing file is a non-terminating ItemNotFoundException
Get-Content C:\logs\missing.log -ErrorAction SilentlyContinue
"after: $($Error[0].Exception.Message)"
# switch -File: each line a value (about_Switch)
switch -Regex -File C:\logs\sample.log {
    'Keyset does not (\w+)' { "matched line: $_ ($($Matches[1]))" }
    'FAILED$' { 'failed line' }
}
try { switch -File C:\logs\missing.log { default { $_ } } } catch { "caught: $_" }
# Select-String -Path reads the lines as Get-Content does: the CRLF is not part of the line, so an
# anchored pattern matches (about_Regular_Expressions: $ is the end of the line's text)
(Select-String -Path C:\logs\sample.log -Pattern 'FAILED$').LineNumber
# Join-Path: one separator between the parts (Join-Path's examples)
Join-Path 'C:\ProgramData' 'Microsoft\Crypto\Keys\abc'
Join-Path -Path 'C:\ProgramData\' -ChildPath '\Microsoft'
# [System.IO.File]: the same files; ReadAllBytes is the bytes, a missing file a method exception
([System.IO.File]::ReadAllBytes('C:\logs\sample.log')).Count
([System.IO.File]::ReadAllLines('C:\logs\sample.log'))[2]
try { [System.IO.File]::ReadAllBytes('C:\logs\missing.log') } catch { "caught: $_" }
