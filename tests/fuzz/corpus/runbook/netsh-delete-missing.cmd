:: netsh http delete of a binding that does not exist: error 2
netsh http delete sslcert ipport=10.0.0.5:443
