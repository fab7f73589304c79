// Prints the time of the hot operations. Numbers, not pass/fail.
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "sim/cert_file.hpp"
#include "sim/x509.hpp"

namespace {
void measure(const char* name, int iterations, const std::function<void()>& fn) {
    using clock = std::chrono::steady_clock;  // benchmarks measure durations; no simulated date depends on it
    fn();
    auto start = clock::now();
    for (int i = 0; i < iterations; ++i) fn();
    double us = std::chrono::duration<double, std::micro>(clock::now() - start).count() / iterations;
    std::printf("%-40s %10.2f us/op  (%d iterations)\n", name, us, iterations);
}
}  // namespace

int main() {
    using namespace cusim;
    std::string dir = CUSIM_SOURCE_DIR;
    Bytes pem = read_file_bytes(dir + "/fixtures/certs/mail-contoso-2023.pem");
    measure("parse PEM certificate + thumbprint", 20000, [&] { parse_certificates(pem, "bench"); });
    auto key = PrivateKey::load_file(dir + "/fixtures/keys/key01.pem");
    CertSpec spec;
    spec.subject = "CN=mail.contoso.com, O=Contoso Ltd, C=US";
    spec.dns_names = {"mail.contoso.com"};
    spec.not_before = *parse_iso_time("2024-01-01");
    spec.not_after = *parse_iso_time("2025-01-01");
    measure("make self-signed RSA-2048 certificate", 200, [&] { make_certificate(spec, key, std::nullopt); });
    measure("load E19 CLIXML export (3 certificates)", 500, [&] {
        load_certificate_file(dir + "/../shared/data/css-exchange/E19/GetExchangeCertificate.xml");
    });
    return 0;
}
