// The PowerShell engine: load (parse and check) and run a 200-line recovery script against one
// scenario, as check-tool does (issue 13's target: 1 ms or less). Numbers, not pass/fail. The
// script repeats a block written as admins write them (a certificate query with Where-Object,
// Sort-Object and Select-Object, a foreach with Write-Host, if/else, a hashtable, string
// formatting, a netsh rebind) until it has 200 lines; the run includes setup's rerun and the health
// checks, which an empty script's run measures alone.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "sim/formats/input_paths.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/powershell/parser.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/script_fix.hpp"

namespace {

const char* const block = R"(
$now = Get-Date
$candidates = Get-ChildItem Cert:\LocalMachine\My |
    Where-Object { $_.HasPrivateKey -and $_.NotAfter -gt $now -and $_.Subject -like "CN=mail*" } |
    Sort-Object NotAfter -Descending
$best = $candidates | Select-Object -First 1
foreach ($c in Get-ChildItem Cert:\LocalMachine\My) {
    $days = ($c.NotAfter - $now).Days
    if ($days -lt 0) { Write-Host ("{0} expired {1} days ago" -f $c.Thumbprint, -$days) }
    elseif ($days -lt 30) { Write-Host "$($c.Subject) expires soon" }
    else { $summary = @{ Thumbprint = $c.Thumbprint; Days = $days } }
}
if ($best) { netsh http update sslcert ipport=0.0.0.0:443 certhash=$($best.Thumbprint) appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}' }
)";

double micros(int iterations, const std::function<void()>& f) {
    // steady_clock measures how long the code takes; no simulated date depends on it.
    using clock = std::chrono::steady_clock;
    f();
    auto start = clock::now();
    for (int i = 0; i < iterations; ++i) f();
    return std::chrono::duration<double, std::micro>(clock::now() - start).count() / iterations;
}

}  // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 200;
    using namespace cusim;
    std::string dir = CUSIM_SOURCE_DIR;
    auto tmp = std::filesystem::temp_directory_path() / "cusim-ps-run-bench";
    std::filesystem::create_directories(tmp);
    std::string script, empty = (tmp / "empty.ps1").string(), full = (tmp / "bench.ps1").string();
    int lines = 0;
    while (lines < 200) {
        script += block;
        lines = 0;
        for (char c : script) lines += c == '\n';
    }
    std::ofstream(full) << script;
    std::ofstream(empty) << "# nothing\n";
    set_fixtures_root(dir + "/fixtures");
    Scenario scenario = load_scenario(dir + "/scenarios/seed/lets-encrypt-renewed.json");
    Baseline baseline = run_baseline(scenario);
    double load = micros(n, [&] { (void)load_script_fix(full); });
    double parse = micros(n, [&] { (void)ps::parse_script("bench.ps1", script); });
    Fix fix = load_script_fix(full), nothing = load_script_fix(empty);
    double run = micros(n, [&] { (void)run_fix(scenario, baseline, fix); });
    double run_empty = micros(n, [&] { (void)run_fix(scenario, baseline, nothing); });
    std::printf("%-58s %10.2f us/op  (%d lines, %zu statements)\n", "powershell: load a 200-line script (read, parse, check)", load,
                lines, fix.steps.size());
    std::printf("%-58s %10.2f us/op\n", "powershell: of which the parse", parse);
    std::printf("%-58s %10.2f us/op\n", "powershell: run it as a fix (with setup and the checks)", run);
    std::printf("%-58s %10.2f us/op\n", "powershell: an empty script's run (setup and the checks)", run_empty);
    std::printf("%-58s %10.2f us/op\n", "powershell: load + run, less the empty run", load + run - run_empty);
    std::filesystem::remove_all(tmp);
}
