# Dot sourcing a file beside the script runs it in the script's scope: its functions and variables
# stay (about_Scripts, "Script scope and dot sourcing"); an error in one of its functions names
# that file and its line.
. .\dot-source-helpers.ps1
$LogPrefix
Write-Log 'starting'
. "$PSScriptRoot\dot-source-helpers.ps1"
Write-Log 'sourced again through $PSScriptRoot'
Get-Content .\dot-source.log
try { . .\no-such-helpers.ps1 } catch { "caught: $_" }
Get-BoundCertificate -Thumbprint 'ABCDEF0123456789ABCDEF0123456789ABCDEF01'
