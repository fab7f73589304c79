# a parameter the simulator does not know
Get-WebBinding -Name "Default Web Site" -HostHeader mail.contoso.com
