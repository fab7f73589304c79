// The PowerShell engine's semantics against golden files, one case per file:
//   tests/powershell/run/NAME.ps1   a script of the language alone (no server): each construct
//                                   with a comment citing where PowerShell documents its result
//   tests/powershell/run/NAME.out   what the console shows when it runs: its output, error
//                                   records, and "not modelled" where the engine stops
// The host has no commands of its own, one file (C:\logs\sample.log), a fixed clock (Friday 2024-05-31 23:00:00) and the
// machine name EX01; a script may write files under C:\logs (kept in memory, as a server host keeps them). A new case is a new file; CUSIM_UPDATE_GOLDEN=1 writes the .out files.
#define BOOST_TEST_MODULE powershell_run
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>

#include "sim/core/text.hpp"
#include "sim/powershell/file_text.hpp"
#include "sim/powershell/interpreter.hpp"
#include "sim/powershell/parser.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using namespace cusim::test;
using namespace cusim::ps;

namespace {

class LanguageHost : public Host {
public:
    cusim::SimTime clock = *cusim::parse_iso_time("2024-05-31T23:00:00Z");
    std::vector<std::string> answers{"yes"};
    const HostCommand* find_command(const std::string&) const override { return nullptr; }
    std::vector<std::string> command_names() const override { return {}; }
    cusim::SimTime now() const override { return clock; }
    void sleep(long long seconds) override { clock += std::chrono::seconds(seconds); }
    std::string machine_name() const override { return "EX01"; }
    std::optional<std::string> dns_host_name(const std::string& n) const override {
        if (n == "EX01") return std::string("EX01.contoso.local");
        return std::nullopt;
    }
    std::optional<std::string> environment(const std::string& n) const override {
        if (n == "COMPUTERNAME" || n == "computername") return std::string("EX01");
        return std::nullopt;
    }
    std::optional<std::string> format_default(const Array&) const override { return std::nullopt; }
    // One file, for Get-Content, switch -File and [System.IO.File] (files.ps1); every other path is absent.
    std::optional<std::string> read_file(const std::string& path) const override {
        if (auto f = files.file(path)) return decode_file_bytes(*f);
        if (path == "C:\\logs\\sample.log") return std::string("first line\r\nKeyset does not exist\r\nthird FAILED\r\n");
        return std::nullopt;
    }
    std::optional<std::string> read_file_bytes(const std::string& path) const override {
        if (auto f = files.file(path)) return *f;
        return read_file(path);
    }
    // Writes: under C:\logs only (files.ps1, file-writes.ps1); elsewhere not modelled.
    cusim::ps::MemoryFiles files;
    void check_writable(const std::string& path) const override { writable(path); }
    static void writable(const std::string& path) {
        if (!cusim::iequals(path.substr(0, 8), "C:\\logs\\")) throw NotModelled("writing " + path + " (the test host has C:\\logs)");
    }
    bool folder_exists(const std::string& path) const {
        auto slash = path.find_last_of('\\');
        std::string parent = path.substr(0, slash);
        return cusim::iequals(parent, "C:\\logs") || files.is_directory(parent);
    }
    ItemKind item_kind(const std::string& path) const override {
        if (cusim::iequals(path, "C:\\logs") || files.is_directory(path)) return ItemKind::directory;
        return read_file(path) ? ItemKind::file : ItemKind::none;
    }
    bool write_file(const std::string& path, const std::string& bytes, bool append) override {
        writable(path);
        if (!folder_exists(path)) return false;
        files.write(path, bytes, append);
        return true;
    }
    bool create_directory(const std::string& path) override {
        writable(path);
        files.make_directory(path);
        return true;
    }
    void remove_item(const std::string& path) override {
        writable(path);
        files.remove(path);
    }
    std::optional<std::string> read_host(const std::string&) override {
        if (answers.empty()) return std::nullopt;
        std::string a = answers.front();
        answers.erase(answers.begin());
        return a;
    }
};

std::vector<std::string> cases() {
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(source_path("tests/powershell/run")))
        if (e.path().extension() == ".ps1") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Runs the script statement by statement, as a recovery run does, and returns the console.
std::string run_case(const std::string& name) {
    std::string text = read_text(source_path("tests/powershell/run/" + name + ".ps1"));
    auto parsed = std::make_shared<ParsedScript>(parse_script(name + ".ps1", text));
    if (!parsed->ok()) return "PARSE ERROR\n" + parsed->error_text();
    LanguageHost host;
    Interpreter in(host, name + ".ps1");
    std::string out;
    const auto& block = parsed->script->end_block->statements;
    for (size_t i = 0; i < block.size(); ++i) {
        try {
            in.run_top_statement(*block[i], block, i, parsed);
        } catch (const Interpreter::ExitRequested& e) {
            out += in.take_console() + "EXIT " + std::to_string(e.code) + "\n";
            return out;
        } catch (const NotModelled& e) {
            out += in.take_console() + "NOT MODELLED: " + e.text() + "\n";
            continue;
        }
        out += in.take_console();
        for (auto& u : in.take_unhandled()) out += "UNHANDLED at line " + std::to_string(u.line) + ": " + u.first_line + "\n";
    }
    return out;
}

}  // namespace

BOOST_DATA_TEST_CASE(run_case_output, boost::unit_test::data::make(cases()), name) {
    std::string actual = run_case(name);
    std::string path = source_path("tests/powershell/run/" + name + ".out");
    std::string diff = golden_diff(path, actual);
    BOOST_TEST(diff.empty(), path << " differs (CUSIM_UPDATE_GOLDEN=1 rewrites it):\n" << diff);
}

BOOST_AUTO_TEST_CASE(there_are_cases) { BOOST_TEST(cases().size() >= 8u); }
