foreach ($c $certs) { }
foreach ($c in $certs)
for ($i = 0; $i -lt 3; $i++
while { }
do { } whilst ($x)
switch ($x) { 'a' }
switch { }
function { }
function Get-X
