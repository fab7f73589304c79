:: netsh http add on an ip:port that has a binding: error 183
netsh http add sslcert ipport=0.0.0.0:443 certhash=0123456789012345678901234567890123456789 appid={4dc3e181-e14b-4a21-b022-59fc669b0914}
