function Get-ExpiringCertificate {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)]
        [string]$Store,

        [Parameter(Mandatory = $true, ValueFromPipeline = $true)]
        [ValidateRange(1, 3650)]
        [int]$Days = 30,

        [ValidateSet('IIS', 'SMTP')]
        [string[]]$Services = @('IIS'),

        [switch]$IncludeExpired,
        $Untyped
    )
    begin { $limit = (Get-Date).AddDays($Days) }
    process {
        Get-ChildItem "Cert:\LocalMachine\$Store" | Where-Object { $_.NotAfter -lt $limit }
    }
    end { Write-Verbose 'done' }
}
function Test-Binding($Site, [int]$Port = 443) { $Site; $Port }
function global:Write-Step { param($Text) Write-Host "==> $Text" -ForegroundColor Cyan }
filter Select-Valid { if ($_.NotAfter -gt (Get-Date)) { $_ } }
function Empty {}
$sb = { param($x) $x * 2 }
& $sb 21
& { 'immediately' }
. { $dotSourced = 1 }
Invoke-Command -ScriptBlock { Get-Service MSExchange* } -ArgumentList 1, 2
