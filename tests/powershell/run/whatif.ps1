# -WhatIf and $WhatIfPreference (about_CommonParameters, about_Preference_Variables).
# A cmdlet that supports ShouldProcess prints "What if: Performing the operation ... on target ..." and
# does nothing: Set-Content's operation is "Set Content" on "Path: <path>", Add-Content's "Add Content",
# Out-File's "Output to File" on the path as written (PowerShell's FileSystem provider and Out-File.cs)
Set-Content -Path C:\logs\w.txt -Value 1 -WhatIf
Add-Content -Path C:\logs\w.txt -Value 1 -WhatIf
'x' | Out-File C:\logs\w.txt -WhatIf
Get-Content C:\logs\w.txt -ErrorAction SilentlyContinue
"exists: $($null -ne (Get-Content C:\logs\w.txt -ErrorAction SilentlyContinue))"
# $WhatIfPreference = $true does the same for every cmdlet that supports it; -WhatIf:$false overrides it
$WhatIfPreference = $true
Set-Content -Path C:\logs\w.txt -Value 'not written'
Set-Content -Path C:\logs\w.txt -Value 'written' -WhatIf:$false
$WhatIfPreference = $false
Get-Content C:\logs\w.txt
# A cmdlet without ShouldProcess ignores the preference and has no -WhatIf: the binding error
$WhatIfPreference = $true
Write-Output 'Write-Output runs'
$WhatIfPreference = $false
try { Write-Output 'x' -WhatIf } catch { "caught: $_" }
# A function with [CmdletBinding(SupportsShouldProcess)] takes -WhatIf: $WhatIfPreference is set in it,
# so the cmdlets it calls print What if: (about_Functions_CmdletBindingAttribute)
function Save-Report {
    [CmdletBinding(SupportsShouldProcess)]
    param([string]$Text)
    Write-Host "inside: $WhatIfPreference"
    Set-Content -Path C:\logs\report.txt -Value $Text
}
Save-Report -Text 'dry run' -WhatIf
"after: $WhatIfPreference"
Save-Report -Text 'for real'
Get-Content C:\logs\report.txt
# A function without SupportsShouldProcess has no -WhatIf (about_Functions_Advanced_Parameters);
# a simple one without param() gets it in $args
function Save-Plain { [CmdletBinding()] param([string]$Text) $Text }
try { Save-Plain -Text 'x' -WhatIf } catch { "caught: $_" }
function Show-Args { "args: $args" }
Show-Args -WhatIf
# $PSCmdlet.ShouldProcess(target, operation) in such a function: under -WhatIf the What if: line and
# $false; otherwise $true, no prompt while $ConfirmPreference is High
# (https://learn.microsoft.com/en-us/powershell/scripting/learn/deep-dives/everything-about-shouldprocess)
function Remove-OldLog {
    [CmdletBinding(SupportsShouldProcess)]
    param([string]$Name)
    if ($PSCmdlet.ShouldProcess($Name, 'Remove old log')) { "removing $Name" } else { "kept $Name" }
    if ($PSCmdlet.ShouldProcess($Name)) { 'one-argument form: yes' }
}
# (kept in a variable: the What if: lines go to the console as they come, the output after)
$said = Remove-OldLog -Name 'C:\logs\old.txt' -WhatIf
$said
Remove-OldLog -Name 'C:\logs\old.txt'
# $PSCmdlet outside an advanced function is not modelled
$PSCmdlet
