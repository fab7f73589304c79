$d = (Get-Date
$e = $(Get-Date
$f = @(1, 2
$g = $list.Add(1
