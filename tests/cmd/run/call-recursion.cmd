:: title: call without end: cmd.exe aborts the batch file when its calls nest too deep
:: (ss64.com/nt/call.html: a subroutine that calls itself needs a way out)
@echo off
call :again
echo not reached
:again
call :again
