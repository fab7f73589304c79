Import-PfxCertificate -FilePath ..\..\..\fixtures\pfx -CertStoreLocation Cert:\LocalMachine\My
