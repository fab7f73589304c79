# title: Set the clock back and resume setup, with Windows Time still running (the trap)
# source: http://jetzemellema.blogspot.com/2015/07
Set-Date -Date "2024-05-30T09:00:00Z"
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
