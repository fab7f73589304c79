#pragma once
// The simulated cumulative update: the steps of real setup in order, the certificate
// tasks against the fake stores, the console and ExchangeSetup.log, and the state the
// run leaves behind (half-upgraded after a failure, resumable from the watermark).
#include <optional>
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"
#include "sim/setup/setup_texts.hpp"

namespace cusim {

struct SetupError {
    std::string step;           // console step, e.g. "Mailbox role: Transport service"
    std::string task_id;        // the [ERROR-REFERENCE] Id, also the watermark
    texts::ExceptionText exception;
};

struct SetupResult {
    bool completed = false;
    std::optional<SetupError> error;
    std::string console;                 // what setup printed
    std::string log;                     // this run's part of ExchangeSetup.log
    std::vector<std::string> changes;    // what setup changed in the state, besides progress
    ServerState state;                   // the state after the run
    bool resumed = false;                // the run resumed from a watermark
};

struct SetupOptions {
    int console_width = 80;
    // false: no console and no ExchangeSetup.log are written; the verdict, the error and the state
    // after the run are the same. For callers that only judge the run (preflight, cusim explore):
    // the texts are most of a run's cost.
    bool texts = true;
};

// `before` by value: a caller done with its state moves it in instead of paying for a copy.
SetupResult run_setup(ServerState before, const SetupOptions& options = {});

}  // namespace cusim
