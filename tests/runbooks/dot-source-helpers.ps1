# Helpers dot sourced by dot-source.ps1: a variable and two functions, as admins keep a log helper.
$LogPrefix = '[cert-fix]'
function Write-Log([string]$Message) {
    "$LogPrefix $Message" | Add-Content -Path .\dot-source.log
}
function Get-BoundCertificate([string]$Thumbprint) {
    Get-Item "Cert:\LocalMachine\My\$Thumbprint" -ErrorAction Stop
}
