#pragma once
// One run of the PowerShell engine against the simulated server: the engine, the server as its
// host, and the folder the run reads files from. A `.ps1` fix has one per run (script_fix), the
// training lab one per session (shell_session); both run statements the same way.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/powershell/interpreter.hpp"
#include "sim/runbook/server_host.hpp"

namespace cusim::runbook {

struct EngineSession {
    InputFolder folder;
    ServerHost host;
    ps::Interpreter in;
    // `folder`: where relative paths start from (the script's folder, or the lesson's);
    // `script_path`: the name error records print ("" at a console: "At line:1 char:5").
    EngineSession(InputFolder folder, const std::string& script_path) : folder(std::move(folder)), in(host, script_path) {
        auto slash = script_path.find_last_of("\\/");
        if (slash != std::string::npos) host.script_root = script_path.substr(0, slash);
    }
};

// What one top-level statement did: the result a fix step or a typed line reports, and, when the
// statement ended the script (`exit`, something not modelled, an error it did not handle), why
// no later statement of a script would run.
struct StatementOutcome {
    ActionResult result;
    std::optional<std::string> script_stopped;
    // The stop is cusim's rule of an error not handled, not the language's: a console goes on with
    // the next statement of the line (`a; b` runs b after a's red text).
    bool stopped_by_unhandled_error = false;
};

// Runs statement `index` of `script`'s top level on the server of `ctx`.
StatementOutcome run_statement(EngineSession& run, const std::shared_ptr<const ps::ParsedScript>& script, std::size_t index,
                               ActionContext& ctx);

}  // namespace cusim::runbook
