# -WhatIf on the Exchange cmdlets while EMS works (before the CU): the ShouldProcess default form on
# the certificate's thumbprint or the connector's identity (their own texts are not published), and
# nothing changed; $WhatIfPreference the same. Under -WhatIf:$false the command runs.
# when: before-cu
$self = Get-ExchangeCertificate | Where-Object { $_.IsSelfSigned } | Select-Object -First 1
Enable-ExchangeCertificate -Thumbprint $self.Thumbprint -Services IIS -WhatIf
Remove-ExchangeCertificate -Thumbprint $self.Thumbprint -WhatIf
$WhatIfPreference = $true
Get-ExchangeCertificate | Select-Object -First 1 | Enable-ExchangeCertificate -Services SMTP
(Get-ExchangeCertificate -Thumbprint $self.Thumbprint).Thumbprint -eq $self.Thumbprint
New-ExchangeCertificate -SubjectName 'CN=mail.contoso.com'
