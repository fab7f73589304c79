// IIS's applicationHost.config (sim/formats/iis_config): sites and bindings.
#include "sim/formats/iis_config.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string path = cusim::fuzz::write_input("input/applicationHost.config", data, size);
    cusim::fuzz::expect_input_error([&] { cusim::read_application_host_config(path); });
    return 0;
}
