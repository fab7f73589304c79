#pragma once
// Reads certificates from any file an admin may hand us: PEM, DER (.cer), PKCS#12 (.pfx),
// or the CLIXML that `Get-ExchangeCertificate | Export-Clixml` writes.
#include <optional>
#include <string>
#include <vector>

#include "sim/x509/x509.hpp"

namespace cusim {

enum class CertFileFormat { pem, der, pfx, clixml };
std::string to_string(CertFileFormat f);

struct LoadedCertificate {
    Certificate certificate;
    std::optional<PrivateKey> key;  // present when the file holds the matching private key
    std::string source;             // file, and element for CLIXML
};

CertFileFormat detect_cert_file_format(const Bytes& data, const std::string& path);

// `password` is used for PFX files only.
std::vector<LoadedCertificate> load_certificate_file(const std::string& path, const std::string& password = "");

// The base64 DER of every <BA N="RawData"> in a CLIXML export, with its line number.
struct ClixmlCertificate {
    Certificate certificate;
    int line = 0;
};
std::vector<ClixmlCertificate> read_clixml_certificates(const Bytes& data, const std::string& path);

// Line number (1-based) of a byte offset, for error messages.
int line_of_offset(const Bytes& data, size_t offset);

}  // namespace cusim
