:: Every construct here is refused when the file loads, all at once: cusim never approximates
:: what cmd.exe would do with them.
@echo off
dir C:\
set /a N=1+1
if exist C:\cert.pfx echo found
netsh http show sslcert | find "443"
netsh http show sslcert > bindings.txt
call other.cmd
echo %NOT_SET_ANYWHERE%
goto nowhere
echo %VAR:~0,3%
cd C:\Windows
setlocal disableextensions
(
    :inside
    echo x
)
(
    echo never closed
