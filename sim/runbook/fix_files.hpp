#pragma once
// Fix files of every kind: a JSON fix (actions or a program) or a runbook (.ps1, .cmd, .bat).
// This sits above both loaders, so that neither needs the other.
#include <string>
#include <vector>

#include "sim/recovery/fix.hpp"

namespace cusim {

// One fix file, by its extension.
Fix load_fix_file(const std::string& path);
// With arguments for a PowerShell script's param() block and the answers its Read-Host gets (an
// input error for any other kind of file).
Fix load_fix_file(const std::string& path, const std::vector<std::string>& script_args, const std::vector<std::string>& answers = {});
// Every fix file in a folder (*.json but schemas, and runbooks), sorted by id; duplicate ids are an error.
std::vector<Fix> load_fix_catalogue(const std::string& dir);

}  // namespace cusim
