#pragma once
// A cmd.exe batch file (.cmd, .bat) as a fix, run on the batch language of cmd_run.hpp: every
// statement line (a whole block when it spans several lines) is a step of the fix, so reports
// list what the script did in its own words; a goto or call runs inside the step that made it.
//
// The file is checked when it loads: a syntax error, or a command or construct the simulator
// does not model, is an input error naming the file and line of each (all of them at once).
// While it runs, cmd's semantics hold; one rule is cusim's, as for PowerShell scripts
// (script_fix.hpp): a native program's failure the script does not look at stops the run, and
// the fix is `invalid` at that step.
#include <string>

#include "sim/recovery/fix.hpp"

namespace cusim {

Fix load_cmd_fix(const std::string& path);

}  // namespace cusim
