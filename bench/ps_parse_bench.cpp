// The PowerShell front end: tokenize and parse a script of about 200 lines, as the engine will
// for every runbook it runs (the target for the whole engine, issue 13: parse and run 200 lines
// in 1 ms or less). Numbers, not pass/fail. The script is the recovery-script corpus
// (tests/powershell/scripts), each script wrapped as a function, until it has 200 lines.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sim/powershell/ast_dump.hpp"
#include "sim/powershell/parser.hpp"

namespace {

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::size_t count_lines(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

double micros_per_op(int iterations, const std::string& text) {
    // steady_clock measures how long the code takes; no simulated date depends on it.
    using clock = std::chrono::steady_clock;
    (void)cusim::ps::parse_script("bench.ps1", text);
    auto start = clock::now();
    for (int i = 0; i < iterations; ++i) {
        auto parsed = cusim::ps::parse_script("bench.ps1", text);
        if (!parsed.ok()) std::printf("unexpected parse errors:\n%s", parsed.error_text().c_str());
    }
    return std::chrono::duration<double, std::micro>(clock::now() - start).count() / iterations;
}

}  // namespace

int main() {
    std::vector<std::filesystem::path> files;
    for (auto& e : std::filesystem::directory_iterator(std::string(CUSIM_SOURCE_DIR) + "/tests/powershell/scripts"))
        if (e.path().extension() == ".ps1") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::string script, corpus;
    int n = 0;
    for (auto& f : files) {
        std::string text = read(f);
        corpus += text;
        if (count_lines(script) < 200) script += "function Step" + std::to_string(++n) + " {\n" + text + "}\n";
    }
    std::size_t lines = count_lines(script);
    double us = micros_per_op(2000, script);
    std::printf("%-58s %10.2f us/op  (%zu lines, %zu bytes)\n", "powershell: tokenize + parse a 200-line script", us, lines,
                script.size());
    std::printf("%-58s %10.2f us\n", "powershell: the same per 200 lines", us * 200.0 / static_cast<double>(lines));
    std::size_t corpus_lines = 0;
    double corpus_us = 0;
    for (auto& f : files) {
        std::string text = read(f);
        corpus_lines += count_lines(text);
        corpus_us += micros_per_op(500, text);
    }
    std::printf("%-58s %10.2f us    (%zu scripts, %zu lines)\n", "powershell: parse every corpus script once", corpus_us,
                files.size(), corpus_lines);
    auto parsed = cusim::ps::parse_script("bench.ps1", script);
    using clock = std::chrono::steady_clock;
    auto start = clock::now();
    for (int i = 0; i < 200; ++i) (void)cusim::ps::dump_ast(*parsed.script);
    std::printf("%-58s %10.2f us/op\n", "powershell: dump the 200-line script's tree",
                std::chrono::duration<double, std::micro>(clock::now() - start).count() / 200);
}
