#pragma once
// The action catalogue is filled from one file per tool the admin holds; each adds its
// actions to the table. A new action of a tool touches that tool's file only.
#include <vector>

#include "sim/recovery/action_catalogue.hpp"

namespace cusim {

void add_iis_manager_actions(std::vector<ActionDef>& catalogue);       // iis_manager.cpp
void add_netsh_http_actions(std::vector<ActionDef>& catalogue);        // netsh_http.cpp
void add_certificates_actions(std::vector<ActionDef>& catalogue);      // certificates.cpp: certlm.msc, certutil
void add_exchange_cmdlets_actions(std::vector<ActionDef>& catalogue);  // exchange_cmdlets.cpp
void add_services_actions(std::vector<ActionDef>& catalogue);          // services.cpp: services, iisreset, reboot
void add_clock_actions(std::vector<ActionDef>& catalogue);             // clock.cpp
void add_setup_exe_actions(std::vector<ActionDef>& catalogue);         // setup_exe.cpp
void add_backup_actions(std::vector<ActionDef>& catalogue);            // backup.cpp

}  // namespace cusim
