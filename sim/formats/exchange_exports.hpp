#pragma once
// A real server's exports, read into a scenario (`cusim import`): the loose files of the shapes
// CSS-Exchange's HealthChecker test data uses (../shared/data/css-exchange/E19/):
//   GetExchangeCertificate.xml   Get-ExchangeCertificate | Export-Clixml: RawData (the DER) and
//                                SerializationData (MS-NRBF: Services, PrivateKeyExportable, Status, ...)
//   GetAuthConfig.xml            Get-AuthConfig | Export-Clixml
//   GetExchangeServer.xml        Get-ExchangeServer | Export-Clixml (name, FQDN, AdminDisplayVersion)
//   GetInternalTransportCertificateFromServer.xml   the internal transport certificate
//   GetTransportService.xml      (the collector) the transport service's InternalTransportCertificateThumbprint
//   IIS/applicationHost.config   the IIS sites and bindings
//   IIS/GetWebBinding.xml        Get-WebBinding | Export-Clixml (each https binding's certificateHash)
// and what collector/Export-CusimServerState.ps1 adds:
//   netsh-http-sslcert.txt       netsh http show sslcert: what http.sys serves (wins over Get-WebBinding)
//   certificates/<Store>/*.cer   every certificate of My, Root, CA, WebHosting, with certificates.csv
//   GetReceiveConnector.xml      Identity, Fqdn, TlsCertificateName, TransportRole
//   services.xml, setup-registry.xml   services' start types, setup's Watermark (assumptions: a
//                                scenario cannot hold them)
//   clock.txt                    the collection time
// Every fact records the file it came from; where the exports are silent the import assumes, and
// says so; where they disagree, it reports a finding and does not merge silently.
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.hpp"
#include "sim/formats/json_input.hpp"

namespace cusim {

struct ImportedServer {
    Json scenario;                          // a scenario document that run, simulate and preflight take
    std::vector<std::string> files;         // the files read, relative to the folder
    std::vector<std::string> facts;         // "fact: file:line"
    std::vector<std::string> assumptions;   // what the exports do not say, and what was assumed
    std::vector<std::string> findings;      // contradictions between the exports
};

// Reads the exports in `dir`. `at`: the clock to simulate at (exports carry no date of their own).
// Throws InputError naming the file and line or element for a file it cannot read; a folder with
// none of the files above is an error too.
ImportedServer import_exchange_exports(const std::string& dir, std::optional<SimTime> at);

// The Services of an Exchange certificate from the AllowedServices flags value.
std::vector<std::string> allowed_services_names(long long flags);

}  // namespace cusim
