# Strings (about_Quoting_Rules, about_Special_Characters).
$name = "mail.contoso.com"
$o = [pscustomobject]@{ Subject = "CN=$name"; Days = 5 }
"Name: $name"
'Name: $name'
"Subject: $($o.Subject), days: $($o.Days + 1)"
"Not expanded: $o.Subject"
"tab:`tend"
"quote: `"x`" and ""y"""
@"
here $name
  line two
"@
@'
literal $name
'@
# String methods compare case-sensitively (.NET), unlike the operators
"Mail".StartsWith("mail")
"Mail".ToLower().StartsWith("mail")
"a,b,,c".Split(",").Count
"  x  ".Trim() + "|"
"CN=EX01".Substring(3)
"EX01".Length
"abc".ToUpper()
"a-b-c".Replace("-", ".")
# -replace and -split take regular expressions; -join joins
"CN=EX01, O=Contoso" -replace "CN=(\w+).*", '$1'
("a1b22c" -split "\d+").Count
-split " a  b c "
(1, 2, 3) -join "+"
"{0} expires in {1} days ({2:N1}%)" -f "EX01", 30, 12.345
"{0,-6}|{1,4}|" -f "ab", 7
"{0:yyyy-MM-dd}" -f [datetime]"2024-05-31"
