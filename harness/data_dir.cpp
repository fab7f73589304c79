#include "harness/data_dir.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <optional>

#include "sim/core/input_error.hpp"

#ifndef CUSIM_INSTALL_DATA_REL
#define CUSIM_INSTALL_DATA_REL "../share/cusim"
#endif

namespace cusim {
namespace fs = std::filesystem;

namespace {
std::string override_dir;

struct Found {
    fs::path dir;       // empty: not found
    std::string how;    // where it came from, or where we looked
};

bool holds_data(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "scenarios" / "fixes", ec);
}

std::optional<fs::path> executable_folder() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return std::nullopt;
    return exe.parent_path();
}

Found find_data_dir() {
    auto named = [](const std::string& dir, const std::string& by) {
        if (!holds_data(dir))
            throw InputError(dir, fmt::format("named by {} as cusim's data folder, but it has no scenarios/fixes/", by));
        return Found{fs::path(dir), by};
    };
    if (!override_dir.empty()) return named(override_dir, "--data-dir");
    if (const char* env = std::getenv("CUSIM_DATA_DIR"); env && *env) return named(env, "CUSIM_DATA_DIR");
    std::vector<std::string> looked;
    if (auto bin = executable_folder()) {
        fs::path installed = (*bin / CUSIM_INSTALL_DATA_REL).lexically_normal();
        if (holds_data(installed)) return {installed, "installed beside the executable"};
        looked.push_back(installed.string());
        fs::path marker = *bin / "cusim-data-dir.txt";
        if (std::ifstream in(marker); in) {
            std::string source;
            std::getline(in, source);
            if (holds_data(source)) return {fs::path(source), "the build tree's source folder"};
            looked.push_back(source);
        }
    }
    return {{}, fmt::format("looked in {}", looked.empty() ? std::string("nothing (no /proc/self/exe)")
                                                           : fmt::format("{}", fmt::join(looked, " and ")))};
}

const Found& data_dir() {
    static const Found found = find_data_dir();
    return found;
}
}  // namespace

void set_data_dir_override(const std::string& dir) { override_dir = dir; }

std::string data_path(const std::string& relative) {
    const Found& found = data_dir();
    if (found.dir.empty())
        throw InputError(relative, fmt::format("cusim cannot find its data folder ({}); give the path, or set "
                                               "CUSIM_DATA_DIR or --data-dir",
                                               found.how));
    fs::path full = fs::absolute(found.dir / relative).lexically_normal();
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    if (!ec) {
        fs::path rel = fs::weakly_canonical(full, ec).lexically_relative(fs::weakly_canonical(cwd, ec));
        if (!ec && !rel.empty() && *rel.begin() != "..") return rel.string();
    }
    return full.string();
}

std::string data_dir_description() {
    try {
        const Found& found = data_dir();
        if (found.dir.empty()) return "data folder: not found (" + found.how + ")";
        return fmt::format("data folder: {} ({})", fs::absolute(found.dir).lexically_normal().string(), found.how);
    } catch (const InputError& e) {
        return std::string("data folder: ") + e.what();
    }
}

}  // namespace cusim
