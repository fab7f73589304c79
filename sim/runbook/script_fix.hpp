#pragma once
// A PowerShell recovery script (.ps1) as a fix, run on the PowerShell engine (sim/powershell):
// every top-level statement is a step of the fix (a line of a plain script, or a whole `if`,
// `foreach` or `try`), so reports list what the script did in its own words.
//
// The script is parsed and checked when it loads: a syntax error, or a command, parameter or
// construct the simulator does not model, is an input error naming the file, line and column of
// each (all of them at once). While it runs, PowerShell's semantics hold (non-terminating errors,
// $?, $LASTEXITCODE, try/catch, -ErrorAction); one rule is cusim's: an error the script does not
// handle stops the run, and the fix is `invalid` at that statement (see UnhandledError in
// sim/powershell/interpreter.hpp for what handling it means). An admin following a script stops at
// the first red text; a script that goes on past a failure has not done what it says.
#include <string>
#include <vector>

#include "sim/recovery/fix.hpp"

namespace cusim {

// `args`: the script's arguments, bound to its param() block as `powershell.exe -File` does.
// `answers`: what Read-Host gets, in order, in each run of the script (none: the NonInteractive error).
Fix load_script_fix(const std::string& path, const std::vector<std::string>& args = {}, const std::vector<std::string>& answers = {});

}  // namespace cusim
