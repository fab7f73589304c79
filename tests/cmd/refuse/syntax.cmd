:: cmd.exe's own syntax errors, found when the file loads
if "a"=="b"
netsh http show sslcert &&
if 1 foo 2 echo x
