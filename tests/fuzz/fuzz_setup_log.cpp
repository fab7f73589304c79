// A real ExchangeSetup.log (sim/formats/setup_log, sim/review): the reader (encodings, runs,
// continuation lines), the last run's facts and SetupLogReviewer's known-issue checks, which
// search every line with text patterns (no regex: a long line must not exhaust the stack).
#include "sim/formats/setup_log.hpp"
#include "sim/review/known_issues.hpp"
#include "sim/review/run_facts.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    cusim::fuzz::expect_input_error([&] {
        cusim::ParsedSetupLog log = cusim::parse_setup_log(text, "ExchangeSetup.log");
        cusim::RunFacts facts = cusim::last_run_facts(log);
        (void)cusim::find_known_issue(log, facts);
    });
    return 0;
}
