# New-SelfSignedCertificate: a CNG key by default (R7 makes OWA's login loop if IIS gets it)
New-SelfSignedCertificate -DnsName mail.contoso.com,autodiscover.contoso.com -CertStoreLocation Cert:\LocalMachine\My -NotAfter (Get-Date).AddYears(2)
