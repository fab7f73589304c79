<#
.SYNOPSIS
    Gives SYSTEM, NETWORK SERVICE and Administrators full control of a certificate's private key.
.DESCRIPTION
    Cases 11 and 12 (win-acme issues 1286 and 1074): setup failed with "Insufficient rights to
    grant Network Service access to the certificate with thumbprint ..." and "Keyset does not
    exist" because win-acme left the key readable by SYSTEM only.
#>
param(
    [Parameter(Mandatory=$true)]
    [ValidatePattern('^[0-9A-Fa-f]{40}$')]
    [string]$Thumbprint
)

function Get-KeyFile {
    param([System.Security.Cryptography.X509Certificates.X509Certificate2]$Certificate)
    $name = $Certificate.PrivateKey.CspKeyContainerInfo.UniqueKeyContainerName
    if ([string]::IsNullOrEmpty($name)) {
        # CNG keys live elsewhere
        $name = $Certificate.PrivateKey.Key.UniqueName
        return Join-Path $env:ProgramData "Microsoft\Crypto\Keys\$name"
    }
    return "$env:ProgramData\Microsoft\Crypto\RSA\MachineKeys\$name"
}

try {
    $cert = Get-Item -Path "Cert:\LocalMachine\My\$Thumbprint" -ErrorAction Stop
    if (-not $cert.HasPrivateKey) { throw "Certificate $Thumbprint has no private key" }
    $file = Get-KeyFile -Certificate $cert
    Write-Host "Key file: $file"
    foreach ($who in 'SYSTEM', 'NETWORK SERVICE', 'Administrators') {
        icacls $file /grant "${who}:F" | Out-Null
        Write-Host "  granted $who full control"
    }
}
catch [System.Management.Automation.ItemNotFoundException] {
    Write-Error "No certificate $Thumbprint in LocalMachine\My"
    exit 2
}
catch {
    Write-Error $_.Exception.Message
    exit 1
}
