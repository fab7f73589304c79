@echo off
:: title: Re-import the public certificate's PFX into the legacy CSP, checking each step, then iisreset
:: source: http://clintboessen.blogspot.com/2018/06/owa-and-ecp-doesnt-log-in-after.html
setlocal
set PFX=%~dp0..\..\fixtures\pfx\mail-contoso-2024.pfx
certutil -csp "Microsoft RSA SChannel Cryptographic Provider" -p Contoso!2024 -importpfx "%PFX%" >nul
if errorlevel 1 (
    echo The import failed: is the password right?
    exit /b 1
)
iisreset >nul || goto failed
echo Imported, and IIS restarted.
goto :eof

:failed
echo iisreset failed
exit /b 1
