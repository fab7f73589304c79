[datetime]"2024-06-01"
[int]$x
[string[]]$names
[System.Collections.Generic.List[string]]::new()
[System.Collections.Generic.Dictionary[string, int]]$map = @{}
[DateTime]::Now
[DateTime]::ParseExact('2024-06-01', 'yyyy-MM-dd', $null)
[System.Net.Dns]::GetHostName()
[System.Net.Dns]::GetHostEntry('localhost').HostName
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
[void]$list.Add('x')
[byte[]]$bytes = 1, 2, 3
$c.NotAfter.AddDays(-30)
$c.NotAfter.ToString('yyyy-MM-dd')
$x.Count
$c.Subject.Split(',')[0].Trim()
(Get-Date).AddDays(-30).ToString("u")
$binding.AddSslCertificate($thumb, 'My')
(Get-WebBinding -Name 'Default Web Site' -Port 443).AddSslCertificate($t, "My")
$obj.Method(
    1,
    2
)
[System.Security.Cryptography.X509Certificates.X509Certificate2]
[int]
[System.IO.Path]::Combine($PSScriptRoot, 'log.txt')
$x -is [System.Security.Cryptography.X509Certificates.X509Certificate2]
