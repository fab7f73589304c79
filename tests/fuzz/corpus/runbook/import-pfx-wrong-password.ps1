# Import-PfxCertificate with the wrong password
$pw = ConvertTo-SecureString "nope" -AsPlainText -Force
Import-PfxCertificate -FilePath ..\..\fixtures\pfx\mail-contoso-2024.pfx -CertStoreLocation Cert:\LocalMachine\My -Password $pw
