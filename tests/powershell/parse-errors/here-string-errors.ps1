$a = @" text on the header line
body
"@
$b = @'
body
  '@
