:: title: Run setup again without changing anything
:: source: https://practical365.com/exchange-server/expired-certificates-cause-exchange-cumulative-updates-fail/
@echo off
setup.exe /m:upgrade /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF
