// JSON fix files (sim/recovery/fix via sim/runbook/fix_files): the catalogue actions and their
// parameters, then the fix run on a seed scenario (program fixes are loaded, never run).
#include "sim/runbook/fix_files.hpp"
#include "tests/fuzz/run_on_seed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Two folders deep, as scenarios/fixes/*.json.
    std::string path = cusim::fuzz::write_input("input/fuzz/fix.json", data, size);
    cusim::fuzz::expect_input_error([&] { cusim::fuzz::run_on_seed(cusim::load_fix_file(path)); });
    return 0;
}
