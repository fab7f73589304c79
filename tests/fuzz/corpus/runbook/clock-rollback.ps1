# title: Stop Windows Time, set the clock back into the certificate's validity, resume setup, turn Windows Time back on
# source: http://jetzemellema.blogspot.com/2015/07
Stop-Service w32time
Set-Service w32time -StartupType Disabled
Set-Date -Date "2024-05-30T09:00:00Z"
.\Setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
Set-Service w32time -StartupType Automatic
Start-Service w32time
