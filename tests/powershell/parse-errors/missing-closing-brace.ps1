function Repair-Binding {
    param($Thumbprint)
    if ($Thumbprint) {
        Write-Host "Binding $Thumbprint"
    
}
