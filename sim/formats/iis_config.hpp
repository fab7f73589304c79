#pragma once
// Reads IIS sites and bindings from applicationHost.config (the real file of an Exchange
// 2019 server is ../shared/data/css-exchange/E19/IIS/applicationHost.config).
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim {

std::vector<IisSite> read_application_host_config(const std::string& path);

}  // namespace cusim
