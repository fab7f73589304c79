#pragma once
// Runbooks: recovery scripts as an admin writes them, loaded as a Fix whose steps run against
// the simulated server with the output each real command prints, so the harness, the reports
// and `check-tool` treat them like any built-in fix:
//   .ps1        PowerShell, on the PowerShell engine (script_fix: each top-level statement a step)
//   .cmd, .bat  cmd.exe batch files, on the batch language (cmd_fix: each statement line a step)
// Both refuse at load, with file, line and what, anything the simulator does not model; the
// training lab's console is the same engine (shell_session).
#include <string>

#include "sim/recovery/fix.hpp"

namespace cusim {

bool is_runbook_file(const std::string& path);  // .ps1, .cmd or .bat
Fix load_runbook(const std::string& path);

}  // namespace cusim
