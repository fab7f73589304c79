:: A variable the script never sets and the simulated server's environment does not have
:: (COMPUTERNAME and ExchangeInstallPath it has)
echo %COMPUTERNAME% %ExchangeInstallPath%
echo %PROCESSOR_ARCHITECTURE%
