// Runbooks (sim/runbook/runbook via fix_files): a .ps1 parsed and checked at load, then run on
// the PowerShell engine on a seed scenario; a .cmd parsed and checked as a batch file, then run on
// the batch language.
#include "sim/runbook/fix_files.hpp"
#include "tests/fuzz/run_on_seed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // An input that starts as a batch file does ("::" or "@echo off") is loaded as a .cmd.
    bool cmd = size > 0 && (data[0] == ':' || data[0] == '@');
    std::string path = cusim::fuzz::write_input(cmd ? "input/fuzz/runbook.cmd" : "input/fuzz/runbook.ps1", data, size);
    cusim::fuzz::expect_input_error([&] { cusim::fuzz::run_on_seed(cusim::load_fix_file(path)); });
    return 0;
}
