# a variable that was never set is $null, which the cmdlet refuses
Enable-ExchangeCertificate -Thumbprint $nothing -Services IIS
