<#
.SYNOPSIS
    Collects what cusim needs to predict an Exchange CU on this server: certificates, bindings,
    Exchange's certificate settings. Reads only; changes nothing.

.DESCRIPTION
    Run on the Exchange server, in the Exchange Management Shell or in plain Windows PowerShell 5.1
    as an administrator. When EMS is broken (after a failed CU) the Exchange cmdlets are missing:
    the script collects what it still can and says what it could not, in collect-log.txt.

    It writes one folder, and a .zip of it, in the shapes `cusim import` and `cusim preflight` read:
      GetExchangeCertificate.xml   Get-ExchangeCertificate | Export-Clixml
      GetAuthConfig.xml            Get-AuthConfig | Export-Clixml
      GetExchangeServer.xml        Get-ExchangeServer <this server> | Export-Clixml
      GetTransportService.xml      the transport service's InternalTransportCertificateThumbprint
      GetInternalTransportCertificateFromServer.xml   the internal transport certificate
      GetReceiveConnector.xml      this server's receive connectors (Identity, Fqdn, TlsCertificateName, TransportRole)
      IIS/applicationHost.config   a copy of IIS's configuration
      IIS/GetWebBinding.xml        Get-WebBinding | Export-Clixml
      netsh-http-sslcert.txt       netsh http show sslcert
      certificates/<Store>/<Thumbprint>.cer   every certificate of LocalMachine My, Root, CA, WebHosting
      certificates/certificates.csv           each one's FriendlyName, HasPrivateKey, key provider, and
                                              whether NETWORK SERVICE can read its key
      services.xml                 the Exchange services' status and start type
      setup-registry.xml           setup's Watermark and Action values, where a failed run left them
      clock.txt, timezone.txt      this server's date and time (UTC) and time zone
      manifest.csv                 every file with the command that made it

    Nothing it collects is secret: no private key leaves the server (certificates are exported as
    .cer, the public part only).

.PARAMETER OutputFolder
    Where to write (default: .\cusim-export-<server>-<yyyyMMdd-HHmmss>).

.EXAMPLE
    .\Export-CusimServerState.ps1
    Then, on any machine with cusim: cusim preflight .\cusim-export-EX01-20260401-101500
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string]$OutputFolder = ""
)

$ErrorActionPreference = "Stop"
$server = $env:COMPUTERNAME
if ($OutputFolder -eq "") {
    $OutputFolder = Join-Path (Get-Location) ("cusim-export-{0}-{1}" -f $server, (Get-Date).ToString("yyyyMMdd-HHmmss"))
}
New-Item -ItemType Directory -Path $OutputFolder -Force | Out-Null
New-Item -ItemType Directory -Path (Join-Path $OutputFolder "IIS") -Force | Out-Null
$manifest = New-Object System.Collections.Generic.List[object]
$logFile = Join-Path $OutputFolder "collect-log.txt"

function Write-CollectLog {
    param([string]$Message)
    Add-Content -Path $logFile -Value $Message -Encoding UTF8
    Write-Host $Message
}

# Runs one collection step: its file goes in the manifest with the command that made it; a step
# that fails is logged, and the others go on (a broken EMS must not stop the IIS part).
function Invoke-CollectStep {
    param(
        [string]$File,
        [string]$Command,
        [scriptblock]$Action
    )
    try {
        & $Action
        $manifest.Add([pscustomobject]@{ File = $File; Command = $Command })
        Write-CollectLog ("collected {0}" -f $File)
    } catch {
        Write-CollectLog ("could not collect {0}: {1}" -f $File, $_.Exception.Message)
    }
}

# The Exchange cmdlets: present in EMS; in plain PowerShell, from the snap-in when it still loads.
$exchangeCmdlets = $null -ne (Get-Command Get-ExchangeCertificate -ErrorAction SilentlyContinue)
if (-not $exchangeCmdlets) {
    try {
        Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn -ErrorAction Stop
        $exchangeCmdlets = $true
    } catch {
        Write-CollectLog ("the Exchange cmdlets are not available ({0}): Exchange's own settings are not collected" -f $_.Exception.Message)
    }
}

if ($exchangeCmdlets) {
    Invoke-CollectStep "GetExchangeCertificate.xml" "Get-ExchangeCertificate -Server $server | Export-Clixml" {
        Get-ExchangeCertificate -Server $server | Export-Clixml -Path (Join-Path $OutputFolder "GetExchangeCertificate.xml")
    }
    Invoke-CollectStep "GetAuthConfig.xml" "Get-AuthConfig | Export-Clixml" {
        Get-AuthConfig | Export-Clixml -Path (Join-Path $OutputFolder "GetAuthConfig.xml")
    }
    Invoke-CollectStep "GetExchangeServer.xml" "Get-ExchangeServer $server | Export-Clixml" {
        Get-ExchangeServer -Identity $server | Export-Clixml -Path (Join-Path $OutputFolder "GetExchangeServer.xml")
    }
    # The internal transport certificate is the transport service's (Get-TransportService shows its
    # InternalTransportCertificateThumbprint; Get-ExchangeServer's objects do not have it). Its
    # certificate is exported when it is still in the Personal store.
    Invoke-CollectStep "GetTransportService.xml" "Get-TransportService $server | Select-Object Identity, InternalTransportCertificateThumbprint" {
        Get-TransportService -Identity $server | Select-Object Identity, InternalTransportCertificateThumbprint |
            Export-Clixml -Path (Join-Path $OutputFolder "GetTransportService.xml")
    }
    Invoke-CollectStep "GetInternalTransportCertificateFromServer.xml" "the certificate of (Get-TransportService).InternalTransportCertificateThumbprint" {
        $thumbprint = (Get-TransportService -Identity $server).InternalTransportCertificateThumbprint
        if ([string]::IsNullOrEmpty($thumbprint)) { throw "the transport service names no internal transport certificate" }
        Get-Item -Path ("Cert:\LocalMachine\My\{0}" -f $thumbprint) |
            Export-Clixml -Path (Join-Path $OutputFolder "GetInternalTransportCertificateFromServer.xml")
    }
    Invoke-CollectStep "GetReceiveConnector.xml" "Get-ReceiveConnector -Server $server | Select-Object Identity, Fqdn, TlsCertificateName, TransportRole" {
        Get-ReceiveConnector -Server $server | Select-Object Identity, Fqdn, TlsCertificateName, TransportRole |
            Export-Clixml -Path (Join-Path $OutputFolder "GetReceiveConnector.xml")
    }
}

Invoke-CollectStep "IIS\applicationHost.config" "Copy-Item $env:windir\System32\inetsrv\config\applicationHost.config" {
    Copy-Item -Path (Join-Path $env:windir "System32\inetsrv\config\applicationHost.config") -Destination (Join-Path $OutputFolder "IIS")
}
Invoke-CollectStep "IIS\GetWebBinding.xml" "Import-Module WebAdministration; Get-WebBinding | Export-Clixml" {
    Import-Module WebAdministration
    Get-WebBinding | Export-Clixml -Path (Join-Path $OutputFolder "IIS\GetWebBinding.xml")
}
Invoke-CollectStep "netsh-http-sslcert.txt" "netsh http show sslcert" {
    $text = & netsh http show sslcert
    if ($LASTEXITCODE -ne 0) { throw "netsh exited with $LASTEXITCODE" }
    Set-Content -Path (Join-Path $OutputFolder "netsh-http-sslcert.txt") -Value $text -Encoding UTF8
}

# Who may read a certificate's private key: the key file's ACL, where CAPI (MachineKeys) or CNG
# (Keys) keeps it. Setup must be able to grant NETWORK SERVICE read access (cases 9, 11, 12).
function Get-KeyFacts {
    param($Certificate)
    $facts = [ordered]@{ Provider = ""; NetworkServiceCanRead = "" }
    if (-not $Certificate.HasPrivateKey) { return $facts }
    try {
        $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
        if ($rsa -is [System.Security.Cryptography.RSACng]) {
            $facts.Provider = $rsa.Key.Provider.Provider
            $keyFile = Join-Path $env:ProgramData ("Microsoft\Crypto\Keys\{0}" -f $rsa.Key.UniqueName)
        } else {
            $facts.Provider = $rsa.CspKeyContainerInfo.ProviderName
            $keyFile = Join-Path $env:ProgramData ("Microsoft\Crypto\RSA\MachineKeys\{0}" -f $rsa.CspKeyContainerInfo.UniqueKeyContainerName)
        }
        if (Test-Path $keyFile) {
            $rules = (Get-Acl -Path $keyFile).Access | Where-Object {
                $_.IdentityReference -match "NETWORK SERVICE" -and $_.AccessControlType -eq "Allow" -and
                ($_.FileSystemRights -band [System.Security.AccessControl.FileSystemRights]::Read)
            }
            $facts.NetworkServiceCanRead = [string]($null -ne $rules)
        }
    } catch {
        $facts.Provider = "unknown: " + $_.Exception.Message
    }
    return $facts
}

Invoke-CollectStep "certificates" "Get-ChildItem Cert:\LocalMachine\<My, Root, CA, WebHosting>: each certificate's DER and facts" {
    $rows = foreach ($store in "My", "Root", "CA", "WebHosting") {
        $folder = Join-Path $OutputFolder ("certificates\{0}" -f $store)
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        foreach ($cert in Get-ChildItem -Path ("Cert:\LocalMachine\{0}" -f $store) -ErrorAction SilentlyContinue) {
            [System.IO.File]::WriteAllBytes((Join-Path $folder ("{0}.cer" -f $cert.Thumbprint)), $cert.RawData)
            $key = Get-KeyFacts $cert
            [pscustomobject]@{
                Store                 = $store
                Thumbprint            = $cert.Thumbprint
                FriendlyName          = $cert.FriendlyName
                HasPrivateKey         = $cert.HasPrivateKey
                KeyProvider           = $key.Provider
                NetworkServiceCanRead = $key.NetworkServiceCanRead
            }
        }
    }
    $rows | Export-Csv -Path (Join-Path $OutputFolder "certificates\certificates.csv") -NoTypeInformation -Encoding UTF8
}

Invoke-CollectStep "services.xml" "Get-Service MSExchange*, W3SVC, WAS | Select-Object Name, Status, StartType" {
    Get-Service -Name "MSExchange*", "W3SVC", "WAS" -ErrorAction SilentlyContinue |
        Select-Object Name, Status, StartType | Export-Clixml -Path (Join-Path $OutputFolder "services.xml")
}
Invoke-CollectStep "setup-registry.xml" "HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15\*Role: Watermark, Action" {
    Get-ChildItem -Path "HKLM:\SOFTWARE\Microsoft\ExchangeServer\v15" -ErrorAction SilentlyContinue |
        Where-Object { $_.PSChildName -like "*Role" } |
        ForEach-Object { Get-ItemProperty -Path $_.PSPath | Select-Object PSChildName, Watermark, Action, ConfiguredVersion, UnpackedVersion } |
        Export-Clixml -Path (Join-Path $OutputFolder "setup-registry.xml")
}
Invoke-CollectStep "clock.txt" "(Get-Date).ToUniversalTime(); Get-TimeZone" {
    Set-Content -Path (Join-Path $OutputFolder "clock.txt") -Value ((Get-Date).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ")) -Encoding ASCII
    Set-Content -Path (Join-Path $OutputFolder "timezone.txt") -Value ([System.TimeZoneInfo]::Local.Id) -Encoding UTF8
}

$manifest | Export-Csv -Path (Join-Path $OutputFolder "manifest.csv") -NoTypeInformation -Encoding UTF8
$zip = "$OutputFolder.zip"
Compress-Archive -Path (Join-Path $OutputFolder "*") -DestinationPath $zip -Force
Write-CollectLog ("wrote {0} and {1}" -f $OutputFolder, $zip)
