// Certificate files (sim/x509/cert_file): PEM (with a key), DER, PFX and the CLIXML of
// Get-ExchangeCertificate | Export-Clixml, told apart by their content as `cusim cert` does;
// then `cusim cert`'s report of what loaded (text and JSON) at a fixed date.
#include "reports/cert_report.hpp"
#include "sim/core/sim_time.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // ".cer": a PFX is recognised by its content (version 3), not its name.
    std::string path = cusim::fuzz::write_input("input/cert.cer", data, size);
    cusim::fuzz::expect_input_error([&] {
        // The password of fixtures/pfx/mail-contoso-2024.pfx: with it, a PFX seed decrypts.
        auto certs = cusim::load_certificate_file(path, "Contoso!2024");
        static const cusim::SimTime at = cusim::parse_iso_time_or_throw("2024-06-12T00:00:00Z", "fuzz", "");
        cusim::cert_report_text(certs, at);
        cusim::cert_report_json(certs, at).dump();
    });
    return 0;
}
