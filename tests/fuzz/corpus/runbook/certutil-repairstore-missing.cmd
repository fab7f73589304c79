:: certutil -repairstore of a certificate that is not there
certutil -repairstore my 0123456789012345678901234567890123456789
