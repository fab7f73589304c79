// Prints the time of the hot operations. Numbers, not pass/fail: speed targets live here,
// never in unit tests.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "harness/lab.hpp"
#include "harness/runner.hpp"
#include "sim/recovery/fix_run.hpp"
#include "reports/run_reports.hpp"
#include "sim/x509/cert_file.hpp"
#include "sim/runbook/runbook.hpp"
#include "sim/formats/input_paths.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/setup/setup_run.hpp"
#include "sim/x509/x509.hpp"

namespace {
void measure(const char* name, int iterations, const std::function<void()>& fn) {
    // steady_clock measures how long the code takes; no simulated date depends on it.
    using clock = std::chrono::steady_clock;
    fn();
    auto start = clock::now();
    for (int i = 0; i < iterations; ++i) fn();
    double us = std::chrono::duration<double, std::micro>(clock::now() - start).count() / iterations;
    std::printf("%-58s %10.2f us/op  (%d iterations)\n", name, us, iterations);
}
}  // namespace

int main() {
    using namespace cusim;
    std::string dir = CUSIM_SOURCE_DIR;
    // Scenarios name their certificates in the checkout's fixtures/, as the CLI's data folder has them.
    set_fixtures_root(dir + "/fixtures");
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
    measure("load scenario seed/expired-iis-cert.json", 200,
            [&] { load_scenario(dir + "/scenarios/seed/expired-iis-cert.json"); });
    Scenario failing = load_scenario(dir + "/scenarios/seed/expired-iis-cert.json");
    Scenario healthy = load_scenario(dir + "/scenarios/seed/healthy.json");
    measure("simulate CU, fails at Transport (no cert generation)", 20000, [&] { run_setup(failing.state); });
    measure("simulate CU, completes (no cert generation)", 20000, [&] { run_setup(healthy.state); });
    measure("copy a server state", 200000, [&] { ServerState copy = healthy.state; (void)copy; });
    HarnessOptions seed;
    seed.paths = {dir + "/scenarios/seed"};
    seed.fixes_dir = dir + "/scenarios/fixes";
    measure("cusim run on the seed matrix (load + 26 runs + reports)", 20, [&] {
        HarnessResult r = run_harness(seed);
        RunReportInput in{r.scenarios, r.fix_columns, r.fix_titles};
        (void)matrix_text(in);
        (void)report_json(in);
        (void)junit_xml(in);
        (void)report_markdown(in);
    });
    Fix runbook = load_runbook(dir + "/scenarios/runbooks/rebind-both-to-self-signed.ps1");
    Scenario expired = load_scenario(dir + "/scenarios/seed/expired-iis-cert.json");
    Baseline failed_cu = run_baseline(expired);
    measure("check-tool: one runbook run on one scenario (7 lines + setup)", 2000, [&] { run_fix(expired, failed_cu, runbook); });
    measure("check-tool on the seed scenarios (load + baseline + runbook)", 20,
            [&] { run_tool({dir + "/scenarios/seed"}, runbook); });
    // A trainee's whole session, as a trainer's script drives it: load, 7 commands, setup,
    // check, the final grade and both variants replayed.
    // The lab's first prompt (target 50 ms): the lesson and its variants loaded, the failed CU run,
    // the banner and the prompt printed; the end of input then ends the session with no commands.
    measure("lab: lesson loaded to the first prompt (then end of input)", 20, [&] {
        Lesson l = load_lesson(dir + "/lessons/expired-iis-cert.json");
        std::istringstream in("");
        std::ostringstream out;
        run_lab(l, in, out, LabOptions{});
    });
    Lesson lesson = load_lesson(dir + "/lessons/expired-iis-cert.json");
    std::ifstream typed_file(dir + "/tests/lab/expired-iis-cert.solution.txt");
    std::string typed((std::istreambuf_iterator<char>(typed_file)), std::istreambuf_iterator<char>());
    measure("lab: scripted expired-iis-cert session with 2 variants", 20, [&] {
        std::istringstream in(typed);
        std::ostringstream out;
        run_lab(lesson, in, out, LabOptions{});
    });
    seed.all_fixes = true;
    measure("cusim run --all-fixes on the seed scenarios (50 runs)", 20, [&] { run_harness(seed); });
    return 0;
}
