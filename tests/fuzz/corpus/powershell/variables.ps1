$x
${x y}
${env:ProgramFiles(x86)}
$_
$PSItem
$?
$$
$^
$global:Counter
$script:Servers
$env:ExchangeInstallPath
$using:Thumbprint
$args[0]
$true, $false, $null
$LASTEXITCODE
$Error[0].Exception.Message
$PSScriptRoot
$Matches[1]
