// The PowerShell front end against its golden files, one case per file:
//   tests/powershell/parse/NAME.ps1         parses without error; NAME.ast is its syntax tree
//   tests/powershell/parse-errors/NAME.ps1  does not parse; NAME.errors is every error, in
//                                           PowerShell's layout
//   tests/powershell/scripts/NAME.ps1       a recovery script as admins write them: parses without
//                                           error; NAME.summary is its summary
// A new case is a new file; CUSIM_UPDATE_GOLDEN=1 writes the expected files. Then the limits:
// deep nesting, long inputs and mangled scripts end in errors, never in a crash or a hang.
#define BOOST_TEST_MODULE powershell_parse
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>

#include "sim/powershell/ast_dump.hpp"
#include "sim/powershell/parser.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using namespace cusim::test;
using namespace cusim::ps;

namespace {

std::vector<std::string> cases(const std::string& folder) {
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(source_path("tests/powershell/" + folder)))
        if (e.path().extension() == ".ps1") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

ParsedScript parse_case(const std::string& folder, const std::string& name) {
    std::string text = read_text(source_path("tests/powershell/" + folder + "/" + name + ".ps1"));
    return parse_script(name + ".ps1", text);
}


void compare_golden(const std::string& path, const std::string& actual) {
    std::string diff = golden_diff(path, actual);
    BOOST_TEST(diff.empty(), path << " differs (CUSIM_UPDATE_GOLDEN=1 rewrites it):\n" << diff);
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

BOOST_DATA_TEST_CASE(parse_case_ast, boost::unit_test::data::make(cases("parse")), name) {
    ParsedScript parsed = parse_case("parse", name);
    BOOST_TEST_REQUIRE(parsed.ok(), name << ".ps1 does not parse:\n" << parsed.error_text());
    compare_golden(source_path("tests/powershell/parse/" + name + ".ast"), dump_ast(*parsed.script));
}

BOOST_DATA_TEST_CASE(parse_error_case, boost::unit_test::data::make(cases("parse-errors")), name) {
    ParsedScript parsed = parse_case("parse-errors", name);
    BOOST_TEST_REQUIRE(!parsed.errors.empty(), name << ".ps1 parses without error, but it is an error case");
    compare_golden(source_path("tests/powershell/parse-errors/" + name + ".errors"), parsed.error_text());
}

BOOST_DATA_TEST_CASE(corpus_script, boost::unit_test::data::make(cases("scripts")), name) {
    ParsedScript parsed = parse_case("scripts", name);
    BOOST_TEST_REQUIRE(parsed.ok(), name << ".ps1 does not parse:\n" << parsed.error_text());
    compare_golden(source_path("tests/powershell/scripts/" + name + ".summary"), summarize_script(*parsed.script));
}

BOOST_AUTO_TEST_CASE(corpus_has_twenty_scripts) { BOOST_TEST(cases("scripts").size() >= 20u); }

// The collector admins run on their servers (issue 14) is PowerShell 5.1 this front end reads
// without an error: nothing here can run it, so parsing it is the check it gets.
BOOST_AUTO_TEST_CASE(the_collector_parses) {
    auto parsed = cusim::ps::parse_script_file(source_path("collector/Export-CusimServerState.ps1"));
    BOOST_TEST(parsed.ok(), parsed.error_text());
}

// Nesting past the bound is one error and the end of the parse, for every kind of nesting.
BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_stack_overflow) {
    const std::size_t n = 100000;
    for (auto [open, close] : std::vector<std::pair<std::string, std::string>>{
             {"(", ")"}, {"$(", ")"}, {"@(", ")"}, {"{", "}"}, {"if ($x) {", "}"}, {"@{a=", "}"},
             {"\"$(", ")\""}, {"-not ", ""}, {"!", ""}, {"[int]", ""}, {",", ""}, {"$a = ", ""}, {"& {", "}"}}) {
        std::string text = repeat(open, n) + "1" + repeat(close, n);
        ParsedScript parsed = parse_script("deep.ps1", text);
        BOOST_TEST_CONTEXT(open) {
            BOOST_TEST(!parsed.errors.empty());
            bool too_deep = std::any_of(parsed.errors.begin(), parsed.errors.end(),
                                        [](const ParseError& e) { return e.id == "ScriptTooComplicated"; });
            BOOST_TEST(too_deep, parsed.error_text().substr(0, 400));
        }
    }
    ParsedScript members = parse_script("members.ps1", "$a" + repeat(".b", n));
    BOOST_TEST(members.errors.size() == 1u);
    ParsedScript strings = parse_script("strings.ps1", repeat("\"$(", 300) + repeat(")\"", 300));
    BOOST_TEST(!strings.errors.empty());
    // 99 levels are fine.
    ParsedScript fine = parse_script("fine.ps1", repeat("(", 90) + "1" + repeat(")", 90));
    BOOST_TEST(fine.ok(), fine.error_text());
}

// Length alone never makes depth: long chains are lists in the tree, walked without recursion.
BOOST_AUTO_TEST_CASE(long_inputs_parse_flat) {
    const std::size_t n = 200000;
    ParsedScript sum = parse_script("sum.ps1", "$x = 1" + repeat(" + 1", n));
    BOOST_TEST(sum.ok(), sum.error_text());
    ParsedScript pipe = parse_script("pipe.ps1", "Get-Item x" + repeat(" | Out-Null", n / 10));
    BOOST_TEST(pipe.ok(), pipe.error_text());
    ParsedScript list = parse_script("list.ps1", "$a = 1" + repeat(",1", n));
    BOOST_TEST(list.ok(), list.error_text());
    ParsedScript text = parse_script("string.ps1", "'" + repeat("x", 4 * n) + "'\n\"" + repeat("$a ", n) + "\"");
    BOOST_TEST(text.ok(), text.error_text());
    ParsedScript lines = parse_script("lines.ps1", repeat("Write-Host x\n", n / 10));
    BOOST_TEST(lines.ok());
    BOOST_TEST(dump_ast(*lines.script).size() > n);
}

// Every error of a file is reported, and a flood of them stops at the limit with PowerShell's note.
BOOST_AUTO_TEST_CASE(error_count_is_bounded) {
    ParsedScript parsed = parse_script("flood.ps1", repeat(")\n", 5000));
    BOOST_TEST(parsed.errors.size() <= 101u);
    BOOST_TEST(parsed.errors.back().id == "TooManyErrors");
}

// Mangled corpus scripts (bytes dropped, swapped, repeated; random bytes) parse to a tree or to
// errors, never a crash, and quickly.
BOOST_AUTO_TEST_CASE(mangled_scripts_never_crash) {
    std::mt19937 rng(13);
    std::vector<std::string> texts;
    for (auto folder : {"parse", "scripts"})
        for (auto& name : cases(folder)) texts.push_back(read_text(source_path("tests/powershell/" + std::string(folder) + "/" + name + ".ps1")));
    BOOST_TEST_REQUIRE(!texts.empty());
    const std::string alphabet = "(){}[]$@\"'`#<>|&;,.:-+=!*/%\n 0123456789abcdefxyz\\";
    auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < 3000; ++round) {
        std::string t = texts[rng() % texts.size()];
        int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits && !t.empty(); ++e) {
            std::size_t at = rng() % t.size();
            switch (rng() % 4) {
            case 0: t.erase(at, 1 + rng() % 20); break;
            case 1: t.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
            case 2: t[at] = static_cast<char>(rng() % 256); break;
            default: t.insert(at, t.substr(rng() % t.size(), rng() % 40)); break;
            }
        }
        ParsedScript parsed = parse_script("mangled.ps1", t);
        if (parsed.script) (void)dump_ast(*parsed.script);
        (void)parsed.error_text();
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST(seconds < 60.0);
}
