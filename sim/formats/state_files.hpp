#pragma once
// A server state as real files, for recovery tools that are programs, not runbooks:
//
//   clock.txt                              the simulated date and time (ISO 8601, UTC)
//   certificates/<Store>/<THUMBPRINT>.cer  each certificate (DER), per store (My, Root, CA, WebHosting)
//   certificates/<Store>/<THUMBPRINT>.key  its private key (PEM, PKCS#8), when the entry has it
//   certificates/certificates.xml          CLIXML: one object per store entry (Store, Thumbprint,
//                                          FriendlyName, HasPrivateKey, KeyProvider, Exportable, ...)
//   iis/applicationHost.config             IIS sites and bindings, in IIS's format
//   netsh-http-sslcert.txt                 the http.sys SSL bindings, as `netsh http show sslcert` prints them
//   exchange/ExchangeCertificate.xml       Get-ExchangeCertificate | Export-Clixml (RawData, Services, ...)
//   exchange/AuthConfig.xml                Get-AuthConfig | Export-Clixml
//
// Importing reads them back over a base state (setup progress, receive connectors and the
// rest that is not exported come from the base). A .cer dropped into a store folder without
// an entry in certificates.xml is imported too (with its .key, if there is one).
#include <string>

#include "sim/model/server_state.hpp"

namespace cusim {

void export_state(const ServerState& state, const std::string& dir);
// A file cusim makes (a state folder, a collector folder), its folders first; a write that fails
// is an internal error (the folder was checked as writable before).
void write_file_made(const std::string& path, const std::string& bytes);
ServerState import_state(const std::string& dir, const ServerState& base);

// Parses `netsh http show sslcert` output.
std::vector<SslBinding> parse_netsh_sslcert(const std::string& text, const std::string& path);

}  // namespace cusim
