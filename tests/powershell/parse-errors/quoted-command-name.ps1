# Without the call operator a quoted path is a string, and what follows is an error
"D:\Setup.exe" /Mode:Upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
& "D:\Setup.exe" /Mode:Upgrade
