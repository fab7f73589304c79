// CLIXML of an exported state (sim/x509/clixml, read by sim/formats/state_files): the input
// replaces one of the three CLIXML files of a copy of tests/state/seed-expired-after-cu (which
// one, by its content) and the folder is imported as `cusim import-state` does.
#include <fstream>
#include <iterator>
#include <map>

#include "sim/formats/state_files.hpp"
#include "sim/formats/scenario.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string dir = cusim::fuzz::scratch_copy("tests/state/seed-expired-after-cu", "state");
    static const std::map<std::string, std::string> seed_files = [] {
        std::map<std::string, std::string> m;
        for (const char* f : {"exchange/AuthConfig.xml", "exchange/ExchangeCertificate.xml", "certificates/certificates.xml"}) {
            std::ifstream in(dir + "/" + f, std::ios::binary);
            m[f] = std::string(std::istreambuf_iterator<char>(in), {});
        }
        return m;
    }();
    static const cusim::Scenario base = cusim::load_scenario(cusim::fuzz::linked("scenarios/seed/expired-iis-cert.json"));
    std::string text(reinterpret_cast<const char*>(data), size);
    const char* file = text.find("AuthConfig") != std::string::npos            ? "exchange/AuthConfig.xml"
                       : text.find("ExchangeCertificate") != std::string::npos ? "exchange/ExchangeCertificate.xml"
                                                                                : "certificates/certificates.xml";
    cusim::fuzz::write_input(std::string("state/") + file, data, size);
    cusim::fuzz::expect_input_error([&] { cusim::import_state(dir, base.state); });
    // The next input starts from the seed's file again.
    const std::string& seed = seed_files.at(file);
    cusim::fuzz::write_input(std::string("state/") + file, reinterpret_cast<const uint8_t*>(seed.data()), seed.size());
    return 0;
}
