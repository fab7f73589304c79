#pragma once
// Helpers that keep each test short: paths into the source tree, running the cusim
// binary, and a readable line diff for golden comparisons.
#include <string>
#include <vector>

namespace cusim::test {

std::string source_path(const std::string& relative);  // CUSIM_SOURCE_DIR/relative
std::string shared_dir();                               // ../shared beside the checkout, or $CUSIM_SHARED_DIR
std::string shared_path(const std::string& relative);  // a path in it
// A test that reads third-party data from ../shared calls this first: when `relative` is not
// there (a user's clone has nothing beside it), it says so and exits 77, which CTest shows as
// "Skipped" (SKIP_RETURN_CODE, tests/CMakeLists.txt).
void require_shared(const std::string& relative);
constexpr int skip_exit_code = 77;
// A test of program fixes run fenced calls this first: where bubblewrap cannot run here (not
// installed, or no namespaces for this user), it says why and exits 77 (CTest: "Skipped").
void require_fence();
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout, then stderr
};
// Runs `cusim ARGS` with the source tree as working directory; `env` is a list of NAME=value
// set for that command only.
CommandResult run_cusim(const std::vector<std::string>& args, const std::string& workdir = "",
                        const std::string& stdin_file = "", const std::vector<std::string>& env = {});
CommandResult run_command(const std::string& shell_command);
// Validates JSON files (or every file of a folder) against a schema of the source tree, with
// tests/validate_scenarios.py (Debian's python3-jsonschema). `schema` is relative to the source tree.
CommandResult validate_json(const std::string& schema, const std::string& file_or_folder);

// "" when equal; otherwise a unified-style diff of the lines (- expected, + actual).
std::string line_diff(const std::string& expected, const std::string& actual);

// True when CUSIM_UPDATE_GOLDEN=1: golden tests rewrite their expected files instead of failing.
bool update_golden();
// The line diff of `actual` against the golden file at `path`, "" when they agree; under
// CUSIM_UPDATE_GOLDEN=1 it writes the file and returns "".
std::string golden_diff(const std::string& path, const std::string& actual);

// UTF-8 text as Windows PowerShell 5.1's Out-File and Export-Clixml write it: UTF-16LE with a BOM
// (or big-endian with `big_endian`). A UTF-8 BOM at the start is dropped, CRLF kept as it is.
std::string to_utf16(const std::string& utf8, bool big_endian = false);

// A fresh empty folder under the build tree's temp area.
std::string make_temp_dir(const std::string& name);

}  // namespace cusim::test
