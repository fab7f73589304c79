# a variable that was never set
Enable-ExchangeCertificate -Thumbprint $nothing -Services IIS
