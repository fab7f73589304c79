#pragma once
// What the query commands print, in the real tools' formats: netsh http show sslcert
// (facts.md 3), certutil -store, Get-ChildItem Cert:, Get-ExchangeCertificate,
// Get-WebBinding, Get-AuthConfig.
#include <string>
#include <vector>

#include "sim/model/server_state.hpp"

namespace cusim {

std::string netsh_show_sslcert(const ServerState& state, const std::string& ipport);  // "" = all
// One http.sys binding read back from `netsh http show sslcert`, with the line of its IP:port.
struct NetshSslBinding {
    SslBinding binding;
    int line = 0;
    // Settings netsh shows with a value other than a default IIS binding's ("Disable TLS1.3 : Set",
    // "Negotiate Client Certificate : Enabled"), each with its line: the simulation does not model
    // them, and a reader must say so rather than let them pass.
    struct Unmodelled {
        int line;
        std::string what;  // "Disable TLS1.3 : Set (line 21, the binding 0.0.0.0:443): ..."
    };
    std::vector<Unmodelled> not_modelled{};
};
// Reads the (decoded) text netsh_show_sslcert writes and netsh prints. Strict: a line that is
// not netsh's header, rule, or a field netsh prints ("name : value") is an InputError naming
// `path` and its line, as are a field outside a binding or twice in one, a binding without hash,
// application id or store, a bad hash or store, an IPv6 endpoint, and text without the header.
std::vector<NetshSslBinding> read_netsh_sslcert(const std::string& text, const std::string& path);
std::string certutil_store(const ServerState& state, StoreName store, const std::vector<const StoreEntry*>& entries);
std::string cert_drive_table(StoreName store, const std::vector<const StoreEntry*>& entries);
std::string exchange_certificate_table(const ServerState& state, const std::vector<const StoreEntry*>& entries);
std::string web_binding_table(const std::vector<IisBinding>& bindings);
std::string auth_config_list(const ServerState& state);
std::string services_flags(const std::vector<std::string>& services);  // "IP.WS.." as Get-ExchangeCertificate shows

}  // namespace cusim
