#define BOOST_TEST_MODULE x509
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "harness/fixture_generator.hpp"
#include "sim/x509/cert_file.hpp"
#include "sim/core/input_error.hpp"
#include "sim/x509/x509.hpp"
#include "tests/test_support.hpp"

using namespace cusim;
using cusim::test::source_path;

namespace {
Certificate fixture(const std::string& name) {
    return load_certificates_file(source_path("fixtures/certs/" + name + ".pem")).at(0);
}
SimTime at(const std::string& iso) { return *parse_iso_time(iso); }

// The message of the InputError that `fn` throws, or "" when it does not throw one.
template <class F>
std::string input_error_of(F fn) {
    try {
        fn();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(reading)

BOOST_AUTO_TEST_CASE(subject_in_windows_order) {
    auto c = fixture("mail-contoso-2023");
    BOOST_TEST(c.subject() == "CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US");
    BOOST_TEST(c.issuer() == "CN=Contoso Root CA, O=Contoso Ltd, C=US");
    BOOST_TEST(c.common_name() == "mail.contoso.com");
    BOOST_TEST(c.serial_number() == "3D0000012A7C5B9E4F1D2C3B4A000000012A");
    BOOST_TEST(c.signature_algorithm() == "sha256RSA");
    BOOST_TEST(c.key_usage() == (std::vector<std::string>{"Digital Signature", "Key Encipherment"}), boost::test_tools::per_element());
    BOOST_TEST(c.extended_key_usage() == (std::vector<std::string>{"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"}), boost::test_tools::per_element());
    BOOST_TEST(!c.basic_constraints().is_ca);
    BOOST_TEST(!c.is_self_signed());
}

BOOST_AUTO_TEST_CASE(serial_keeps_the_sign_octet) {
    // High bit set: DER holds a leading 00, and .NET's SerialNumber shows it.
    BOOST_TEST(fixture("test-isrg-root-x1").serial_number() == "008210CFB0D240E3594463E0BB63828B00");
}

BOOST_AUTO_TEST_CASE(ca_basic_constraints) {
    auto r3 = fixture("test-le-r3");
    BOOST_TEST(r3.basic_constraints().is_ca);
    BOOST_TEST(r3.basic_constraints().path_length.value_or(-1) == 0);
    BOOST_TEST(r3.subject() == "CN=R3, O=Let's Encrypt, C=US");
}

BOOST_AUTO_TEST_CASE(thumbprint_agrees_with_openssl_for_every_fixture) {
    int checked = 0;
    for (auto dir : {"fixtures/certs"}) {
        for (auto& entry : std::filesystem::directory_iterator(source_path(dir))) {
            if (entry.path().extension() != ".pem") continue;
            auto r = cusim::test::run_command("openssl x509 -in '" + entry.path().string() + "' -noout -fingerprint -sha1");
            BOOST_REQUIRE_EQUAL(r.exit_code, 0);
            std::string hex;
            for (char ch : r.output.substr(r.output.find('=') + 1))
                if (isxdigit(static_cast<unsigned char>(ch))) hex += char(toupper(ch));
            BOOST_TEST(load_certificates_file(entry.path().string()).at(0).thumbprint() == hex, entry.path());
            ++checked;
        }
    }
    BOOST_TEST(checked >= 10);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(chains)

BOOST_AUTO_TEST_CASE(valid_chain) {
    auto r = verify_chain(fixture("le-mail-2024-04"), {fixture("test-isrg-root-x1")}, {fixture("test-le-r3")},
                          at("2024-06-12T09:30:00Z"));
    BOOST_TEST(r.ok(), r.reason);
    BOOST_TEST(r.chain.size() == 3u);
}

BOOST_AUTO_TEST_CASE(expired_leaf) {
    auto r = verify_chain(fixture("le-mail-2024-02"), {fixture("test-isrg-root-x1")}, {fixture("test-le-r3")},
                          at("2024-06-12T09:30:00Z"));
    BOOST_TEST(to_string(r.status) == "expired");
    BOOST_TEST(r.depth == 0);
}

BOOST_AUTO_TEST_CASE(expired_intermediate) {
    auto r = verify_chain(fixture("le-mail-2024-04"), {fixture("test-isrg-root-x1")}, {fixture("test-le-r3")},
                          at("2025-10-01T00:00:00Z"));
    // The leaf expired too, but OpenSSL reports the first failure it meets while walking up.
    BOOST_TEST((r.status == ChainStatus::expired || r.status == ChainStatus::expired_intermediate));
    auto r2 = verify_chain(fixture("mail-contoso-2024"), {fixture("contoso-root-ca")}, {}, at("2037-01-01"));
    BOOST_TEST(!r2.ok());
}

BOOST_AUTO_TEST_CASE(not_yet_valid) {
    auto r = verify_chain(fixture("mail-contoso-2024"), {fixture("contoso-root-ca")}, {}, at("2024-01-01"));
    BOOST_TEST(to_string(r.status) == "not yet valid");
}

BOOST_AUTO_TEST_CASE(untrusted_root) {
    auto r = verify_chain(fixture("mail-contoso-2024"), {}, {fixture("contoso-root-ca")}, at("2024-06-12"));
    BOOST_TEST(to_string(r.status) == "untrusted root");
    auto self = verify_chain(fixture("ex01-microsoft-exchange"), {}, {}, at("2024-06-12"));
    BOOST_TEST(to_string(self.status) == "untrusted root");
    auto trusted_self = verify_chain(fixture("ex01-microsoft-exchange"), {fixture("ex01-microsoft-exchange")}, {},
                                     at("2024-06-12"));
    BOOST_TEST(trusted_self.ok(), trusted_self.reason);
}

BOOST_AUTO_TEST_CASE(missing_intermediate) {
    auto r = verify_chain(fixture("le-mail-2024-04"), {fixture("test-isrg-root-x1")}, {}, at("2024-06-12"));
    BOOST_TEST(!r.ok());
    BOOST_TEST(to_string(r.status) == "untrusted root");  // OpenSSL: unable to get local issuer certificate
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(making)

BOOST_AUTO_TEST_CASE(same_inputs_give_the_same_bytes) {
    auto key = PrivateKey::load_file(source_path("fixtures/keys/key01.pem"));
    CertSpec spec;
    spec.subject = "CN=EX02, O=\"Contoso, Ltd\"";
    spec.dns_names = {"EX02", "EX02.contoso.local"};
    spec.not_before = at("2024-01-01");
    spec.not_after = at("2029-01-01");
    spec.serial_hex = "0A0B";
    spec.signature_hash = "sha1";
    auto a = make_certificate(spec, key, std::nullopt);
    auto b = make_certificate(spec, key, std::nullopt);
    BOOST_TEST((a.der() == b.der()));
    BOOST_TEST(a.subject() == "CN=EX02, O=\"Contoso, Ltd\"");
    BOOST_TEST(a.signature_algorithm() == "sha1RSA");
    BOOST_TEST(a.is_self_signed());
    BOOST_TEST(a.matches_key(key));
}

BOOST_AUTO_TEST_CASE(committed_fixtures_are_what_the_generator_makes) {
    auto files = generate_fixtures(source_path("fixtures/fixtures.json"));
    BOOST_TEST(files.size() >= 10u);
    for (auto& f : files) {
        std::string committed = cusim::test::read_text(source_path("fixtures/" + f.relative_path));
        BOOST_TEST(committed == f.content, f.relative_path << " differs; run `cusim fixtures` and review");
    }
}

BOOST_AUTO_TEST_CASE(issued_certificate_names_its_issuer) {
    auto leaf = fixture("mail-contoso-2023");
    BOOST_TEST(leaf.issued_by(fixture("contoso-root-ca")));
    BOOST_TEST(!leaf.issued_by(fixture("test-le-r3")));
}

BOOST_AUTO_TEST_CASE(bad_specs_are_rejected) {
    auto key = PrivateKey::load_file(source_path("fixtures/keys/key01.pem"));
    CertSpec spec;
    spec.subject = "XX=nope";
    spec.not_before = at("2024-01-01");
    spec.not_after = at("2025-01-01");
    BOOST_CHECK_THROW(make_certificate(spec, key, std::nullopt), std::invalid_argument);
    spec.subject = "CN=ok";
    spec.signature_hash = "md4";
    BOOST_CHECK_THROW(make_certificate(spec, key, std::nullopt), std::invalid_argument);
    spec.signature_hash = "sha256";
    spec.serial_hex = "xyz";
    BOOST_CHECK_THROW(make_certificate(spec, key, std::nullopt), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pfx)

BOOST_AUTO_TEST_CASE(round_trip_with_password) {
    auto key = PrivateKey::load_file(source_path("fixtures/keys/key02.pem"));
    auto cert = fixture("mail-contoso-2023");
    Bytes pfx = make_pkcs12(cert, key, {fixture("contoso-root-ca")}, "P@ssw0rd", "mail 2023");
    auto contents = parse_pkcs12(pfx, "P@ssw0rd", "mail.pfx");
    BOOST_REQUIRE(contents.certificate.has_value());
    BOOST_TEST(contents.certificate->thumbprint() == cert.thumbprint());
    BOOST_REQUIRE(contents.key.has_value());
    BOOST_TEST(cert.matches_key(*contents.key));
    BOOST_TEST(contents.extra.size() == 1u);
}

BOOST_AUTO_TEST_CASE(wrong_password_names_the_file) {
    auto key = PrivateKey::load_file(source_path("fixtures/keys/key02.pem"));
    Bytes pfx = make_pkcs12(fixture("mail-contoso-2023"), key, {}, "right", "x");
    BOOST_TEST(input_error_of([&] { parse_pkcs12(pfx, "wrong", "mail.pfx"); }) ==
               "mail.pfx: wrong PFX password (the MAC does not verify)");
}

BOOST_AUTO_TEST_CASE(truncated_pfx) {
    auto key = PrivateKey::load_file(source_path("fixtures/keys/key02.pem"));
    Bytes pfx = make_pkcs12(fixture("mail-contoso-2023"), key, {}, "right", "x");
    pfx.resize(pfx.size() / 2);
    BOOST_TEST(input_error_of([&] { parse_pkcs12(pfx, "right", "half.pfx"); }) ==
               "half.pfx: not a PKCS#12/PFX file (truncated or another format)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(truncated_der) {
    Bytes der = fixture("ex01-auth").der();
    der.resize(200);
    BOOST_TEST(input_error_of([&] { parse_certificates(der, "auth.cer"); }) ==
               "auth.cer: not a DER certificate (truncated or not X.509)");
}

BOOST_AUTO_TEST_CASE(not_a_certificate) {
    std::string text = "hello, I am not a certificate\n";
    BOOST_TEST(input_error_of([&] { parse_certificates(Bytes(text.begin(), text.end()), "notes.txt"); }) ==
               "notes.txt: not a DER certificate (truncated or not X.509)");
}

BOOST_AUTO_TEST_CASE(pem_without_end_line) {
    std::string pem = fixture("ex01-auth").to_pem();
    pem = "\n\n" + pem.substr(0, pem.find("-----END"));
    BOOST_TEST(input_error_of([&] { parse_certificates(Bytes(pem.begin(), pem.end()), "cut.pem"); }) ==
               "cut.pem:line 3: PEM block has no END CERTIFICATE line (truncated?)");
}

BOOST_AUTO_TEST_CASE(pem_with_broken_base64) {
    std::string pem = "-----BEGIN CERTIFICATE-----\nMIIB$$$$\n-----END CERTIFICATE-----\n";
    BOOST_TEST(input_error_of([&] { parse_certificates(Bytes(pem.begin(), pem.end()), "bad.pem"); }) ==
               "bad.pem:line 1: PEM block is not valid base64");
}

BOOST_AUTO_TEST_CASE(missing_file) {
    BOOST_TEST(input_error_of([&] { load_certificate_file("/nonexistent/x.pem"); }) ==
               "/nonexistent/x.pem: cannot open file");
}

BOOST_AUTO_TEST_SUITE_END()
