:: certutil -importpfx with the wrong password
certutil -csp "Microsoft RSA SChannel Cryptographic Provider" -p wrong -importpfx ..\..\fixtures\pfx\mail-contoso-2024.pfx
