# Remove-Item of a certificate that is not there
Remove-Item Cert:\LocalMachine\My\0123456789012345678901234567890123456789
