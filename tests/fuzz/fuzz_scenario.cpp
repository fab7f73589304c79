// Scenario files (sim/formats/scenario): the JSON, the certificates it describes or names
// (PEM/DER under fixtures/), and then the baseline run on what loaded, as `cusim simulate`
// does: the trigger's actions are parsed there, and a loaded scenario must run without a crash.
#include "sim/recovery/fix_run.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Two folders deep, as scenarios/seed/*.json: "../../fixtures/..." resolves.
    std::string path = cusim::fuzz::write_input("input/fuzz/scenario.json", data, size);
    cusim::fuzz::expect_input_error([&] {
        cusim::Scenario scenario = cusim::load_scenario(path);
        cusim::Baseline baseline = cusim::run_baseline(scenario);
        cusim::check_expectations(scenario, baseline.record, {});
    });
    return 0;
}
