:: title: goto, call and exit /b
@echo off
set LOOP=
:: goto jumps to the label; the lines between are not run
:: (https://learn.microsoft.com/windows-server/administration/windows-commands/goto)
goto bind
echo not run: skipped by the goto
:bind
:: call :label runs a subroutine with its own %1-%9 (%~1: without quotes); exit /b N returns
:: with ERRORLEVEL N (https://learn.microsoft.com/windows-server/administration/windows-commands/call)
call :show "0.0.0.0:443" second
echo the subroutine returned %ERRORLEVEL%
:: a goto back loops: cmd searches for the label after the line, then from the top
:again
set LOOP=%LOOP%x
if not "%LOOP%"=="xxx" goto again
echo looped %LOOP%
goto :eof
:show
echo %%1 is %1, %%~1 is %~1, %%2 is %2
netsh http show sslcert ipport=%~1 >nul
exit /b 3
