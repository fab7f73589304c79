:: title: exit codes, ERRORLEVEL, && and ||
@echo off
:: netsh's exit code is ERRORLEVEL; || runs its command when the one before failed
:: (https://learn.microsoft.com/previous-versions/windows/it-pro/windows-xp/bb490982(v=technet.10))
netsh http delete sslcert ipport=10.0.0.5:443 || echo the delete failed
:: if errorlevel N is true when ERRORLEVEL is N or more (the if page)
if errorlevel 1 echo errorlevel is 1 or more
if not errorlevel 2 echo errorlevel is less than 2
:: && skips its command after a failure, and the || after it catches the failure
netsh http delete sslcert ipport=10.0.0.5:443 >nul && echo not printed || echo failed quietly
:: %ERRORLEVEL% in the next line, read after the command ran, looks at the failure
netsh http delete sslcert ipport=10.0.0.5:443 >nul 2>&1
if %ERRORLEVEL% neq 0 echo ERRORLEVEL is %ERRORLEVEL%
:: a successful set clears ERRORLEVEL in a .cmd file (ss64.com/nt/errorlevel.html)
set X=1
echo after set ERRORLEVEL is %ERRORLEVEL%
:: a command that succeeds: ERRORLEVEL 0, && runs
netsh http show sslcert ipport=0.0.0.0:443 >nul && echo show succeeded
iisreset
