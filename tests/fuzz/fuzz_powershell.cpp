// The PowerShell front end (sim/powershell): any text tokenizes and parses to a tree and a list of
// errors, never a crash, a hang or a stack overflow; the tree of what parsed is dumped too.
#include "sim/powershell/ast_dump.hpp"
#include "sim/powershell/parser.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    cusim::fuzz::expect_input_error([&] {
        auto parsed = cusim::ps::parse_script("input.ps1", text);
        parsed.error_text();
        if (parsed.script) cusim::ps::dump_ast(*parsed.script);
    });
    return 0;
}
