# a script block
foreach ($c in Get-ChildItem Cert:\LocalMachine\My) { $c }
