# Get-Service after a failed CU: setup's ServiceControl.ps1 stopped the Exchange services and set
# them to Disabled; by name, by display name, the table's truncated columns, piped to Set-Service
# (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-service?view=powershell-5.1).
Get-Service MSExchangeADTopology, MSExchangeIS, W3SVC
Get-Service -DisplayName "Microsoft Exchange Transport" | Format-List Name, DisplayName, Status, StartType
(Get-Service MSExchangeServiceHost).StartType
Get-Service MSExchangeTransport, MSExchangeFrontEndTransport | Where-Object StartType -eq Disabled | Set-Service -StartupType Automatic
# Set-Service changed their startup type: the simulator does not keep it, so it does not answer.
Get-Service MSExchangeTransport
