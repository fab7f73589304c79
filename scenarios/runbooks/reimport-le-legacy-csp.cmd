:: title: Re-import the Let's Encrypt PFX into the legacy CSP, then resume setup
:: source: https://github.com/win-acme/win-acme/issues/420
certutil -csp "Microsoft RSA SChannel Cryptographic Provider" -p WinAcme!1 -importpfx ..\..\fixtures\pfx\le-mail-2024-04.pfx
setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
