# Select-String on piped text (Microsoft.PowerShell.Utility, Windows PowerShell 5.1:
# https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.utility/select-string?view=powershell-5.1).
$lines = 'IP:port                      : 0.0.0.0:443', '    Certificate Hash             : 3d0a5e1f', 'Application ID : {4dc3e181}'

# At the end of a pipeline: each matching line (MatchInfo.ToString() of piped text is the line).
$lines | Select-String 'Certificate Hash'

# The regex's groups through Matches (one Match without -AllMatches).
$m = $lines | Select-String 'Certificate Hash\s+:\s+(\w+)'
$m.Matches[0].Groups[1].Value
$m.Matches.Count
$m.LineNumber
$m.Path
$m.Filename
$m.Pattern
"in a string: $m"

# -AllMatches: every match of the line.
('a1 b2 c3' | Select-String '\w(\d)' -AllMatches).Matches | ForEach-Object { $_.Groups[1].Value }

# Case is ignored unless -CaseSensitive.
@('Hello', 'hello' | Select-String 'HELLO').Count
@('Hello', 'hello' | Select-String 'hello' -CaseSensitive).Count

# -SimpleMatch: the text as it is (no regex), Matches empty in 5.1.
$s = 'a.b', 'axb' | Select-String 'a.b' -SimpleMatch
$s.Line
$s.Matches.Count

# -NotMatch, -Quiet, -List.
'one', 'two', 'three' | Select-String 'o' -NotMatch
'one', 'two' | Select-String 'zzz' -Quiet
'one', 'two' | Select-String 'o' -Quiet
('one', 'two' | Select-String 'o' -List).Line

# Several patterns: the first that matches is the MatchInfo's Pattern.
('x=1' | Select-String 'y', 'x').Pattern

# A pattern that does not compile is the regex error.
try { 'x' | Select-String '(' } catch { "caught: $($_.Exception.Message)" }

# A file the host does not have.
Select-String -Path 'C:\nowhere\x.log' -Pattern 'x'
