# Functions (about_Functions, about_Functions_Advanced_Parameters).
function Get-Days([datetime]$From, [datetime]$To) { ($To - $From).Days }
Get-Days -From "2024-05-01" -To "2024-05-31"
Get-Days "2024-05-01" "2024-05-11"
function Test-Switch {
    param([string]$Name = "default", [switch]$Force)
    "Name=$Name Force=$Force"
}
Test-Switch
Test-Switch -Name x -Force
Test-Switch -N y
function Out-Many { 1; 2; return 3; 4 }
(Out-Many).Count
function Select-Big {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)][int]$Value)
    begin { $seen = 0 }
    process { $seen++; if ($Value -gt 1) { $Value } }
    end { "saw $seen" }
}
1, 2, 3 | Select-Big
function Use-Args { "args: $($args.Count) first: $($args[0])" }
Use-Args a b
$params = @{ Name = "splatted"; Force = $true }
Test-Switch @params
# A script block as a value, called with & and with .Invoke()
$sb = { param($x) $x * 2 }
& $sb 21
$sb.Invoke(4)
# Scopes: a function's assignment is local; $script: reaches the script's
$count = 1
function Bump { $count = 10; $script:total = 5 }
Bump
"count=$count total=$total"
# A mandatory parameter not given is PowerShell's error
Select-Big
