#include "tests/fuzz/support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sim/formats/input_paths.hpp"

namespace cusim::fuzz {
namespace fs = std::filesystem;

namespace {
// One folder per process: libFuzzer's -jobs and -fork run several processes at once.
const fs::path& root() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("cusim-fuzz-" + std::to_string(getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        for (const char* name : {"fixtures", "scenarios", "lessons"})
            fs::create_directory_symlink(fs::path(CUSIM_SOURCE_DIR) / name, d / name);
        // The trusted fixtures folder, as the cusim command sets it from its data folder.
        set_fixtures_root((fs::path(CUSIM_SOURCE_DIR) / "fixtures").string());
        // A crash skips this (the folder is left behind: scripts/fuzz points TMPDIR at build-fuzz/).
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(root(), ec);
        });
        return d;
    }();
    return dir;
}
}  // namespace

std::string write_input(const std::string& relative, const uint8_t* data, size_t size) {
    fs::path p = root() / relative;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    out.close();
    if (!out) report_and_abort("cannot write the fuzz input", p.string());
    return p.string();
}

std::string linked(const std::string& relative) { return (root() / relative).string(); }

std::string scratch_copy(const std::string& source_relative, const std::string& relative) {
    fs::path to = root() / relative;
    if (!fs::exists(to)) {
        fs::create_directories(to.parent_path());
        fs::copy(fs::path(CUSIM_SOURCE_DIR) / source_relative, to, fs::copy_options::recursive);
    }
    return to.string();
}

void report_and_abort(const char* what_kind, const std::string& detail) {
    std::fprintf(stderr, "\ncusim fuzz: not an InputError: %s: %s\n", what_kind, detail.c_str());
    std::abort();
}

}  // namespace cusim::fuzz
