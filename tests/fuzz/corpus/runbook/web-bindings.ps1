# Get-WebBinding, then a duplicate New-WebBinding
Get-WebBinding -Name "Default Web Site"
New-WebBinding -Name "Default Web Site" -Protocol https -Port 443 -IPAddress 127.0.0.1
