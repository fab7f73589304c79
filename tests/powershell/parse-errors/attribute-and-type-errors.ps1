param(
    [Parameter(Mandatory]
    [string]$Name
)
[int
$x = [System.Collections.Generic.List[string]::new()
