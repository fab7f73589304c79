$x = 1
if ($x -eq 1 {
    'one'
}
if $x { 'no parenthesis' }
if () { 'no condition' }
if ($x) 'no block'
