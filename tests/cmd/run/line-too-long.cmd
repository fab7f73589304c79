:: title: a loop that grows a variable without end
@echo off
:: The test never holds ("%LOOP%" is never "xxx" once LOOP is longer), so cmd loops until the
:: expanded line passes 8191 characters (KB 830473): "The input line is too long." ends the
:: batch file (fuzz_runbook found the quadratic loop before the bound).
:again
set LOOP=%LOOP%xx
if not "%LOOP%"=="xxx" goto again
echo never printed
