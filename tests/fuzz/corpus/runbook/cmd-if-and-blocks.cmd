:: title: if, else and blocks
@echo off
set NAME=mail
:: if "a"=="b" compares the operands as written, quotes included
:: (https://learn.microsoft.com/windows-server/administration/windows-commands/if)
if "%NAME%"=="mail" echo equal
if not "%NAME%"=="MAIL" echo case matters
if /i "%NAME%"=="MAIL" echo /i ignores case
:: equ neq lss leq gtr geq compare numbers when both operands are numbers (0x is hex)
if 10 gtr 9 echo 10 gtr 9 as numbers
if 0x10 equ 16 echo 0x10 equ 16
if "10" lss "9" (echo not reached) else (echo quoted operands are text to lss: not modelled)
