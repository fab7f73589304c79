#include "sim/x509/x509.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "sim/core/input_error.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_decode.hpp"
#include "sim/core/memo.hpp"

namespace cusim {

namespace {

void CRYPTO_free_ptr(void* p) { OPENSSL_free(p); }

template <auto Fn>
struct Deleter {
    template <class T>
    void operator()(T* p) const { Fn(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using GenNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME_free>>;

struct X509StackDeleter {
    void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

// OpenSSL's error queue as one line, and cleared so it cannot leak into the next call.
std::string openssl_errors() {
    std::string out;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!out.empty()) out += "; ";
        out += buf;
    }
    return out;
}

std::string hex_upper(const unsigned char* p, size_t n) {
    static const char* digits = "0123456789ABCDEF";
    std::string s;
    s.reserve(n * 2);
    for (size_t i = 0; i < n; ++i) {
        s += digits[p[i] >> 4];
        s += digits[p[i] & 15];
    }
    return s;
}

// Windows' short names for the attribute types of a distinguished name.
std::string windows_attr_name(int nid) {
    switch (nid) {
        case NID_commonName: return "CN";
        case NID_organizationalUnitName: return "OU";
        case NID_organizationName: return "O";
        case NID_localityName: return "L";
        case NID_stateOrProvinceName: return "S";
        case NID_countryName: return "C";
        case NID_pkcs9_emailAddress: return "E";
        case NID_domainComponent: return "DC";
        case NID_streetAddress: return "STREET";
        case NID_serialNumber: return "SERIALNUMBER";
        case NID_givenName: return "G";
        case NID_surname: return "SN";
        case NID_title: return "T";
        default: {
            const char* sn = OBJ_nid2sn(nid);
            return sn ? sn : "OID";
        }
    }
}

int nid_from_windows_attr(const std::string& name) {
    static const std::map<std::string, int> names = {
        {"CN", NID_commonName},      {"OU", NID_organizationalUnitName}, {"O", NID_organizationName},
        {"L", NID_localityName},     {"S", NID_stateOrProvinceName},     {"ST", NID_stateOrProvinceName},
        {"C", NID_countryName},      {"E", NID_pkcs9_emailAddress},      {"DC", NID_domainComponent},
        {"STREET", NID_streetAddress}, {"SERIALNUMBER", NID_serialNumber}, {"G", NID_givenName},
        {"SN", NID_surname},         {"T", NID_title}};
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    auto it = names.find(upper);
    return it == names.end() ? NID_undef : it->second;
}

std::string asn1_string_utf8(const ASN1_STRING* s) {
    unsigned char* out = nullptr;
    int n = ASN1_STRING_to_UTF8(&out, s);
    if (n < 0) return {};
    std::string r(reinterpret_cast<char*>(out), size_t(n));
    OPENSSL_free(out);
    return r;
}

// Windows (CertNameToStr with CERT_X500_NAME_STR) lists RDNs last-to-first, joined by
// ", ", and quotes a value that holds a separator.
std::string windows_name(const X509_NAME* name) {
    std::string out;
    for (int i = X509_NAME_entry_count(name) - 1; i >= 0; --i) {
        const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
        std::string value = asn1_string_utf8(X509_NAME_ENTRY_get_data(e));
        if (value.find_first_of(",+=\"\n<>#;") != std::string::npos || value.empty() || value.front() == ' ' ||
            value.back() == ' ') {
            std::string q = "\"";
            for (char c : value) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
            value = q + "\"";
        }
        if (!out.empty()) out += ", ";
        out += windows_attr_name(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e))) + "=" + value;
    }
    return out;
}

// Parses "CN=a, O=\"b, c\", C=US" (Windows order) into a name in DER order.
NamePtr parse_windows_name(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> parts;
    size_t i = 0;
    auto skip_space = [&] { while (i < text.size() && text[i] == ' ') ++i; };
    while (true) {
        skip_space();
        if (i >= text.size()) break;
        size_t eq = text.find('=', i);
        if (eq == std::string::npos) throw std::invalid_argument("'" + text + "' is not a distinguished name");
        std::string key = text.substr(i, eq - i);
        while (!key.empty() && key.back() == ' ') key.pop_back();
        i = eq + 1;
        skip_space();
        std::string value;
        if (i < text.size() && text[i] == '"') {
            ++i;
            while (i < text.size()) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') { value += '"'; i += 2; continue; }
                    ++i;
                    break;
                }
                value += text[i++];
            }
            skip_space();
            if (i < text.size() && text[i] != ',') throw std::invalid_argument("'" + text + "': text after a quoted value");
        } else {
            size_t comma = text.find(',', i);
            value = text.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
            while (!value.empty() && value.back() == ' ') value.pop_back();
            i = comma == std::string::npos ? text.size() : comma;
        }
        if (i < text.size() && text[i] == ',') ++i;
        parts.emplace_back(key, value);
    }
    if (parts.empty()) throw std::invalid_argument("empty distinguished name");
    NamePtr name(X509_NAME_new());
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        int nid = nid_from_windows_attr(it->first);
        if (nid == NID_undef) throw std::invalid_argument("unknown name attribute '" + it->first + "' in '" + text + "'");
        int type = nid == NID_countryName ? V_ASN1_PRINTABLESTRING : MBSTRING_UTF8;
        if (!X509_NAME_add_entry_by_NID(name.get(), nid, type,
                                        reinterpret_cast<const unsigned char*>(it->second.c_str()), -1, -1, 0)) {
            openssl_errors();
            throw std::invalid_argument("bad value for " + it->first + " in '" + text + "'");
        }
    }
    return name;
}

SimTime asn1_to_sim_time(const ASN1_TIME* t) {
    struct tm tm {};
    ASN1_TIME_to_tm(t, &tm);
    using namespace std::chrono;
    year_month_day ymd{year{tm.tm_year + 1900}, month{unsigned(tm.tm_mon + 1)}, day{unsigned(tm.tm_mday)}};
    return SimTime{sys_days{ymd} + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec}};
}

void ensure_providers_loaded() {
    // Windows exports PFX files with RC2/3DES, which OpenSSL 3 keeps in the legacy provider.
    // Loaded once, unloaded at exit so that leak checkers see a clean process.
    struct Providers {
        OSSL_PROVIDER* legacy = OSSL_PROVIDER_load(nullptr, "legacy");
        OSSL_PROVIDER* standard = OSSL_PROVIDER_load(nullptr, "default");
        Providers() { ERR_clear_error(); }
        ~Providers() {
            if (legacy) OSSL_PROVIDER_unload(legacy);
            if (standard) OSSL_PROVIDER_unload(standard);
        }
    };
    static Providers providers;
}

}  // namespace

struct PrivateKey::Impl {
    PkeyPtr pkey;
    std::string fingerprint;  // SHA-1 of the public key's DER: what a certificate made with it depends on
};

struct Certificate::Impl {
    X509Ptr x509;
    Bytes der;
    std::string thumbprint;
    // Read once: setup steps and reports ask for these on every run.
    std::string subject, issuer;
    SimTime not_before, not_after;
    // Asked for on every run by the health checks and setup's rules (28,000 SAN parses and 270
    // signature checks for 1,000 scenarios): worked out once, on first use, by whichever thread
    // asks first. The certificate never changes, so the answer never does.
    mutable std::once_flag names_once;
    mutable std::string common_name;
    mutable std::vector<std::string> dns_names;
    mutable std::once_flag self_signed_once;
    mutable bool self_signed = false;
};

// ---------------------------------------------------------------- helpers

Bytes read_file_bytes(const std::string& path) {
    // Opened once, then asked what it is: a folder opens on Linux and fails only at the first
    // read, inside libstdc++; a FIFO would block for ever and /dev/zero never end. Only a regular
    // file of a sane size is input (issue 18).
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT) throw InputError(path, "cannot open file");
        throw InputError(path, std::string("cannot open file: ") + std::strerror(err));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        bool folder = S_ISDIR(st.st_mode);
        ::close(fd);
        throw InputError(path, folder ? "is a folder; a file was expected here"
                                      : "is not a regular file (a device, a pipe or a socket)");
    }
    constexpr off_t largest_input = off_t(256) << 20;
    if (st.st_size > largest_input) {
        ::close(fd);
        throw InputError(path, fmt::format("is {} MiB; cusim reads input files of at most 256 MiB", st.st_size >> 20));
    }
    Bytes data(size_t(st.st_size));
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::read(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int err = n < 0 ? errno : 0;
            ::close(fd);
            if (n == 0) {  // the file shrank while we read it
                data.resize(done);
                return data;
            }
            throw InputError(path, std::string("cannot read the file: ") + std::strerror(err));
        }
        done += size_t(n);
    }
    ::close(fd);
    return data;
}

std::string read_text_file(const std::string& path) {
    Bytes data = read_file_bytes(path);
    return decode_text(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), path).utf8;
}

Bytes utf8_if_utf16(const Bytes& data, const std::string& path) {
    std::string_view view(reinterpret_cast<const char*>(data.data()), data.size());
    if (!is_utf16(view)) return data;
    std::string text = decode_text(view, path).utf8;
    return Bytes(text.begin(), text.end());
}

std::string base64_encode(const Bytes& data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(), int(data.size()));
    out.resize(size_t(n));
    return out;
}

std::optional<Bytes> base64_decode(const std::string& text) {
    std::string clean;
    for (char c : text)
        if (!isspace(static_cast<unsigned char>(c))) clean += c;
    if (clean.empty() || clean.size() % 4 != 0) return std::nullopt;
    Bytes out(clean.size() / 4 * 3);
    int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(clean.data()), int(clean.size()));
    if (n < 0) return std::nullopt;
    size_t pad = 0;
    if (clean.size() >= 1 && clean.back() == '=') ++pad;
    if (clean.size() >= 2 && clean[clean.size() - 2] == '=') ++pad;
    out.resize(size_t(n) - pad);
    return out;
}

// ---------------------------------------------------------------- PrivateKey

namespace {
PrivateKey wrap_key(PkeyPtr pkey) {
    auto impl = std::make_shared<PrivateKey::Impl>();
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(pkey.get(), &der);
    if (len > 0) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int mdlen = 0;
        EVP_Digest(der, size_t(len), md, &mdlen, EVP_sha1(), nullptr);
        impl->fingerprint = hex_upper(md, mdlen);
    }
    OPENSSL_free(der);
    impl->pkey = std::move(pkey);
    return PrivateKey(impl);
}
}  // namespace

namespace {
// An unencrypted RSA key in PEM (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY": the key pool's
// form) read with OpenSSL's RSA structures instead of its provider decoders, or nullptr to leave
// the text to PEM_read_bio_PrivateKey. Both give the same key; what differs is the cost, once per
// key but in every process: the decoders try each format in turn (0.7 ms a key), and a key from
// them is a provider key, which X509_set_pubkey encodes and decodes again for every certificate
// made with it (a fifth of the bundled `cusim run`), where an RSA key's own encoder is direct.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
PkeyPtr read_rsa_pem(const std::string& pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long len = 0;
    if (!PEM_read_bio(bio.get(), &name, &header, &data, &len)) {
        ERR_clear_error();
        return nullptr;
    }
    std::unique_ptr<char, Deleter<CRYPTO_free_ptr>> n(name), h(header);
    std::unique_ptr<unsigned char, Deleter<CRYPTO_free_ptr>> d(data);
    const unsigned char* rsa_der = data;
    long rsa_len = len;
    using P8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>>;
    P8Ptr p8;
    if (std::strcmp(name, "PRIVATE KEY") == 0) {
        const unsigned char* p = data;
        p8.reset(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, len));
        const ASN1_OBJECT* algorithm = nullptr;
        int inner_len = 0;
        if (!p8 || p != data + len || !PKCS8_pkey_get0(&algorithm, &rsa_der, &inner_len, nullptr, p8.get()) ||
            OBJ_obj2nid(algorithm) != NID_rsaEncryption) {
            ERR_clear_error();
            return nullptr;
        }
        rsa_len = inner_len;
    } else if (std::strcmp(name, "RSA PRIVATE KEY") != 0 || (header && *header)) {
        return nullptr;  // another kind of key, or an encrypted one
    }
    const unsigned char* p = rsa_der;
    RSA* rsa = d2i_RSAPrivateKey(nullptr, &p, rsa_len);
    if (!rsa || p != rsa_der + rsa_len) {
        RSA_free(rsa);
        ERR_clear_error();
        return nullptr;
    }
    PkeyPtr pkey(EVP_PKEY_new());
    if (!pkey || !EVP_PKEY_assign_RSA(pkey.get(), rsa)) {
        RSA_free(rsa);
        ERR_clear_error();
        return nullptr;
    }
    return pkey;
}
#pragma GCC diagnostic pop
}  // namespace

PrivateKey PrivateKey::from_pem(const std::string& pem, const std::string& source_name) {
    // Parsing an RSA key is most of a scenario's load time; scenarios share a few key files.
    static Memo<std::optional<PrivateKey>> parsed;
    auto key = parsed.get(pem, [&]() -> std::optional<PrivateKey> {
        if (PkeyPtr rsa = read_rsa_pem(pem)) return wrap_key(std::move(rsa));
        BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
        EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, const_cast<char*>(""));
        if (!raw) {
            openssl_errors();
            return std::nullopt;
        }
        return wrap_key(PkeyPtr(raw));
    });
    if (!key) throw InputError(source_name, "not a PEM private key (or it is encrypted)");
    return *key;
}

const std::string& PrivateKey::fingerprint() const { return impl_->fingerprint; }

PrivateKey PrivateKey::load_file(const std::string& path) {
    Bytes b = utf8_if_utf16(read_file_bytes(path), path);
    return from_pem(std::string(b.begin(), b.end()), path);
}

std::string PrivateKey::algorithm() const {
    switch (EVP_PKEY_get_base_id(impl_->pkey.get())) {
        case EVP_PKEY_RSA: return "RSA";
        case EVP_PKEY_EC: return "ECC";
        case EVP_PKEY_DSA: return "DSA";
        default: return "unknown";
    }
}

int PrivateKey::bits() const { return EVP_PKEY_get_bits(impl_->pkey.get()); }

std::string PrivateKey::to_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(n));
}

// ---------------------------------------------------------------- Certificate

namespace {
Certificate wrap(X509Ptr x, const std::string& source_name) {
    auto impl = std::make_shared<Certificate::Impl>();
    int len = i2d_X509(x.get(), nullptr);
    if (len <= 0) throw InputError(source_name, "certificate cannot be encoded: " + openssl_errors());
    impl->der.resize(size_t(len));
    unsigned char* p = impl->der.data();
    i2d_X509(x.get(), &p);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(impl->der.data(), impl->der.size(), md, &mdlen, EVP_sha1(), nullptr);
    impl->thumbprint = hex_upper(md, mdlen);
    impl->subject = windows_name(X509_get_subject_name(x.get()));
    impl->issuer = windows_name(X509_get_issuer_name(x.get()));
    impl->not_before = asn1_to_sim_time(X509_get0_notBefore(x.get()));
    impl->not_after = asn1_to_sim_time(X509_get0_notAfter(x.get()));
    impl->x509 = std::move(x);
    return Certificate(std::move(impl));
}
}  // namespace

namespace {
Certificate from_der_uncached(const Bytes& der, const std::string& source_name) {
    const unsigned char* p = der.data();
    X509Ptr x(d2i_X509(nullptr, &p, long(der.size())));
    if (!x) {
        openssl_errors();
        throw InputError(source_name, der.empty() ? "empty certificate data"
                                                  : "not a DER certificate (truncated or not X.509)");
    }
    if (p != der.data() + der.size())
        throw InputError(source_name, fmt::format("{} bytes of trailing data after the DER certificate",
                                                  der.data() + der.size() - p));
    return wrap(std::move(x), source_name);
}
}  // namespace

Certificate Certificate::from_der(const Bytes& der, const std::string& source_name) {
    // By content, as parse_certificates: OpenSSL 3.0 decodes every certificate's public key
    // through its provider decoders (some 100 us each, three quarters of `cusim preflight` on
    // a fleet of export folders), and an import reads each certificate several times (the
    // exports, the receive connectors' names, then the scenario it made). Keyed by the DER's
    // SHA-256, not the DER, so a fleet's distinct certificates cost 32 bytes each beyond
    // themselves. A DER that does not parse is not remembered (its error names the file).
    static Memo<Certificate> parsed;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(der.data(), der.size(), md, &mdlen, EVP_sha256(), nullptr);
    return parsed.get(std::string(reinterpret_cast<const char*>(md), mdlen), [&] { return from_der_uncached(der, source_name); });
}

Certificate Certificate::from_pem(const std::string& pem, const std::string& source_name) {
    auto certs = parse_certificates(Bytes(pem.begin(), pem.end()), source_name);
    if (certs.size() != 1) throw InputError(source_name, fmt::format("expected one certificate, found {}", certs.size()));
    return certs.front();
}

Certificate Certificate::from_base64_der(const std::string& b64, const std::string& source_name) {
    auto der = base64_decode(b64);
    if (!der) throw InputError(source_name, "certificate data is not valid base64");
    return from_der(*der, source_name);
}

const Bytes& Certificate::der() const { return impl_->der; }
const std::string& Certificate::thumbprint() const { return impl_->thumbprint; }

std::string Certificate::to_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), impl_->x509.get());
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(n));
}

const std::string& Certificate::subject() const { return impl_->subject; }
const std::string& Certificate::issuer() const { return impl_->issuer; }

namespace {
void read_names(const Certificate::Impl& impl) {
    const X509_NAME* name = X509_get_subject_name(impl.x509.get());
    int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (idx >= 0) impl.common_name = asn1_string_utf8(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx)));
    GenNamesPtr names(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(impl.x509.get(), NID_subject_alt_name, nullptr, nullptr)));
    if (!names) return;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
        if (gn->type == GEN_DNS) impl.dns_names.push_back(asn1_string_utf8(gn->d.dNSName));
    }
}
}  // namespace

const std::string& Certificate::common_name() const {
    std::call_once(impl_->names_once, [&] { read_names(*impl_); });
    return impl_->common_name;
}

const std::vector<std::string>& Certificate::dns_names() const {
    std::call_once(impl_->names_once, [&] { read_names(*impl_); });
    return impl_->dns_names;
}

std::string Certificate::serial_number() const {
    // The DER content octets, as .NET's SerialNumber shows them (a leading 00 stays).
    const ASN1_INTEGER* serial = X509_get0_serialNumber(impl_->x509.get());
    int len = i2d_ASN1_INTEGER(serial, nullptr);
    Bytes der(size_t(std::max(len, 0)));
    unsigned char* p = der.data();
    i2d_ASN1_INTEGER(serial, &p);
    // Skip tag and length octets.
    size_t pos = 1;
    if (der.size() > 1 && (der[1] & 0x80)) pos += 1 + (der[1] & 0x7f);
    else pos += 1;
    return pos <= der.size() ? hex_upper(der.data() + pos, der.size() - pos) : std::string();
}

SimTime Certificate::not_before() const { return impl_->not_before; }
SimTime Certificate::not_after() const { return impl_->not_after; }

std::string Certificate::key_algorithm() const {
    EVP_PKEY* k = X509_get0_pubkey(impl_->x509.get());
    if (!k) return "unknown";
    switch (EVP_PKEY_get_base_id(k)) {
        case EVP_PKEY_RSA: return "RSA";
        case EVP_PKEY_EC: return "ECC";
        case EVP_PKEY_DSA: return "DSA";
        default: return "unknown";
    }
}

int Certificate::key_bits() const {
    EVP_PKEY* k = X509_get0_pubkey(impl_->x509.get());
    return k ? EVP_PKEY_get_bits(k) : 0;
}

std::string Certificate::signature_algorithm() const {
    switch (X509_get_signature_nid(impl_->x509.get())) {
        case NID_sha1WithRSAEncryption: return "sha1RSA";
        case NID_sha256WithRSAEncryption: return "sha256RSA";
        case NID_sha384WithRSAEncryption: return "sha384RSA";
        case NID_sha512WithRSAEncryption: return "sha512RSA";
        case NID_md5WithRSAEncryption: return "md5RSA";
        case NID_ecdsa_with_SHA1: return "sha1ECDSA";
        case NID_ecdsa_with_SHA256: return "sha256ECDSA";
        case NID_ecdsa_with_SHA384: return "sha384ECDSA";
        case NID_ecdsa_with_SHA512: return "sha512ECDSA";
        case NID_rsassaPss: return "RSASSA-PSS";
        default: {
            const char* ln = OBJ_nid2ln(X509_get_signature_nid(impl_->x509.get()));
            return ln ? ln : "unknown";
        }
    }
}

namespace {
// Windows' names for the key usage bits, in the order certutil lists them.
const std::vector<std::pair<uint32_t, std::string>>& key_usage_names() {
    static const std::vector<std::pair<uint32_t, std::string>> names = {
        {KU_DIGITAL_SIGNATURE, "Digital Signature"}, {KU_NON_REPUDIATION, "Non-Repudiation"},
        {KU_KEY_ENCIPHERMENT, "Key Encipherment"},   {KU_DATA_ENCIPHERMENT, "Data Encipherment"},
        {KU_KEY_AGREEMENT, "Key Agreement"},         {KU_KEY_CERT_SIGN, "Certificate Signing"},
        {KU_CRL_SIGN, "Off-line CRL Signing"},       {KU_ENCIPHER_ONLY, "Encipher Only"},
        {KU_DECIPHER_ONLY, "Decipher Only"}};
    return names;
}

const std::vector<std::pair<std::string, std::string>>& eku_names() {
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"1.3.6.1.5.5.7.3.1", "Server Authentication"}, {"1.3.6.1.5.5.7.3.2", "Client Authentication"},
        {"1.3.6.1.5.5.7.3.3", "Code Signing"},          {"1.3.6.1.5.5.7.3.4", "Secure Email"},
        {"1.3.6.1.5.5.7.3.8", "Time Stamping"},         {"1.3.6.1.5.5.7.3.9", "OCSP Signing"}};
    return names;
}
}  // namespace

std::string eku_display_name(const std::string& oid) {
    for (auto& [o, n] : eku_names())
        if (o == oid) return n;
    return oid;
}

std::vector<std::string> Certificate::key_usage() const {
    std::vector<std::string> out;
    uint32_t ku = X509_get_key_usage(impl_->x509.get());
    if (ku == UINT32_MAX) return out;  // extension absent
    for (auto& [bit, name] : key_usage_names())
        if (ku & bit) out.push_back(name);
    return out;
}

std::vector<std::string> Certificate::extended_key_usage() const {
    std::vector<std::string> out;
    using EkuPtr = std::unique_ptr<EXTENDED_KEY_USAGE, Deleter<EXTENDED_KEY_USAGE_free>>;
    EkuPtr eku(static_cast<EXTENDED_KEY_USAGE*>(
        X509_get_ext_d2i(impl_->x509.get(), NID_ext_key_usage, nullptr, nullptr)));
    if (!eku) return out;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
        char buf[128];
        OBJ_obj2txt(buf, sizeof buf, sk_ASN1_OBJECT_value(eku.get(), i), 1);
        out.emplace_back(buf);
    }
    return out;
}

BasicConstraints Certificate::basic_constraints() const {
    BasicConstraints bc;
    using BcPtr = std::unique_ptr<BASIC_CONSTRAINTS, Deleter<BASIC_CONSTRAINTS_free>>;
    BcPtr raw(static_cast<BASIC_CONSTRAINTS*>(
        X509_get_ext_d2i(impl_->x509.get(), NID_basic_constraints, nullptr, nullptr)));
    if (!raw) return bc;
    bc.is_ca = raw->ca != 0;
    if (raw->pathlen) bc.path_length = ASN1_INTEGER_get(raw->pathlen);
    return bc;
}

bool Certificate::is_self_signed() const {
    std::call_once(impl_->self_signed_once, [&] {
        impl_->self_signed = X509_self_signed(impl_->x509.get(), 1) == 1;
        ERR_clear_error();
    });
    return impl_->self_signed;
}

bool Certificate::matches_key(const PrivateKey& key) const {
    bool ok = X509_check_private_key(impl_->x509.get(), key.impl().pkey.get()) == 1;
    ERR_clear_error();
    return ok;
}

bool Certificate::issued_by(const Certificate& issuer) const {
    bool ok = X509_check_issued(issuer.impl().x509.get(), impl_->x509.get()) == X509_V_OK &&
              X509_verify(impl_->x509.get(), X509_get0_pubkey(issuer.impl().x509.get())) == 1;
    ERR_clear_error();
    return ok;
}

// ---------------------------------------------------------------- loading

namespace {
std::vector<Certificate> parse_certificates_uncached(const Bytes& data, const std::string& source_name) {
    std::vector<Certificate> out;
    std::string text(data.begin(), data.end());
    if (text.find("-----BEGIN") != std::string::npos) {
        static const std::string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
        size_t pos = 0;
        while ((pos = text.find(begin, pos)) != std::string::npos) {
            size_t stop = text.find(end, pos);
            if (stop == std::string::npos)
                throw InputError(source_name, fmt::format("line {}", std::count(text.begin(), text.begin() + long(pos), '\n') + 1),
                                 "PEM block has no END CERTIFICATE line (truncated?)");
            std::string body = text.substr(pos + begin.size(), stop - pos - begin.size());
            auto der = base64_decode(body);
            std::string where = fmt::format("line {}", std::count(text.begin(), text.begin() + long(pos), '\n') + 1);
            if (!der) throw InputError(source_name, where, "PEM block is not valid base64");
            try {
                out.push_back(Certificate::from_der(*der, source_name));
            } catch (const InputError& e) {
                throw InputError(source_name, where, e.message());
            }
            pos = stop + end.size();
        }
        if (out.empty()) throw InputError(source_name, "PEM file holds no CERTIFICATE block");
        return out;
    }
    out.push_back(Certificate::from_der(data, source_name));
    return out;
}
}  // namespace

std::vector<Certificate> parse_certificates(const Bytes& data, const std::string& source_name) {
    // By content: what parses is the same whatever the file is called. A file that does not
    // parse is not remembered (its error names the file).
    static Memo<std::vector<Certificate>> parsed;
    return parsed.get(std::string(data.begin(), data.end()), [&] { return parse_certificates_uncached(data, source_name); });
}

std::vector<Certificate> load_certificates_file(const std::string& path) {
    return parse_certificates(utf8_if_utf16(read_file_bytes(path), path), path);
}

namespace {
Pkcs12Contents parse_pkcs12_uncached(const Bytes& data, const std::string& password, const std::string& source_name) {
    ensure_providers_loaded();
    const unsigned char* p = data.data();
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, long(data.size())));
    if (!p12) {
        openssl_errors();
        throw InputError(source_name, "not a PKCS#12/PFX file (truncated or another format)");
    }
    if (!PKCS12_verify_mac(p12.get(), password.c_str(), -1) &&
        !(password.empty() && PKCS12_verify_mac(p12.get(), nullptr, 0))) {
        openssl_errors();
        throw InputError(source_name, "wrong PFX password (the MAC does not verify)");
    }
    EVP_PKEY* pkey = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (!PKCS12_parse(p12.get(), password.c_str(), &pkey, &cert, &ca)) {
        std::string err = openssl_errors();
        throw InputError(source_name, "cannot decrypt the PFX contents: " + err);
    }
    PkeyPtr key_guard(pkey);
    X509Ptr cert_guard(cert);
    X509StackPtr ca_guard(ca);
    Pkcs12Contents out;
    if (key_guard) out.key = wrap_key(std::move(key_guard));
    if (cert_guard) out.certificate = wrap(std::move(cert_guard), source_name);
    if (ca_guard) {
        while (sk_X509_num(ca_guard.get()) > 0) out.extra.push_back(wrap(X509Ptr(sk_X509_shift(ca_guard.get())), source_name));
    }
    return out;
}

// A PFX parse, or the error it gave (without the file's name: the same bytes may come
// from another path).
struct Pkcs12Outcome {
    Pkcs12Contents contents;
    std::optional<std::pair<std::string, std::string>> error;  // location, message
};
}  // namespace

Pkcs12Contents parse_pkcs12(const Bytes& data, const std::string& password, const std::string& source_name) {
    // A fix that imports a PFX parses it at every run (PBKDF2 each time): remember each
    // (bytes, password), errors too, since a wrong password is a state fixes meet.
    static Memo<Pkcs12Outcome> parsed;
    std::string key = password + '\0' + std::string(data.begin(), data.end());
    Pkcs12Outcome outcome = parsed.get(key, [&] {
        try {
            return Pkcs12Outcome{parse_pkcs12_uncached(data, password, source_name), std::nullopt};
        } catch (const InputError& e) {
            return Pkcs12Outcome{{}, std::make_pair(e.location(), e.message())};
        }
    });
    if (outcome.error) throw InputError(source_name, outcome.error->first, outcome.error->second);
    return outcome.contents;
}

Pkcs12Contents load_pkcs12_file(const std::string& path, const std::string& password) {
    return parse_pkcs12(read_file_bytes(path), password, path);
}

Bytes make_pkcs12(const Certificate& cert, const PrivateKey& key, const std::vector<Certificate>& chain,
                  const std::string& password, const std::string& friendly_name) {
    ensure_providers_loaded();
    X509StackPtr ca(sk_X509_new_null());
    for (const auto& c : chain) {
        X509_up_ref(c.impl().x509.get());
        sk_X509_push(ca.get(), c.impl().x509.get());
    }
    // AES-256 and SHA-256 MAC: what Windows Server 2019+ writes with -CryptoAlgorithmOption AES256_SHA256.
    Pkcs12Ptr p12(PKCS12_create(password.c_str(), friendly_name.c_str(), key.impl().pkey.get(),
                                cert.impl().x509.get(), ca.get(), NID_aes_256_cbc, NID_aes_256_cbc, 2048, 2048, 0));
    if (!p12) throw std::runtime_error("PKCS12_create failed: " + openssl_errors());
    int len = i2d_PKCS12(p12.get(), nullptr);
    Bytes out(static_cast<size_t>(len));
    unsigned char* p = out.data();
    i2d_PKCS12(p12.get(), &p);
    return out;
}

// ---------------------------------------------------------------- chains

std::string to_string(ChainStatus s) {
    switch (s) {
        case ChainStatus::ok: return "ok";
        case ChainStatus::expired: return "expired";
        case ChainStatus::not_yet_valid: return "not yet valid";
        case ChainStatus::expired_intermediate: return "expired intermediate";
        case ChainStatus::untrusted_root: return "untrusted root";
        case ChainStatus::incomplete_chain: return "incomplete chain";
        case ChainStatus::bad_signature: return "bad signature";
        case ChainStatus::other: return "other";
    }
    return "other";
}

ChainResult verify_chain(const Certificate& leaf, const std::vector<Certificate>& roots,
                         const std::vector<Certificate>& intermediates, SimTime at) {
    StorePtr store(X509_STORE_new());
    for (const auto& r : roots) X509_STORE_add_cert(store.get(), r.impl().x509.get());
    X509StackPtr untrusted(sk_X509_new_null());
    for (const auto& c : intermediates) {
        X509_up_ref(c.impl().x509.get());
        sk_X509_push(untrusted.get(), c.impl().x509.get());
    }
    StoreCtxPtr ctx(X509_STORE_CTX_new());
    X509_STORE_CTX_init(ctx.get(), store.get(), leaf.impl().x509.get(), untrusted.get());
    // The simulated instant, never the wall clock (X509_VERIFY_PARAM_set_time sets USE_CHECK_TIME).
    X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), time_t(to_time_t(at)));
    int ok = X509_verify_cert(ctx.get());
    ChainResult result;
    if (STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get())) {
        for (int i = 0; i < sk_X509_num(built); ++i) {
            X509* x = sk_X509_value(built, i);
            X509_up_ref(x);
            result.chain.push_back(wrap(X509Ptr(x), "chain"));
        }
    }
    if (ok == 1) {
        result.status = ChainStatus::ok;
        ERR_clear_error();
        return result;
    }
    int err = X509_STORE_CTX_get_error(ctx.get());
    result.depth = X509_STORE_CTX_get_error_depth(ctx.get());
    std::string who;
    if (X509* bad = X509_STORE_CTX_get_current_cert(ctx.get())) who = windows_name(X509_get_subject_name(bad));
    result.reason = std::string(X509_verify_cert_error_string(err)) + (who.empty() ? "" : " (" + who + ")");
    switch (err) {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            result.status = result.depth == 0 ? ChainStatus::expired : ChainStatus::expired_intermediate;
            break;
        case X509_V_ERR_CERT_NOT_YET_VALID: result.status = ChainStatus::not_yet_valid; break;
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
            result.status = ChainStatus::untrusted_root;
            break;
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT: result.status = ChainStatus::incomplete_chain; break;
        case X509_V_ERR_CERT_SIGNATURE_FAILURE: result.status = ChainStatus::bad_signature; break;
        default: result.status = ChainStatus::other;
    }
    ERR_clear_error();
    return result;
}

// ---------------------------------------------------------------- making certificates

namespace {
const EVP_MD* digest_for(const std::string& name) {
    if (name == "sha1") return EVP_sha1();
    if (name == "sha256") return EVP_sha256();
    if (name == "sha384") return EVP_sha384();
    if (name == "sha512") return EVP_sha512();
    throw std::invalid_argument("unknown signature hash '" + name + "' (sha1, sha256, sha384, sha512)");
}

void add_ext(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
    if (!ext) throw std::invalid_argument("bad extension value '" + value + "': " + openssl_errors());
    X509_add_ext(cert, ext.get(), -1);
}

std::string ku_conf_name(const std::string& windows_name) {
    static const std::map<std::string, std::string> m = {
        {"Digital Signature", "digitalSignature"}, {"Non-Repudiation", "nonRepudiation"},
        {"Key Encipherment", "keyEncipherment"},   {"Data Encipherment", "dataEncipherment"},
        {"Key Agreement", "keyAgreement"},         {"Certificate Signing", "keyCertSign"},
        {"Off-line CRL Signing", "cRLSign"},       {"Encipher Only", "encipherOnly"},
        {"Decipher Only", "decipherOnly"}};
    auto it = m.find(windows_name);
    if (it == m.end()) throw std::invalid_argument("unknown key usage '" + windows_name + "'");
    return it->second;
}

std::string eku_oid(const std::string& name_or_oid) {
    for (auto& [oid, name] : eku_names())
        if (name == name_or_oid || oid == name_or_oid) return oid;
    if (!name_or_oid.empty() && std::all_of(name_or_oid.begin(), name_or_oid.end(),
                                            [](char c) { return isdigit(static_cast<unsigned char>(c)) || c == '.'; }))
        return name_or_oid;
    throw std::invalid_argument("unknown extended key usage '" + name_or_oid + "'");
}

}  // namespace

namespace {
Certificate make_certificate_uncached(const CertSpec& spec, const PrivateKey& subject_key,
                                      const std::optional<std::pair<Certificate, PrivateKey>>& issuer) {
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);

    BIGNUM* bn_raw = nullptr;
    if (spec.serial_hex.empty() || BN_hex2bn(&bn_raw, spec.serial_hex.c_str()) != int(spec.serial_hex.size())) {
        BN_free(bn_raw);
        throw std::invalid_argument("serial '" + spec.serial_hex + "' is not hex");
    }
    BnPtr bn(bn_raw);
    ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn.get(), nullptr);
    X509_set_serialNumber(cert.get(), serial);
    ASN1_INTEGER_free(serial);

    NamePtr subject = parse_windows_name(spec.subject);
    X509_set_subject_name(cert.get(), subject.get());
    X509* issuer_x509 = issuer ? issuer->first.impl().x509.get() : cert.get();
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer_x509) : subject.get());

    if (spec.not_after < spec.not_before) throw std::invalid_argument("notAfter is before notBefore");
    Asn1TimePtr nb(ASN1_TIME_set(nullptr, time_t(to_time_t(spec.not_before))));
    Asn1TimePtr na(ASN1_TIME_set(nullptr, time_t(to_time_t(spec.not_after))));
    X509_set1_notBefore(cert.get(), nb.get());
    X509_set1_notAfter(cert.get(), na.get());
    X509_set_pubkey(cert.get(), subject_key.impl().pkey.get());

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer_x509, cert.get(), nullptr, nullptr, 0);
    if (spec.basic_constraints) {
        std::string v = "critical,CA:" + std::string(spec.basic_constraints->is_ca ? "TRUE" : "FALSE");
        if (spec.basic_constraints->path_length) v += ",pathlen:" + std::to_string(*spec.basic_constraints->path_length);
        add_ext(cert.get(), &ctx, NID_basic_constraints, v);
    }
    if (!spec.key_usage.empty()) {
        std::vector<std::string> names;
        for (auto& k : spec.key_usage) names.push_back(ku_conf_name(k));
        add_ext(cert.get(), &ctx, NID_key_usage, "critical," + join(names, ","));
    }
    if (!spec.extended_key_usage.empty()) {
        std::vector<std::string> oids;
        for (auto& e : spec.extended_key_usage) oids.push_back(eku_oid(e));
        add_ext(cert.get(), &ctx, NID_ext_key_usage, join(oids, ","));
    }
    if (!spec.dns_names.empty()) {
        std::vector<std::string> dns;
        for (auto& d : spec.dns_names) dns.push_back("DNS:" + d);
        add_ext(cert.get(), &ctx, NID_subject_alt_name, join(dns, ","));
    }
    add_ext(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    if (issuer) add_ext(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");

    const PrivateKey& signer = issuer ? issuer->second : subject_key;
    if (issuer && !issuer->first.matches_key(issuer->second))
        throw std::invalid_argument("the issuer's key does not match the issuer certificate");
    // RSA PKCS#1 v1.5 signatures are deterministic, so the same inputs give the same bytes.
    if (X509_sign(cert.get(), signer.impl().pkey.get(), digest_for(spec.signature_hash)) <= 0)
        throw std::invalid_argument("signing failed: " + openssl_errors());
    return wrap(std::move(cert), "generated certificate");
}

// Everything the certificate's bytes depend on.
std::string certificate_key(const CertSpec& spec, const PrivateKey& subject_key,
                            const std::optional<std::pair<Certificate, PrivateKey>>& issuer) {
    std::string k;
    auto add = [&](const std::string& v) {
        k += v;
        k += '\x1f';
    };
    add(spec.subject);
    for (auto& d : spec.dns_names) add("dns:" + d);
    add(std::to_string(to_time_t(spec.not_before)));
    add(std::to_string(to_time_t(spec.not_after)));
    add(spec.serial_hex);
    for (auto& u : spec.key_usage) add("ku:" + u);
    for (auto& e : spec.extended_key_usage) add("eku:" + e);
    if (spec.basic_constraints)
        add(fmt::format("bc:{}:{}", spec.basic_constraints->is_ca,
                        spec.basic_constraints->path_length ? std::to_string(*spec.basic_constraints->path_length) : "-"));
    add(spec.signature_hash);
    add(subject_key.fingerprint());
    if (issuer) {
        add(issuer->first.thumbprint());
        add(issuer->second.fingerprint());
    }
    return k;
}
}  // namespace

Certificate make_certificate(const CertSpec& spec, const PrivateKey& subject_key,
                             const std::optional<std::pair<Certificate, PrivateKey>>& issuer) {
    // Scenarios describe the same certificates again and again (the bundled corpus: 92
    // descriptions, 35 distinct), and fixes make the same ones at every run.
    static Memo<Certificate> made;
    // Without a key's fingerprint two keys could share an entry: make it, never guess.
    if (subject_key.fingerprint().empty() || (issuer && issuer->second.fingerprint().empty()))
        return make_certificate_uncached(spec, subject_key, issuer);
    return made.get(certificate_key(spec, subject_key, issuer),
                    [&] { return make_certificate_uncached(spec, subject_key, issuer); });
}

}  // namespace cusim
