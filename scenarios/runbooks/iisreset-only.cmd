:: title: iisreset and nothing else
iisreset
