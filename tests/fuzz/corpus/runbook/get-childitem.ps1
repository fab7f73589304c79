# Get-ChildItem Cert:, with and without a pipeline
Get-ChildItem Cert:\LocalMachine\My
Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.Subject -like "CN=mail*" } | Sort-Object NotAfter -Descending
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.FriendlyName -eq "Microsoft Exchange" }).Thumbprint
Get-ChildItem Cert:\LocalMachine\My\$t
