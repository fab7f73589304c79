# Control flow (spec chapter 8).
foreach ($i in 1..5) {
    if ($i -eq 2) { continue }
    if ($i -eq 4) { break }
    "foreach $i"
}
for ($i = 0; $i -lt 3; $i++) { "for $i" }
$n = 0
while ($n -lt 2) { $n++; "while $n" }
do { $n-- } until ($n -le 0)
"after do: $n"
:outer foreach ($x in 1..3) {
    foreach ($y in 1..3) {
        if ($y -eq 2) { continue outer }
        "$x.$y"
    }
}
# switch: every clause that matches runs; break stops (spec 8.6)
switch ("IIS") {
    "iis" { "plain match, case-insensitive" }
    { $_.Length -eq 3 } { "script block clause" }
    default { "default" }
}
switch -Wildcard ("mail.contoso.com") { "*.contoso.com" { "wildcard" } }
switch -Regex ("CN=EX01") { "^CN=(\w+)" { "regex " + $Matches[1] } }
switch (1, 2, 3) { 2 { "two"; break } default { "other $_" } }
# if/elseif/else and the value of an if as an expression in a subexpression
$v = $(if ($false) { "a" } elseif ($true) { "b" } else { "c" })
$v
