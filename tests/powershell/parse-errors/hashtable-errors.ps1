$p = @{ Name 'Default Web Site' }
$q = @{ Port = }
$r = @{ A = 1
