#include "sim/runbook/fix_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "sim/core/input_error.hpp"
#include "sim/core/text.hpp"
#include "sim/runbook/runbook.hpp"
#include "sim/runbook/script_fix.hpp"

namespace cusim {

Fix load_fix_file(const std::string& path) { return is_runbook_file(path) ? load_runbook(path) : load_fix(path); }

Fix load_fix_file(const std::string& path, const std::vector<std::string>& script_args, const std::vector<std::string>& answers) {
    if (script_args.empty() && answers.empty()) return load_fix_file(path);
    if (ascii_lower(std::filesystem::path(path).extension().string()) != ".ps1")
        throw InputError(path, "", script_args.empty() ? "--answers are for a PowerShell script's Read-Host (.ps1); this is not one"
                                                       : "arguments after -- are for a PowerShell script (.ps1); this is not one");
    return load_script_fix(path, script_args, answers);
}

std::vector<Fix> load_fix_catalogue(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError(dir, fs::exists(dir, ec) ? "is a file; the fix catalogue is a folder"
                                                  : "fix catalogue folder does not exist");
    std::vector<std::string> files;
    for (auto& e : fs::directory_iterator(dir))
        if ((e.path().extension() == ".json" && e.path().filename().string().find(".schema.") == std::string::npos) ||
            is_runbook_file(e.path().string()))
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::vector<Fix> fixes;
    std::map<std::string, std::string> seen;
    for (auto& f : files) {
        Fix fix = load_fix_file(f);
        if (auto it = seen.find(fix.id); it != seen.end())
            throw InputError(f, "/id", fmt::format("duplicate fix id '{}' (also in {})", fix.id, it->second));
        seen[fix.id] = f;
        fixes.push_back(std::move(fix));
    }
    std::sort(fixes.begin(), fixes.end(), [](auto& a, auto& b) { return a.id < b.id; });
    return fixes;
}

}  // namespace cusim
