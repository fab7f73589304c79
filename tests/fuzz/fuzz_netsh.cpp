// `netsh http show sslcert` text (sim/formats/state_files: parse_netsh_sslcert, which is
// tool_output's read_netsh_sslcert, the reader `cusim import` uses too), as an
// exported state's netsh-http-sslcert.txt holds it.
#include "sim/formats/state_files.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    cusim::fuzz::expect_input_error([&] { cusim::parse_netsh_sslcert(text, "netsh-http-sslcert.txt"); });
    return 0;
}
