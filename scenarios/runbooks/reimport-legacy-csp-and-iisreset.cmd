:: title: Re-import the public certificate's PFX into the legacy CSP, iisreset
:: source: http://clintboessen.blogspot.com/2018/06/owa-and-ecp-doesnt-log-in-after.html
certutil -csp "Microsoft RSA SChannel Cryptographic Provider" -p Contoso!2024 -importpfx ..\..\fixtures\pfx\mail-contoso-2024.pfx
iisreset
