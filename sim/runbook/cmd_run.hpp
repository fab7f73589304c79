#pragma once
// The cmd.exe batch language run against the simulated server: a loaded batch file
// (CmdScript), what the simulator models of it (cmd_script_problems, at load), and one run of
// it (CmdRun), statement by statement, with cmd's variables, ERRORLEVEL, goto and call.
//
// Modelled, as cmd.exe does it (each rule cites its page in cmd_run.cpp): echo (echo., @echo
// off), rem and ::, set NAME=value and set "NAME=value", %NAME% expanded when cmd reads the
// statement (a block is read whole), %0-%9, %*, %~dp0 %~nx0 %~n0 %~f0 %~1, %ERRORLEVEL%, %DATE% and
// %TIME% from the simulated clock (en-US formats), %CD%, if [/i] [not] errorlevel N | defined V |
// a==b | a equ|neq|lss|leq|gtr|geq b, ( ) blocks, if ... ( ) else ( ), goto label and goto :eof,
// call :label args, exit /b [N], exit [N], & && ||, setlocal [enabledelayedexpansion] with !VAR!,
// endlocal, cd and pushd to the script's folder, popd, >nul 2>nul 2>&1; and the native programs of
// commands/ (netsh, certutil, iisreset, setup.exe), whose exit codes set ERRORLEVEL.
//
// One rule is cusim's, as for PowerShell scripts (script_fix.hpp): a native program that fails,
// and whose failure the script does not look at (a later || in its chain, `if errorlevel` or
// !ERRORLEVEL! in its statement, or `if errorlevel`/%ERRORLEVEL% in the statement after, read
// after it ran), stops the run and the fix is `invalid` there.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/recovery/action_catalogue.hpp"
#include "sim/runbook/cmd_parse.hpp"

namespace cusim::runbook {

struct CmdScript {
    std::string path;
    std::vector<CmdLine> lines;
    bool bat = false;                // a .bat file: a successful set leaves ERRORLEVEL alone
    std::set<std::string> assigned;  // the names (lower case) a set of the script assigns
};

CmdScript read_cmd_script(const std::string& path, const std::string& text);

// What the file uses that cmd.exe would refuse or the simulator does not model: "LINE: why",
// every one of the file.
std::vector<std::string> cmd_script_problems(const CmdScript& script);

// One run of a script on one server: made by a fix run's first step and kept for the others.
class CmdRun {
public:
    explicit CmdRun(std::shared_ptr<const CmdScript> script, const InputFolder& folder);
    ~CmdRun();
    CmdRun(const CmdRun&) = delete;

    // Runs the script from where it is while its position stays at or before line `index` of
    // script.lines (a goto back loops inside this step, a goto forward leaves later steps
    // unrun). The step's output, and ok false when it failed.
    ActionResult run_until(size_t index, ActionContext& ctx);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cusim::runbook
