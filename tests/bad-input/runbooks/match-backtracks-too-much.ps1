# A -match pattern with nested quantifiers that backtracks exponentially on a thumbprint (40 word
# characters and no \W after them): it must stop at the match limit and say so, not hang.
$t = (Get-ChildItem Cert:\LocalMachine\My | Where-Object { $_.Thumbprint -match "^(\w+\w+)+\W$" }).Thumbprint
