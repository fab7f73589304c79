'single with ''doubled'' quotes'
"double with `"escaped`" and ""doubled"" quotes"
"tab`there`nnew line `0 null `$notavar ``backtick"
"variable $name, braced ${first name}, scoped $env:COMPUTERNAME $script:count $using:x"
"subexpression $($cert.NotAfter.ToString('yyyy-MM-dd')) and nested $("inner $($x + 1)")"
"member access needs a subexpression: $cert.Thumbprint and $list[0]"
"cost: 5 $ and $ alone"
"special $_ $$ $? $^ and $PSItem"
@"
Here-string with $var and $(Get-Date)
"quotes" need no escape; `t tab
"@
@'
Verbatim here-string: $not expanded, 'quotes' as they are
'@
Write-Host ‘smart single’ “smart double $x”
"$()"
'a' + "b"
