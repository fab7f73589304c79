$a -eq 1 -and $b -ne 2 -or $c -xor $d
$a -ceq 'X' -or $a -ieq 'x'
$s -like '*contoso*' -and $s -notlike 'old*' -and $s -clike 'A*' -and $s -ilike 'a*'
$s -match '^CN=(.+)$' -or $s -notmatch 'x' -or $s -cmatch 'X' -or $s -imatch 'x'
$list -contains 'IIS' -and $list -notcontains 'UM' -and 'SMTP' -in $list -and 'POP' -notin $list
$s -replace 'a', 'b' -creplace 'C', 'D'
$s -split ',' -join ';'
-split $s
-join $parts
'{0} expires {1:yyyy-MM-dd}' -f $cert.Subject, $cert.NotAfter
$x -is [string] -and $x -isnot [int]
$x -as [int]
-not $done
!$done
$flags -band 4 -bor 1 -bxor 2
-bnot 0
$a + $b * $c - $d / $e % $f
1..5
-$x
+$x
$i++
$i--
++$i
--$i
$x = 1
$x += 1
$x -= 1
$x *= 2
$x /= 2
$x %= 2
$a, $b = 1, 2
[int]$count = 0
,$single
$a = $b = 0
$cert.NotAfter -lt (Get-Date).AddDays(30)
