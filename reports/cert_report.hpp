#pragma once
// `cusim cert` output: the Get-ExchangeCertificate | Format-List view, as text or JSON.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/x509/cert_file.hpp"

namespace cusim {

std::string cert_report_text(const std::vector<LoadedCertificate>& certs, std::optional<SimTime> at);
nlohmann::ordered_json cert_report_json(const std::vector<LoadedCertificate>& certs, std::optional<SimTime> at);

}  // namespace cusim
