# The Exchange queries
Get-ExchangeCertificate
Get-AuthConfig
