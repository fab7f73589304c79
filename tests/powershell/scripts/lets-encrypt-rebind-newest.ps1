# Seed case 0e (Patrick, kevinds): Let's Encrypt renewed one certificate automatically, the
# other binding kept the old one. Take the newest valid certificate for the mail name and put
# it on every https binding of the Default Web Site.
param(
    [string]$MailName = 'mail.contoso.com',
    [int]$MinimumDays = 7
)

Import-Module WebAdministration

$candidates = @(Get-ChildItem Cert:\LocalMachine\My | Where-Object {
        $_.HasPrivateKey -and
        $_.NotAfter -gt (Get-Date).AddDays($MinimumDays) -and
        ($_.Subject -like "*$MailName*" -or $_.DnsNameList.Unicode -contains $MailName) -and
        $_.Issuer -match "Let's Encrypt|R3|R10|R11"
    })
Write-Host ("{0} candidate(s) for {1}" -f $candidates.Count, $MailName)
$newest = $candidates | Sort-Object -Property NotAfter -Descending | Select-Object -First 1
if ($null -eq $newest) { throw "No usable certificate for $MailName" }

$bindings = Get-WebBinding -Name "Default Web Site" | Where-Object -Property protocol -eq 'https'
$bindings | ForEach-Object {
    Write-Host "Binding $($_.bindingInformation) -> $($newest.Thumbprint)"
    $_.AddSslCertificate($newest.Thumbprint, 'My')
}

$candidates | Format-Table Thumbprint, NotAfter, Subject -AutoSize
