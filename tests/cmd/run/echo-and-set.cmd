:: title: echo, set and %VAR% expansion
:: @ hides the echo of its command; echo off switches the echo off for what follows
:: (https://learn.microsoft.com/windows-server/administration/windows-commands/echo)
@echo off
:: echo alone says whether echo is on: "ECHO is off."
echo
:: echo. prints an empty line; echo text prints the text after the blank
echo.
echo Renewing the certificate bindings
:: set NAME=value takes everything after =, blanks included; %NAME% expands it
:: (https://learn.microsoft.com/windows-server/administration/windows-commands/set)
set PORT=443
echo ipport=0.0.0.0:%PORT%
:: set "NAME=value" ends the value at the last quote: what follows it is ignored
set "HASH=435d657c19c965507ca186f20344440b86759859" ignored
echo [%HASH%]
:: without the quotes, a trailing blank is part of the value
set SPACED=x 
echo [%SPACED%]
:: %% is one %; an undefined variable expands to nothing in a batch file
:: (ss64.com/nt/syntax-variables.html)
set UNSET=
echo 100%% [%UNSET%]
:: %VAR% is expanded when the line is read, before any of it runs
:: (https://devblogs.microsoft.com/oldnewthing/20060823-00/?p=29993): "before"
set VAR=before
set VAR=after & echo %VAR%
:: and the set took everything before the &, its blank included: "after "
echo %VAR%
:: rem's comment runs to the end of the line, & included: nothing is printed
rem & echo not printed
:: ^ escapes a special character: the & is text
echo a ^& b
:: variable names are not case sensitive
echo %port%
:: the simulated server's environment: COMPUTERNAME
echo %COMPUTERNAME%
:: a redirection may come before the command
>nul echo hidden
