<#
.SYNOPSIS
    Refuses to start the CU while a certificate setup re-applies would fail it.
.DESCRIPTION
    Setup's Install-ExchangeCertificate re-applies the certificates of the Default Web Site's
    https bindings and needs their private keys (seed case, cases 9 and 11). This checks both
    before setup runs, and runs setup only when all is well.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string]$SetupPath = 'D:\Setup.exe',
    [switch]$Run
)

function Test-BindingCertificate {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        $Binding
    )
    begin {
        $problems = 0
    }
    process {
        $hash = $Binding.certificateHash
        $cert = Get-ChildItem Cert:\LocalMachine\My | Where-Object Thumbprint -eq $hash
        if (-not $cert) {
            Write-Host "  $($Binding.bindingInformation): no certificate $hash" -ForegroundColor Red
            $problems++
        }
        elseif ($cert.NotAfter -le (Get-Date)) {
            Write-Host "  $($Binding.bindingInformation): expired $($cert.NotAfter)" -ForegroundColor Red
            $problems++
        }
        elseif (-not $cert.HasPrivateKey) {
            Write-Host "  $($Binding.bindingInformation): no private key" -ForegroundColor Red
            $problems++
        }
        else {
            Write-Host "  $($Binding.bindingInformation): ok ($($cert.Subject))" -ForegroundColor Green
        }
    }
    end {
        return $problems
    }
}

Import-Module WebAdministration
Write-Host 'Default Web Site https bindings:'
$count = Get-WebBinding -Name 'Default Web Site' -Protocol https | Test-BindingCertificate

if ($count -gt 0) {
    Write-Host "$count problem(s): fix them before the CU" -ForegroundColor Red
    exit 1
}
if ($Run) {
    Start-Process -FilePath $SetupPath -ArgumentList '/Mode:Upgrade', '/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF' -Wait -NoNewWindow
}
