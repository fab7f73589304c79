# Dot sourcing a file outside the script's folder is not modelled: refused when the script loads,
# with its line (exit 2).
. C:\Scripts\helpers.ps1
Write-Log 'never run'
