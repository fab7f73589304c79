# What the engine does not model stops with the place and the construct, never a guess.
[guid]::NewGuid()
"x".ToCharArray()
[xml]"<a/>"
(Get-Date).ToString("zzz")
$env:USERPROFILE
"after"
$label = "outer"
foreach ($i in 1, 2) { break $label }
"after the label"
