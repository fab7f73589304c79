#pragma once
// A small RAII wrapper over OpenSSL's X.509, keys and PKCS#12. No naked X509* or
// EVP_PKEY* leaves this module. Certificate and PrivateKey are immutable values that
// share their OpenSSL object, so copying a server state that holds hundreds of them
// costs one reference count each.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/sim_time.hpp"

namespace cusim {

using Bytes = std::vector<unsigned char>;

class PrivateKey {
public:
    struct Impl;
    explicit PrivateKey(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

    static PrivateKey from_pem(const std::string& pem, const std::string& source_name);
    static PrivateKey load_file(const std::string& path);

    std::string algorithm() const;  // "RSA", "EC", ...
    const std::string& fingerprint() const;  // SHA-1 of the public key (upper-case hex)
    int bits() const;
    std::string to_pem() const;     // unencrypted PKCS#8
    const Impl& impl() const { return *impl_; }

private:
    std::shared_ptr<Impl> impl_;
};

struct BasicConstraints {
    bool is_ca = false;
    std::optional<long> path_length;  // absent = "None"
};

class Certificate {
public:
    struct Impl;
    explicit Certificate(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

    static Certificate from_der(const Bytes& der, const std::string& source_name);
    static Certificate from_pem(const std::string& pem, const std::string& source_name);
    static Certificate from_base64_der(const std::string& b64, const std::string& source_name);

    const Bytes& der() const;
    std::string to_pem() const;
    const std::string& thumbprint() const;  // SHA-1 of the DER, 40 upper-case hex digits

    const std::string& subject() const;     // "CN=mail.contoso.com, O=Contoso, C=US" (Windows order)
    const std::string& issuer() const;
    const std::string& common_name() const;        // first CN, or ""
    const std::vector<std::string>& dns_names() const;  // SAN dNSName entries, in order
    std::string serial_number() const;      // upper-case hex of the DER INTEGER content
    SimTime not_before() const;
    SimTime not_after() const;
    std::string key_algorithm() const;      // "RSA"
    int key_bits() const;
    std::string signature_algorithm() const;  // Windows names: sha256RSA, sha1RSA, ...
    std::vector<std::string> key_usage() const;  // Windows names: "Digital Signature", ...
    std::vector<std::string> extended_key_usage() const;  // OIDs, e.g. "1.3.6.1.5.5.7.3.1"
    BasicConstraints basic_constraints() const;
    bool is_self_signed() const;  // issuer == subject and the signature verifies with its own key
    bool is_valid_at(SimTime t) const { return not_before() <= t && t <= not_after(); }
    bool matches_key(const PrivateKey& key) const;
    bool issued_by(const Certificate& issuer) const;  // names chain and signature verifies

    bool operator==(const Certificate& o) const { return thumbprint() == o.thumbprint(); }
    const Impl& impl() const { return *impl_; }

private:
    std::shared_ptr<const Impl> impl_;
};

// Windows' display name for a well-known EKU OID ("Server Authentication"), or the OID itself.
std::string eku_display_name(const std::string& oid);

// Every certificate in a file or buffer: PEM (one or more blocks) or DER.
std::vector<Certificate> load_certificates_file(const std::string& path);
std::vector<Certificate> parse_certificates(const Bytes& data, const std::string& source_name);

struct Pkcs12Contents {
    std::optional<Certificate> certificate;  // the one that matches the key
    std::optional<PrivateKey> key;
    std::vector<Certificate> extra;          // chain certificates
};
Pkcs12Contents load_pkcs12_file(const std::string& path, const std::string& password);
Pkcs12Contents parse_pkcs12(const Bytes& data, const std::string& password, const std::string& source_name);
Bytes make_pkcs12(const Certificate& cert, const PrivateKey& key, const std::vector<Certificate>& chain,
                  const std::string& password, const std::string& friendly_name);

// Chain building at a simulated instant.
enum class ChainStatus { ok, expired, not_yet_valid, expired_intermediate, untrusted_root, incomplete_chain,
                         bad_signature, other };
struct ChainResult {
    ChainStatus status = ChainStatus::other;
    std::string reason;               // OpenSSL's text, plus which certificate
    int depth = 0;                    // where it failed (0 = the leaf)
    std::vector<Certificate> chain;   // leaf first, as far as it was built
    bool ok() const { return status == ChainStatus::ok; }
};
std::string to_string(ChainStatus s);
ChainResult verify_chain(const Certificate& leaf, const std::vector<Certificate>& roots,
                         const std::vector<Certificate>& intermediates, SimTime at);

// Making certificates, deterministically: the same key, spec and issuer give the same bytes.
struct CertSpec {
    std::string subject;                     // Windows form, e.g. "CN=mail.contoso.com, O=Contoso, C=US"
    std::vector<std::string> dns_names;      // SAN dNSName entries
    SimTime not_before{};
    SimTime not_after{};
    std::string serial_hex = "01";
    std::vector<std::string> key_usage;      // Windows names ("Digital Signature", "Key Encipherment", ...)
    std::vector<std::string> extended_key_usage;  // OIDs or names ("Server Authentication")
    std::optional<BasicConstraints> basic_constraints;
    std::string signature_hash = "sha256";   // sha1, sha256, sha384, sha512
};
// issuer == nullopt: self-signed with `key`. A spec that cannot be encoded (a subject that is
// not a distinguished name, a name that is not UTF-8 text, a bad serial) throws
// std::invalid_argument with the reason: callers that make certificates from what a user
// typed turn it into that user's error (an input error, or the tool's failure).
Certificate make_certificate(const CertSpec& spec, const PrivateKey& subject_key,
                             const std::optional<std::pair<Certificate, PrivateKey>>& issuer);

Bytes read_file_bytes(const std::string& path);
// A text file (JSON, CLIXML, XML, netsh output, a runbook, clock.txt) as UTF-8 with LF line ends,
// whatever Windows wrote: UTF-8 with or without BOM, UTF-16LE/BE (sim/core/text_decode.hpp).
std::string read_text_file(const std::string& path);
// Bytes of a file that is either binary (DER, PFX) or text (PEM, CLIXML): UTF-16 text decoded to
// UTF-8, anything else unchanged.
Bytes utf8_if_utf16(const Bytes& data, const std::string& path);
std::string base64_encode(const Bytes& data);
std::optional<Bytes> base64_decode(const std::string& text);

}  // namespace cusim
