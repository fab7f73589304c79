# a command the simulator does not model, and one with a parameter it does not model: both named at once
Invoke-Expression "iisreset"
Get-ChildItem Cert:\LocalMachine\My -DnsName "mail.contoso.com"
