#pragma once
// A fix that is an external program: cusim exports the state as files (state_files.hpp)
// into a fresh temporary folder, runs the program there (working directory and
// CUSIM_STATE = the folder), reads the folder back, and setup runs again. Whatever the
// program leaves broken is the fix's verdict (invalid, with the file and line), never a crash.
//
// The program runs fenced (README, "What a program fix may and may not do"): bubblewrap gives
// it namespaces of its own (user, PID, network, IPC, UTS, mount), a read-only view of the
// machine where only the state folder and its TMPDIR are writable, no capabilities, a clean
// environment, resource limits, and the whole tree dies at the timeout. Where bubblewrap
// cannot run, a program fix is refused (invalid, saying why) unless ProgramFence::unfenced.
#include <string>
#include <vector>

#include "sim/recovery/fix.hpp"

namespace cusim {

FixStep make_program_step(const std::vector<std::string>& argv, int timeout_seconds, const std::string& fix_path);

// Whether bubblewrap at `bwrap` can fence a program on this machine: probed once per process
// and path (a run of /bin/true with the fence's options). `why` says what failed.
struct FenceStatus {
    bool available = false;
    std::string why;
};
FenceStatus program_fence_status(const std::string& bwrap = ProgramFence{}.bwrap);

// The environment a program fix gets, and nothing else (state = CUSIM_STATE, tmp = TMPDIR and HOME).
std::vector<std::string> program_environment(const std::string& state, const std::string& tmp);

// Removes the `cusim-state-<pid>-XXXXXX` folders in `dir` that a cusim which no longer runs
// left behind (killed before it could clean up): only real folders (not symlinks) owned by
// this user, whose pid is not alive and whose lock nobody holds. Returns how many it removed.
// Called once per process, before the first program fix makes its folder.
int remove_stale_state_folders(const std::string& dir);

// What is kept of a program's output.
constexpr size_t program_output_limit = 64 * 1024;

}  // namespace cusim
