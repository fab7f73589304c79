# New-SelfSignedCertificate with a -Subject that is not a distinguished name: the cmdlet's error (the fix is invalid), not a crash
New-SelfSignedCertificate -Subject "XX=mail.contoso.com" -CertStoreLocation Cert:\LocalMachine\My
