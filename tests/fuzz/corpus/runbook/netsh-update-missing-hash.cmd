:: netsh http update with a hash that is in no store: error 1312
netsh http update sslcert ipport=0.0.0.0:443 certhash=0123456789012345678901234567890123456789 appid={4dc3e181-e14b-4a21-b022-59fc669b0914}
