:: title: blocks over several lines
@echo off
set VAR=before
:: a block is read whole: %VAR% in it is expanded before any of its lines runs, so the
:: inner if compares "before" with "after" (the set page's example)
if "%VAR%"=="before" (
    set VAR=after
    if "%VAR%"=="after" echo never printed
    echo inside the block VAR is still %VAR%
)
echo after the block VAR is %VAR%
:: if ... ( ) else ( ): else must follow the ) on the same line (the if page)
if defined VAR (
    echo VAR is defined
) else (
    echo not reached
)
if defined NOSUCH (echo not reached) else echo NOSUCH is not defined
:: the command after an if condition runs to the end of the line, & included
if "a"=="b" echo not printed & echo not printed either
:: a block's lines run in order; its output goes where its redirection says
(
    echo hidden
    echo hidden too
) >nul
echo done
