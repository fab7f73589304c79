:: title: a failure the script does not look at
:: netsh fails (no binding on 10.0.0.5:443) and nothing looks at ERRORLEVEL: the fix is invalid
:: at that line, and the lines after it do not run
netsh http delete sslcert ipport=10.0.0.5:443
iisreset
