#pragma once
// A fix that is an external program: cusim exports the state as files (state_files.hpp)
// into a fresh temporary folder, runs the program there (working directory and
// CUSIM_STATE = the folder, its own TMPDIR, a timeout, no network where the machine can
// isolate it), reads the folder back, and setup runs again. Whatever the program leaves
// broken is the fix's verdict (invalid, with the file and line), never a crash.
#include <string>
#include <vector>

#include "sim/recovery/fix.hpp"

namespace cusim {

FixStep make_program_step(const std::vector<std::string>& argv, int timeout_seconds, const std::string& fix_path);

}  // namespace cusim
