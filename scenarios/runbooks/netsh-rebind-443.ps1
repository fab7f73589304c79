# title: Delete the 0.0.0.0:443 SSL binding and add it again with the valid certificate's hash, iisreset
# source: https://learn.microsoft.com/en-us/answers/questions/5620149/
netsh http show sslcert ipport=0.0.0.0:443
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.DnsNameList -like "*mail.contoso.com*" } | Where-Object { $_.NotAfter -gt (Get-Date) } | Sort-Object NotBefore -Descending | Select-Object -First 1).Thumbprint
netsh http delete sslcert ipport=0.0.0.0:443
netsh http add sslcert ipport=0.0.0.0:443 certhash=$t appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}' certstorename=MY
iisreset
