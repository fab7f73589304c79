#pragma once
// What changed between two server states, in words an admin reads: the record of what
// a fix action or a setup run did ("http.sys 0.0.0.0:443: 1A2B... -> 3C4D...").
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim {

std::vector<std::string> describe_changes(const ServerState& before, const ServerState& after);

}  // namespace cusim
