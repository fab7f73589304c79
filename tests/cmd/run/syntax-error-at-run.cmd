:: title: a line that cmd.exe can parse only once expanded
:: %EMPTY% is empty, so the if reads "if ==x": cmd ends the batch file on the syntax error
:: (the if page: quote the operands)
@echo off
set EMPTY=
if %EMPTY%==x echo never
echo not run
