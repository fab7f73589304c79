# Arrays and hashtables (spec 7.1.4, 7.1.9, about_Arrays, about_Hash_Tables).
$a = 1, 2, 3
$a.Count
$a[0]
$a[-1]
$a[1..2] -join ","
$a[10] -eq $null
$b = $a
$b += 4
"a has $($a.Count), b has $($b.Count)"
$e = @()
$e.Count
@(Write-Output 1).Count
$h = @{ Name = "EX01"; Version = 15 }
$h.Name
$h["version"]
$h.Missing -eq $null
$h.Count
$h.Add("Site", "Default Web Site")
$h.ContainsKey("site")
$o = [ordered]@{ b = 2; a = 1 }
$o.Keys -join ","
# Member enumeration: a property of every element (PowerShell 3.0)
$objs = [pscustomobject]@{ N = "x" }, [pscustomobject]@{ N = "y" }
$objs.N -join ","
# Unary comma: an array of one element
(,@(1, 2)).Count
# Multiple assignment
$first, $rest = 1, 2, 3
"$first / $rest"
