# AddSslCertificate on a binding that already has a certificate
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.FriendlyName -eq "Microsoft Exchange" }).Thumbprint
(Get-WebBinding -Name "Default Web Site" -Protocol https -Port 443 -IPAddress 127.0.0.1).AddSslCertificate($t, "My")
