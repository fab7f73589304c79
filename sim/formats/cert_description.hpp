#pragma once
// A certificate described in JSON (subject, SANs, issuer, validity, key from the pool, ...)
// and made deterministically with the X.509 layer. Fixture descriptions and scenario
// files share this one format.
#include <map>
#include <string>
#include <vector>

#include "sim/formats/json_input.hpp"
#include "sim/x509/x509.hpp"

namespace cusim {

struct CertDescription {
    std::string id;
    CertSpec spec;
    std::string issuer_id;  // "self" or another description's id
    std::string key_id;     // a key of the pool
    std::string pointer;    // where it was described, for errors
};

const std::vector<const char*>& cert_description_members();

// `extra_members` are members the caller reads itself (a scenario's store, friendly name, ...).
CertDescription parse_cert_description(const JsonAt& at, const std::vector<const char*>& extra_members = {});

// The committed RSA keys: every *.pem in a folder, named by file stem ("key01").
using KeyPool = std::map<std::string, PrivateKey>;
KeyPool load_key_pool(const std::string& dir);

struct MadeCertificate {
    Certificate certificate;
    PrivateKey key;
};
// Makes every description, issuers before what they issue. `known` holds certificates
// (with keys) that descriptions may name as issuer, e.g. from PEM files.
std::map<std::string, MadeCertificate> make_described_certificates(
    const std::vector<CertDescription>& descriptions, const KeyPool& keys, const std::string& file,
    const std::map<std::string, MadeCertificate>& known = {});

}  // namespace cusim
