#include "sim/runbook/runbook.hpp"

#include <filesystem>

#include "sim/core/text.hpp"
#include "sim/runbook/cmd_fix.hpp"
#include "sim/runbook/script_fix.hpp"

namespace cusim {

bool is_runbook_file(const std::string& path) {
    auto ext = ascii_lower(std::filesystem::path(path).extension().string());
    return ext == ".ps1" || ext == ".cmd" || ext == ".bat";
}

Fix load_runbook(const std::string& path) {
    // PowerShell scripts run on the PowerShell engine, cmd batch files on the batch language.
    if (ascii_lower(std::filesystem::path(path).extension().string()) == ".ps1") return load_script_fix(path);
    return load_cmd_fix(path);
}

}  // namespace cusim
