#pragma once
// What changed between two server states, in words an admin reads: the record of what
// a fix action or a setup run did ("http.sys 0.0.0.0:443: 1A2B... -> 3C4D...").
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim {

std::vector<std::string> describe_changes(const ServerState& before, const ServerState& after);

// Whether the two states agree on everything describe_changes reads, so that it has nothing to
// say: a fix run checks this after each step and copies the state for the next step's diff only
// when it is false (the copy and the diff were most of a script step's cost). Stricter than an
// empty diff (entries in the same order, no http.sys endpoint twice), never looser.
bool same_for_diff(const ServerState& a, const ServerState& b);

}  // namespace cusim
