# After an operator a line break continues the expression, so each case ends with ';'.
$a -eq ;
$b = -not ;
$c = 1 + ;
$d = 1, ;
$e = $x. ;
$g = $list[] ;
$x -eq foo
