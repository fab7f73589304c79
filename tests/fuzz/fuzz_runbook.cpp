// Runbooks (sim/runbook/runbook via fix_files): every line checked against the supported
// subset at load, then the runbook interpreted line by line on a seed scenario.
#include "sim/runbook/fix_files.hpp"
#include "tests/fuzz/run_on_seed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // cmd files have their own comments (rem, ::) and refuse %variables%: an input that starts
    // as a .cmd file does ("::" or "@echo off") is loaded as one.
    bool cmd = size > 0 && (data[0] == ':' || data[0] == '@');
    std::string path = cusim::fuzz::write_input(cmd ? "input/fuzz/runbook.cmd" : "input/fuzz/runbook.ps1", data, size);
    cusim::fuzz::expect_input_error([&] { cusim::fuzz::run_on_seed(cusim::load_fix_file(path)); });
    return 0;
}
