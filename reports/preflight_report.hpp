#pragma once
// `cusim preflight`'s text: the verdict first, then the findings in SetupAssist's shape, the time
// bomb and the verified fixes; and the fleet's one line per server.
#include <string>

#include "sim/preflight/preflight.hpp"

namespace cusim {

std::string preflight_text(const PreflightResult& r);
std::string preflight_fleet_header();
std::string preflight_fleet_line(const std::string& where, const PreflightResult& r);

}  // namespace cusim
