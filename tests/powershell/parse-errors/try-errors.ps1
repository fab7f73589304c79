try { Get-Item x }
Write-Host 'between'
try { 1 } catch { 2 } catch [System.Exception] { 3 }
try { 1 } catch [System.Exception]
try
