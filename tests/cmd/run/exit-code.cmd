:: title: exit /b with a code ends the script and says it failed
:: (https://learn.microsoft.com/windows-server/administration/windows-commands/exit)
@echo off
echo stopping
exit /b 2
echo not run
