#pragma once
// The catalogue of recovery actions a fix is made of: IIS Manager, netsh http, certlm.msc,
// certutil, the Exchange cmdlets, the clock, reboot, setup. Each action is parsed once
// (bad parameters are input errors) and then applied to a server state, printing what the
// real tool prints, including its real error when it cannot run.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/formats/input_paths.hpp"
#include "sim/formats/json_input.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/model/server_state.hpp"

namespace cusim {

// How a program fix runs (program_fix.hpp): fenced by bubblewrap, unless the command line said
// --unfenced. Passed down with each run, so two runs of one process may differ.
struct ProgramFence {
    bool unfenced = false;
    std::string bwrap = "/usr/bin/bwrap";  // tests name a missing file to see the refusal
};

struct ActionContext {
    ServerState& state;
    const Scenario& scenario;  // the original state (restore from backup) and certificate ids
    ProgramFence fence{};
    // A PowerShell script fix's engine (its variables, functions and host), made by its first
    // step and kept for the steps after it in this run only (sim/runbook/script_fix.cpp).
    std::shared_ptr<void> script_run{};
    // C:\ExchangeSetupLogs\ExchangeSetup.log as this run's setup runs wrote it so far (the run
    // record's log), for a script that reads it; null where no CU ran (the lab, a trigger).
    const std::string* setup_log = nullptr;
};

struct ActionResult {
    bool ok = true;
    std::string output;  // what the tool printed, or its error
    // A run-setup action whose setup failed: the fix `fails` (setup still fails), it is not `invalid`.
    std::string setup_failed_step{};
    std::string setup_error{};
    std::string setup_log{};
    // When set, what a failed step's verdict quotes instead of all it printed (a script's error
    // record takes several lines; the report names its message).
    std::string error_summary{};
    // The step stopped on something the simulator does not model (error_summary says what, with
    // the file, line and column): the run's outcome is unmodelled, not invalid.
    bool not_modelled = false;
};

using ActionFn = std::function<ActionResult(ActionContext&)>;

struct ActionDef {
    std::string name;     // "iis-edit-binding"
    std::string tool;     // "IIS Manager"
    std::string summary;  // one line for `cusim fixes --actions`
    std::function<ActionFn(const JsonAt& params, const InputFolder& folder)> parse;
};

const std::vector<ActionDef>& action_catalogue();
const ActionDef* find_action(const std::string& name);

// Parses and runs one catalogue action with parameters built at run time (the runbook
// interpreter's path to the shared actions); bad parameters come back as a failed result.
ActionResult run_action(const std::string& name, const Json& params, ActionContext& ctx, const InputFolder& folder);

// The error of an Exchange cmdlet when management is unusable (after a failed CU), or nothing.
std::optional<ActionResult> exchange_cmdlet_unavailable(const ServerState& state, const std::string& cmdlet);

}  // namespace cusim
