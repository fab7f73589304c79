:: title: a PFX named from the script's folder
:: %~dp0 makes the path absolute; the program gets it without its quotes (the C runtime's rules)
certutil -csp "Microsoft RSA SChannel Cryptographic Provider" -p Contoso!2024 -importpfx "%~dp0..\..\..\fixtures\pfx\mail-contoso-2024.pfx"
if errorlevel 1 goto failed
iisreset
goto :eof
:failed
echo import failed
exit /b 1
