# title: Opens the machine's store through .NET, as some blog scripts do: the simulator does not model X509Store
Write-Host "Listing the certificates in LocalMachine\My"
$store = New-Object System.Security.Cryptography.X509Certificates.X509Store("My", "LocalMachine")
$store.Open("ReadOnly")
$store.Certificates | Format-Table Thumbprint, Subject
