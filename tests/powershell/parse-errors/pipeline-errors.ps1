Get-ChildItem Cert:\LocalMachine\My | $_.Thumbprint
Get-Service |
Get-Service | | Sort-Object
Get-Date |
