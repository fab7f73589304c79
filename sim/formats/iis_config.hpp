#pragma once
// IIS sites and bindings in applicationHost.config (the real file of an Exchange 2019 server is
// ../shared/data/css-exchange/E19/IIS/applicationHost.config): read, and written (its sites only).
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim {

std::vector<IisSite> read_application_host_config(const std::string& path);
std::string write_application_host_config(const std::vector<IisSite>& sites);

}  // namespace cusim
