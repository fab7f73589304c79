# Comparison operators (about_Comparison_Operators; PowerShell Language Specification 3.0, 7.8).
# String comparison ignores case unless the operator has a 'c': True, False, True
"Mail.Contoso.com" -eq "mail.contoso.com"
"Mail.Contoso.com" -ceq "mail.contoso.com"
"Mail.Contoso.com" -ieq "mail.contoso.com"
# The left operand decides the type (spec 7.8.1): 10 -eq "10" is True; "1.0" -eq 1 compares strings, "1.0" and "1": False
10 -eq "10"
"1.0" -eq 1
# Numbers order as numbers, strings as strings: True, False ("10" sorts before "9")
10 -gt 9
"10" -gt "9"
# A collection on the left filters: the elements for which it holds (spec 7.8.1)
1, 2, 3, 4 -gt 2
"a", "B", "c" -eq "b"
# $null on the left is a scalar test; on the right it filters the nulls out of a collection
$null -eq $null
$x = @(1, $null, 2)
($x -ne $null).Count
# -contains / -in: membership, case-insensitive
"IIS", "SMTP" -contains "smtp"
"smtp" -in "IIS", "SMTP"
"IIS", "SMTP" -ccontains "smtp"
# -like wildcards (about_Wildcards): *, ?, [a-c]
"mail.contoso.com" -like "*.CONTOSO.com"
"EX01" -like "EX0?"
"EX01" -clike "ex*"
"b" -like "[a-c]"
# -match sets $Matches (about_Regular_Expressions)
"CN=mail.contoso.com, O=Contoso" -match "CN=([^,]+)"
$Matches[1]
"nothing" -notmatch "CN="
# -is and -as (spec 7.9)
"x" -is [string]
5 -is [int]
"5" -as [int]
"abc" -as [int]
$null -eq ("abc" -as [int])
