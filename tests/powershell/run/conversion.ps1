# Conversions (spec chapter 6): to bool, to string, to number.
# Spec 6.2: empty string, 0, $null and an empty array are false; a non-empty string is true, even "False"
[bool]""
[bool]"False"
[bool]0
[bool]@()
[bool]@(0)
[bool]@(0, 0)
# Spec 6.4: a string that is a number converts; hex too; [int] rounds half to even
[int]"42" + 1
[int]"0x10"
[int]2.5
[int]3.5
"5" + 5
5 + "5"
# A string that is not a number does not convert
[int]"abc"
# Spec 6.8: arrays to string join with a space; $null is ""
"" + @(1, 2, 3)
[string]$null -eq ""
"[$null]"
# Doubles print in .NET Framework's 15 significant digits
0.1 + 0.2
1e20
10 / 4
10 / 5
7 % 3
