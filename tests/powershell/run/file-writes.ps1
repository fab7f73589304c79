# Files the script writes (held by the host for the run): Set-Content, Add-Content, Out-File, > and >>.
# Set-Content writes each value's string on a line of its own, in the ANSI code page by default
# (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/set-content?view=powershell-5.1,
# about_Character_Encoding for 5.1: "Set-Content and Add-Content use Default", the ANSI code page)
Set-Content -Path C:\logs\run.txt -Value 'first', 'second'
Get-Content C:\logs\run.txt
([System.IO.File]::ReadAllBytes('C:\logs\run.txt')).Count
# Add-Content appends, creating the file when it is not there
# (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/add-content?view=powershell-5.1)
Add-Content C:\logs\run.txt 'third'
(Get-Content C:\logs\run.txt).Count
Add-Content -Path C:\logs\new.txt -Value 'made by Add-Content'
Get-Content C:\logs\new.txt
# Values piped to Set-Content; -NoNewline writes them with nothing between (Set-Content's examples)
'a', 'b' | Set-Content C:\logs\piped.txt
Get-Content C:\logs\piped.txt -Raw
Set-Content C:\logs\joined.txt -Value 'x', 'y' -NoNewline
Get-Content C:\logs\joined.txt -Raw
# A value that is not a string: its string form (Set-Content writes ToString of each object)
Set-Content C:\logs\number.txt -Value 42
Get-Content C:\logs\number.txt
# Out-File writes what the console shows (Out-String's text), UTF-16LE with a BOM by default in 5.1
# (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.utility/out-file?view=powershell-5.1)
'one', 'two' | Out-File C:\logs\out.txt
$bytes = [System.IO.File]::ReadAllBytes('C:\logs\out.txt')
$bytes.Count
"$($bytes[0]) $($bytes[1]) $($bytes[2]) $($bytes[3])"
Get-Content C:\logs\out.txt
# -Append adds to it (no second BOM); -Encoding takes the 5.1 names: UTF8 writes a BOM, ASCII '?' for other characters
'three' | Out-File C:\logs\out.txt -Append
(Get-Content C:\logs\out.txt)[2]
'café' | Out-File C:\logs\utf8.txt -Encoding UTF8
([System.IO.File]::ReadAllBytes('C:\logs\utf8.txt')).Count
Get-Content C:\logs\utf8.txt
'café' | Out-File C:\logs\ascii.txt -Encoding ASCII
Get-Content C:\logs\ascii.txt
# ANSI (Windows-1252) has the letter: one byte, read back by Get-Content (no BOM: ANSI)
Set-Content C:\logs\ansi.txt -Value 'café'
([System.IO.File]::ReadAllBytes('C:\logs\ansi.txt')).Count
Get-Content C:\logs\ansi.txt
# > is Out-File, >> is Out-File -Append (about_Redirection): UTF-16LE with a BOM in 5.1
'redirected' > C:\logs\redirect.txt
'again' >> C:\logs\redirect.txt
Get-Content C:\logs\redirect.txt
([System.IO.File]::ReadAllBytes('C:\logs\redirect.txt')).Count
Write-Output 'from a command' > C:\logs\command.txt
Get-Content C:\logs\command.txt
# A command with no output leaves an empty file (Out-File in a redirection opens the file and writes nothing)
Write-Host 'to the console only' > C:\logs\empty.txt
([System.IO.File]::ReadAllBytes('C:\logs\empty.txt')).Count
# A folder that does not exist: .NET's DirectoryNotFoundException (non-terminating for Set-Content)
Set-Content C:\logs\missing\x.txt -Value 1 -ErrorAction SilentlyContinue
"error: $($Error[0].Exception.Message)"
try { 'x' | Out-File C:\logs\missing\x.txt } catch { "caught: $_" }
# An -Encoding name 5.1 does not have is the binding error
try { Set-Content C:\logs\bad.txt -Value 1 -Encoding Latin1 } catch { "caught: $($_.Exception.Message.Substring(0, 60))" }
# Appending in another encoding than the file's is not modelled (5.1 writes the bytes as they come)
Add-Content C:\logs\out.txt 'ansi into a UTF-16 file'
# Writing where the host has no files is not modelled
Set-Content C:\Windows\x.txt -Value 1
# 2> to a file is not modelled
Write-Error 'e' 2> C:\logs\errors.txt
# 2>&1 with a file would put the errors in it: not modelled
Write-Output 'x' 2>&1 > C:\logs\both.txt
