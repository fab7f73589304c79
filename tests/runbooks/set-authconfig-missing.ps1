# Set-AuthConfig with a thumbprint that is not in the store
Set-AuthConfig -NewCertificateThumbprint "0123456789012345678901234567890123456789" -NewCertificateEffectiveDate (Get-Date)
