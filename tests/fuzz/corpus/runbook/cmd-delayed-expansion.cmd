:: title: setlocal, !VAR! and the script's folder
@echo off
:: setlocal enabledelayedexpansion: !VAR! is expanded when the command runs, inside a block too
:: (https://learn.microsoft.com/windows-server/administration/windows-commands/setlocal)
setlocal enabledelayedexpansion
set VAR=before
(
    set VAR=after
    echo percent %VAR%, bang !VAR!
)
(
    netsh http delete sslcert ipport=10.0.0.5:443 >nul
    if !ERRORLEVEL! neq 0 echo !ERRORLEVEL! read when the if runs
)
:: endlocal restores the variables as setlocal found them
endlocal
echo after endlocal VAR is [%VAR%]
:: %~dp0 is the script's folder with a trailing backslash; cd and pushd to it are where the
:: console already is (ss64.com/nt/syntax-args.html)
cd /d "%~dp0"
pushd "%~dp0"
if "%CD%\"=="%~dp0" echo the current folder is the script's
popd
echo %~nx0 %~n0
:: %DATE% and %TIME% from the simulated clock, in the en-US format
echo %DATE% %TIME%
