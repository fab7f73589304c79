$empty = @()
$one = @(Get-ChildItem Cert:\LocalMachine\My)
$many = @(
    'IIS'
    'SMTP'
)
$h = @{}
$params = @{ Name = 'Default Web Site'; Protocol = 'https'; Port = 443 }
$nested = @{
    Server   = $env:COMPUTERNAME
    'Quoted Key' = 1
    1        = 'one'
    ($x)     = 'computed'
    Inner    = @{ A = 1 }
    Value    = if ($x) { 'yes' } else { 'no' }
    Piped    = Get-Date | Select-Object -ExpandProperty Year
}
$ordered = [ordered]@{ First = 1; Second = 2 }
New-WebBinding @params
Get-WebBinding @params -HostHeader 'mail.contoso.com'
$a[0]
$a[-1]
$a[0, 2]
$a[1..3]
$h['Name']
$h.Name
$h.'Quoted Key'
$h.$key
$matrix[0][1]
[PSCustomObject]@{ Thumbprint = $t; Expires = $c.NotAfter }
