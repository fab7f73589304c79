# Exchange cmdlets after the failed CU
Get-ExchangeCertificate
