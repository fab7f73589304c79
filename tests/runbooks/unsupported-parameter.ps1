# a parameter the simulator does not model
Get-WebBinding -Name "Default Web Site" -PSPath "IIS:\"
