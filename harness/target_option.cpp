#include "harness/target_option.hpp"

#include <fmt/format.h>

#include <vector>

#include "sim/core/did_you_mean.hpp"
#include "sim/core/input_error.hpp"
#include "sim/core/text.hpp"

namespace cusim {

const UpgradeTarget* parse_target_option(const std::string& name) {
    if (name.empty()) return nullptr;
    if (const UpgradeTarget* t = find_upgrade_target(name)) return t;
    std::vector<std::string> names;
    for (auto& t : upgrade_targets()) names.push_back(t.name);
    throw InputError("--target", fmt::format("'{}' is not a target: one of {}{}", name, join(names, ", "), did_you_mean(name, names)));
}

void apply_target_option(ExchangeConfig& ex, const UpgradeTarget* target, const std::string& where) {
    if (!target) return;
    if (std::string why = set_upgrade_target(ex, *target); !why.empty())
        throw InputError(where, fmt::format("--target {}: {}", target->name, why));
}

std::string target_description(const UpgradeTarget& target) {
    return fmt::format("Exchange {} {} ({})", version_name(target.version), target.target_name, target.build);
}

}  // namespace cusim
