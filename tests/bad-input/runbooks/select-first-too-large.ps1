
$c =Get-ExchangeCertificate| Select-Object -First 21111111111111111111