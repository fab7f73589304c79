:: certutil -delstore of a certificate that is not there
certutil -delstore my 0123456789012345678901234567890123456789
