# title: Bind the Exchange Back End 444 to the "Microsoft Exchange" certificate, iisreset
# source: https://learn.microsoft.com/en-us/archive/blogs/miguelo/exchange-2013-clients-not-able-to-connect-using-outlook-anywhere
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.FriendlyName -eq "Microsoft Exchange" } | Sort-Object NotAfter -Descending | Select-Object -First 1).Thumbprint
netsh http delete sslcert ipport=0.0.0.0:444
netsh http add sslcert ipport=0.0.0.0:444 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}' certstorename=MY
iisreset
