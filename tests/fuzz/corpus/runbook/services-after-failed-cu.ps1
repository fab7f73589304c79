# Restart-Service on a half-upgraded server, Set-Date while Windows Time runs
Set-Date -Date "2024-05-30T09:00:00Z"
Restart-Service MSExchangeServiceHost
