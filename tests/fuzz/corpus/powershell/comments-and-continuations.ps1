<#
.SYNOPSIS
    Comment-based help: a block comment before the script.
.PARAMETER Server
    Not a real parameter.
#>
# a line comment
Get-ChildItem -Path Cert:\LocalMachine\My `
    -Recurse `
    -DnsName mail.contoso.com   # comment after a continuation
$x = 1; $y = 2;;  $z = 3
Get-ChildItem Cert:\LocalMachine\My |
    Where-Object { $_.HasPrivateKey } |

    Sort-Object NotAfter -Descending
Write-Host a#b <# inline #> c
$total = 1 +
    2 -
    3
$list = 1,
    2,
    3
