switch ($status) {
    'Valid' { 'ok' }
    Expired { 'renew' ; break }
    42 { 'number' }
    $other { 'variable' }
    { $_ -like 'Pend*' } { 'pending' }
    default { 'unknown' }
}
switch -Wildcard ($cert.Subject) {
    'CN=mail*' { 'mail' }
    '*contoso*' { 'contoso' }
}
switch -Regex -CaseSensitive ($line) {
    '^Installing certificate' { $installing = $true }
    'expired' { $expired = $true; continue }
}
switch -Exact ($x) { a { 1 } }
switch -File C:\ExchangeSetupLogs\ExchangeSetup.log { '*FAILED*' { $_ } }
switch (1, 2, 3) { 2 { 'two' } }
