# netsh http show sslcert, all bindings and one
netsh http show sslcert
netsh http show sslcert ipport=0.0.0.0:444
