#pragma once
// `--target VERSION` of `cusim preflight` and `cusim simulate`: the CU the server takes instead of the
// one its scenario names (upgrade_targets() in sim/model/server_state.hpp, with their sources).
#include <string>

#include "sim/model/server_state.hpp"

namespace cusim {

inline constexpr const char* target_help =
    "the CU to this version instead of the scenario's own target: SE (Exchange SE RTM 15.2.2562.17), 2019-CU15, "
    "2019-CU14 or 2016-CU23; a path setup cannot take (2016 to SE, 2019 before CU14 to SE, an older build) is refused";

// The target the word names; nullptr for ""; anything else an input error with the names and the closest.
const UpgradeTarget* parse_target_option(const std::string& name);

// Makes `target` the server's CU (nothing for nullptr); a path setup cannot take is an input error naming `where`.
void apply_target_option(ExchangeConfig& ex, const UpgradeTarget* target, const std::string& where);

// "Exchange SE RTM (15.2.2562.17)"
std::string target_description(const UpgradeTarget& target);

}  // namespace cusim
