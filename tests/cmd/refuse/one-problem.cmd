:: A single problem: its line and why
@echo off
pause
