#pragma once
// What the query commands print, in the real tools' formats: netsh http show sslcert
// (facts.md 3), certutil -store, Get-ChildItem Cert:, Get-ExchangeCertificate,
// Get-WebBinding, Get-AuthConfig.
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim {

std::string netsh_show_sslcert(const ServerState& state, const std::string& ipport);  // "" = all
std::string certutil_store(const ServerState& state, StoreName store, const std::vector<const StoreEntry*>& entries);
std::string cert_drive_table(StoreName store, const std::vector<const StoreEntry*>& entries);
std::string exchange_certificate_table(const ServerState& state, const std::vector<const StoreEntry*>& entries);
std::string web_binding_table(const std::vector<IisBinding>& bindings);
std::string auth_config_list(const ServerState& state);
std::string services_flags(const std::vector<std::string>& services);  // "IP.WS.." as Get-ExchangeCertificate shows

}  // namespace cusim
