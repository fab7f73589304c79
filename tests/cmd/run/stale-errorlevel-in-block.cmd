:: title: %ERRORLEVEL% inside the same block is read before the command runs
:: The block is expanded when cmd reads it, so the if compares the ERRORLEVEL from before netsh
:: ran (https://devblogs.microsoft.com/oldnewthing/20060823-00/?p=29993): the failure is not looked at.
(
    netsh http delete sslcert ipport=10.0.0.5:443
    if %ERRORLEVEL% neq 0 echo never printed
)
iisreset
