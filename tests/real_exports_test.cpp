// Tests on the real exports of an Exchange 2019 server (microsoft/CSS-Exchange, MIT), read where
// they are: ../shared/data/css-exchange beside the checkout. The project carries no copy of them;
// without that folder this whole test is skipped (exit 77, which CTest reports as "Skipped"),
// with a message that names what it needs.
#define BOOST_TEST_MODULE real_exports
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

#include "sim/formats/iis_config.hpp"
#include "sim/formats/setup_log.hpp"
#include "sim/model/server_state.hpp"
#include "sim/x509/cert_file.hpp"
#include "sim/x509/clixml.hpp"
#include "sim/core/input_error.hpp"
#include "sim/x509/x509.hpp"
#include "tests/test_support.hpp"
#include "sim/core/text.hpp"
#include "sim/formats/exchange_exports.hpp"
#include "sim/formats/nrbf.hpp"

using namespace cusim;

namespace {
struct NeedsSharedData {
    NeedsSharedData() { cusim::test::require_shared("data/css-exchange/E19"); }
};
BOOST_TEST_GLOBAL_FIXTURE(NeedsSharedData);

std::string e19(const std::string& file) { return cusim::test::shared_path("data/css-exchange/E19/" + file); }
SimTime at(const std::string& iso) { return *parse_iso_time(iso); }
}  // namespace

BOOST_AUTO_TEST_SUITE(real_exchange_export)

BOOST_AUTO_TEST_CASE(clixml_thumbprints_are_the_ones_windows_wrote) {
    auto certs = load_certificate_file(e19("GetExchangeCertificate.xml"));
    BOOST_REQUIRE_EQUAL(certs.size(), 3u);
    BOOST_TEST(certs[0].certificate.thumbprint() == "C3EDCF181EF4F9B53D01768ECA99564014BCA6E7");
    BOOST_TEST(certs[1].certificate.thumbprint() == "6C7DE09FB39A40144F57EFEBC3DF0148E3A9AB28");
    BOOST_TEST(certs[2].certificate.thumbprint() == "38247AD2B76244411748274C508D13446311830B");
    BOOST_TEST(certs[0].certificate.serial_number() == "22AEC57F54869DBD4B2AC9FA4C14AB89");
    BOOST_TEST(certs[0].certificate.subject() == "CN=Microsoft Exchange Server Auth Certificate");
    BOOST_TEST(!certs[0].key.has_value());
}

BOOST_AUTO_TEST_CASE(real_self_signed_certificate_properties) {
    auto c = load_certificate_file(e19("GetExchangeCertificate.xml")).at(1).certificate;
    BOOST_TEST(c.subject() == "CN=Solo-E19A");
    BOOST_TEST(c.is_self_signed());
    BOOST_TEST(c.key_algorithm() == "RSA");
    BOOST_TEST(c.key_bits() == 2048);
    BOOST_TEST(c.signature_algorithm() == "sha1RSA");
    BOOST_TEST(c.dns_names() == (std::vector<std::string>{"Solo-E19A", "Solo-E19A.Solo.com"}), boost::test_tools::per_element());
    // Export says 12/03/2019 14:45:58 local time (UTC-8) .. exactly 5 years.
    BOOST_TEST(format_iso(c.not_before()) == "2019-12-03T22:45:58Z");
    BOOST_TEST(format_iso(c.not_after()) == "2024-12-03T22:45:58Z");
    BOOST_TEST(c.is_valid_at(at("2024-12-03T22:45:58Z")));
    BOOST_TEST(!c.is_valid_at(at("2024-12-03T22:45:59Z")));
}

// The thumbprint Windows wrote is the SHA-1 of the DER, as openssl computes it too.
BOOST_AUTO_TEST_CASE(thumbprints_agree_with_openssl) {
    for (auto& lc : load_certificate_file(e19("GetExchangeCertificate.xml"))) {
        std::string pem = cusim::test::make_temp_dir("real-exports") + "/cert.pem";
        cusim::test::write_text(pem, lc.certificate.to_pem());
        auto r = cusim::test::run_command("openssl x509 -in '" + pem + "' -noout -fingerprint -sha1");
        BOOST_REQUIRE_EQUAL(r.exit_code, 0);
        std::string hex;
        for (char ch : r.output.substr(r.output.find('=') + 1))
            if (isxdigit(static_cast<unsigned char>(ch))) hex += char(toupper(ch));
        BOOST_TEST(lc.certificate.thumbprint() == hex);
    }
}

BOOST_AUTO_TEST_CASE(truncated_clixml) {
    std::string xml = cusim::test::read_text(e19("GetExchangeCertificate.xml"));
    xml.resize(xml.size() / 2);
    std::string msg;
    try {
        read_clixml_certificates(Bytes(xml.begin(), xml.end()), "half.xml");
    } catch (const InputError& e) {
        msg = e.what();
    }
    BOOST_TEST(msg.rfind("half.xml:line ", 0) == 0, msg);
    BOOST_TEST(msg.find("malformed XML") != std::string::npos, msg);
}

BOOST_AUTO_TEST_SUITE_END()

// What Windows PowerShell 5.1's Export-Clixml writes by default is UTF-16LE with a BOM; the export
// in ../shared is UTF-8. Both read the same (`cusim cert` once said "not a DER certificate").
BOOST_AUTO_TEST_CASE(a_utf16_export_reads_as_the_utf8_one) {
    std::string dir = cusim::test::make_temp_dir("e19-utf16");
    for (bool big_endian : {false, true}) {
        for (const char* name : {"GetExchangeCertificate.xml", "GetAuthConfig.xml", "IIS/applicationHost.config"}) {
            std::string copy = dir + "/" + std::to_string(big_endian) + "-" + std::filesystem::path(name).filename().string();
            cusim::test::write_text(copy, cusim::test::to_utf16(cusim::test::read_text(e19(name)), big_endian));
            if (std::string(name).find("Certificate") != std::string::npos) {
                auto utf8 = load_certificate_file(e19(name)), utf16 = load_certificate_file(copy);
                BOOST_REQUIRE_EQUAL(utf8.size(), utf16.size());
                for (size_t i = 0; i < utf8.size(); ++i) {
                    BOOST_TEST(utf8[i].certificate.thumbprint() == utf16[i].certificate.thumbprint());
                    // Same lines: the error of a record names the line of the text.
                    BOOST_TEST(utf8[i].source.substr(utf8[i].source.rfind(':')) == utf16[i].source.substr(utf16[i].source.rfind(':')));
                }
            } else if (std::string(name).find("applicationHost") != std::string::npos) {
                auto a = read_application_host_config(e19(name)), b = read_application_host_config(copy);
                BOOST_REQUIRE_EQUAL(a.size(), b.size());
                BOOST_TEST(a[0].bindings.size() == b[0].bindings.size());
            } else {
                auto a = read_clixml(read_file_bytes(e19(name)), "a"), b = read_clixml(read_file_bytes(copy), "b");
                BOOST_REQUIRE_EQUAL(a.size(), b.size());
                BOOST_TEST(a[0].values == b[0].values);
                BOOST_TEST(a[0].line == b[0].line);
            }
        }
    }
}

// The default IIS layout of a scenario is the real one of an Exchange 2019 server.
BOOST_AUTO_TEST_CASE(default_sites_are_those_of_the_real_applicationhost_config) {
    auto real = read_application_host_config(e19("IIS/applicationHost.config"));
    auto ours = default_exchange_sites();
    BOOST_REQUIRE_EQUAL(real.size(), ours.size());
    for (size_t i = 0; i < real.size(); ++i) {
        BOOST_TEST(real[i].name == ours[i].name);
        BOOST_TEST(real[i].id == ours[i].id);
        BOOST_REQUIRE_EQUAL(real[i].bindings.size(), ours[i].bindings.size());
        for (size_t j = 0; j < real[i].bindings.size(); ++j) {
            BOOST_TEST(real[i].bindings[j].protocol == ours[i].bindings[j].protocol);
            BOOST_TEST(real[i].bindings[j].binding_information == ours[i].bindings[j].binding_information);
        }
    }
    // R1 walks these two, in this order.
    BOOST_TEST(http_sys_endpoint(real[0].bindings[5]) == "0.0.0.0:443");
    BOOST_TEST(http_sys_endpoint(real[0].bindings[7]) == "127.0.0.1:443");
    BOOST_TEST(http_sys_endpoint(real[1].bindings[1]) == "0.0.0.0:444");
}

// ---- The log cusim writes reads like the real ones (issue: "logs that read like the real ones").
namespace {
bool is_cmdlet_name(const std::string& s) {
    size_t dash = s.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == s.size()) return false;
    for (char c : s)
        if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-') return false;
    return true;
}

// A line's shape: its level and its text with the values taken out: quoted and parenthesised
// text, numbers, words with a dot or backslash (hosts, files, versions), role and cmdlet names, and
// the rest of the line after a label whose value is free text. Two lines of the same kind written
// by setup on different servers have the same shape.
bool is_value_word(const std::string& w) {
    std::string core = w;
    while (!core.empty() && (core.back() == '.' || core.back() == ',' || core.back() == ':')) core.pop_back();
    if (core.empty()) return false;
    if (core.find('.') != std::string::npos || core.find('\\') != std::string::npos) return true;
    if (is_cmdlet_name(core)) return true;
    return core.size() > 4 && core.compare(core.size() - 4, 4, "Role") == 0 && std::isupper(static_cast<unsigned char>(core[0]));
}

std::string shape(const SetupLogEntry& e) {
    std::string text = e.text.substr(0, e.text.find('\n'));
    std::string level = "[" + std::to_string(e.level) + "] ";
    for (const char* label : {"User specified parameters:", "Local time zone:", "Setup launched task ", "[ERROR] ",
                              "[WARNING] ", "#.  ErrorRecord:"}) {
        std::string l = label;
        if (l[0] == '#') {
            if (text.find("ErrorRecord:") != std::string::npos) return level + "#.  ErrorRecord: *";
        } else if (text.rfind(l, 0) == 0) {
            return level + l + " *";
        }
    }
    if (size_t v = text.find(" to the value "); v != std::string::npos) text = text.substr(0, v) + " to the value *";
    std::string out;
    for (size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\'' || c == '(') {
            size_t close = text.find(c == '(' ? ')' : '\'', i + 1);
            if (close != std::string::npos) {
                out += c == '(' ? "(*)" : "'*'";
                i = close + 1;
                continue;
            }
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
            out += '#';
            continue;
        }
        if (c != ' ') {
            size_t end = text.find(' ', i);
            std::string word = text.substr(i, end == std::string::npos ? std::string::npos : end - i);
            if (is_value_word(word)) {
                // A list of values (roles) is one value.
                if (out.size() < 2 || out.compare(out.size() - 2, 2, "* ") != 0) out += "*";
                else out.pop_back();
                std::string tail = word;
                while (!tail.empty() && (tail.back() == '.' || tail.back() == ',' || tail.back() == ':')) tail.pop_back();
                out += word.substr(tail.size());
                i = end == std::string::npos ? text.size() : end;
                if (i < text.size()) out += ' ', ++i;
                continue;
            }
        }
        out += c;
        ++i;
    }
    return level + out;
}

// The kind of a line: its level and first two words (the parts both logs have).
std::string kind(const std::string& shaped) {
    size_t first = shaped.find(' ', 4);
    size_t second = first == std::string::npos ? std::string::npos : shaped.find(' ', first + 1);
    return shaped.substr(0, second);
}
}  // namespace

BOOST_AUTO_TEST_CASE(simulated_log_lines_have_shapes_real_logs_have) {
    std::set<std::string> real_shapes, real_kinds;
    for (auto& f : std::filesystem::directory_iterator(cusim::test::shared_path("data/css-exchange/setup-logs"))) {
        ParsedSetupLog log = read_setup_log(f.path().string());
        for (auto& run : log.runs)
            for (auto& e : run.entries) {
                std::string s = shape(e);
                real_shapes.insert(s);
                real_kinds.insert(kind(s));
            }
    }
    // No log of ../shared completed; SetupLogReviewer's Pester test "Good Run Of Setup" quotes the
    // line of one that did: "[04/02/2021 22:15:23.0126] [0] The Exchange Server setup operation completed successfully."
    real_shapes.insert("[0] The Exchange Server setup operation completed successfully.");
    int checked = 0;
    std::set<std::string> unknown;
    for (auto id : {"expired-iis-cert", "healthy", "lets-encrypt-renewed", "one-binding-stale", "self-signed-missing"}) {
        std::string path = cusim::test::source_path(std::string("scenarios/seed/") + id + ".expected/ExchangeSetup.log");
        for (auto& run : read_setup_log(path).runs)
            for (auto& e : run.entries) {
                std::string s = shape(e);
                if (!real_kinds.count(kind(s))) continue;  // a part no real log has (the certificate task)
                ++checked;
                if (!real_shapes.count(s)) unknown.insert(s);
            }
    }
    std::string list;
    for (auto& u : unknown) list += "  " + u + "\n";
    BOOST_TEST(unknown.empty(), "line shapes no real log has:\n" << list);
    BOOST_TEST(checked > 300);
    // Every stamp's fraction is milliseconds: .0000-.0999, and stamps never go backwards.
    for (auto id : {"expired-iis-cert", "self-signed-missing"}) {
        std::string previous;
        for (auto& run : read_setup_log(cusim::test::source_path(std::string("scenarios/seed/") + id + ".expected/ExchangeSetup.log")).runs)
            for (auto& e : run.entries) {
                BOOST_TEST(e.stamp[20] == '0', e.stamp);
                std::string sortable = e.stamp.substr(6, 4) + e.stamp.substr(0, 6) + e.stamp.substr(10);
                BOOST_TEST(sortable >= previous, e.stamp << " after " << previous);
                previous = sortable;
            }
    }
}

// ---- MS-NRBF: Get-ExchangeCertificate's SerializationData, read from the real export.

BOOST_AUTO_TEST_CASE(serialization_data_holds_the_exchange_properties) {
    auto records = read_clixml(read_file_bytes(e19("GetExchangeCertificate.xml")), "x");
    BOOST_REQUIRE_EQUAL(records.size(), 3u);
    std::vector<std::string> services, self_signed;
    for (auto& r : records) {
        nrbf::Stream s = nrbf::read(*base64_decode(r.values["SerializationData"]), "x", "");
        BOOST_TEST(s.root->class_name == "Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate");
        services.push_back(join(allowed_services_names(*s.resolve(s.root->member("Services"))->enum_value()), ","));
        self_signed.push_back(s.resolve(s.root->member("SelfSigned"))->text);
        // CertData is the certificate as a serialized store element: its last property (32) is
        // the DER of RawData.
        const nrbf::Value* data = s.resolve(s.root->member("CertData"));
        BOOST_REQUIRE(data);
        Bytes raw = *base64_decode(r.values["RawData"]);
        std::string der(raw.begin(), raw.end());
        BOOST_TEST(data->text.size() > der.size());
        BOOST_TEST(data->text.substr(data->text.size() - der.size()) == der);
    }
    // Auth certificate SMTP; "Microsoft Exchange" IMAP, POP, IIS, SMTP; WMSvc none (facts.md 2b).
    BOOST_TEST(services == (std::vector<std::string>{"SMTP", "IMAP,POP,IIS,SMTP", ""}));
    BOOST_TEST(self_signed == (std::vector<std::string>{"True", "True", "True"}));
}

BOOST_AUTO_TEST_CASE(a_cut_serialization_stream_names_the_file_and_byte) {
    auto records = read_clixml(read_file_bytes(e19("GetExchangeCertificate.xml")), "x");
    Bytes blob = *base64_decode(records[0].values["SerializationData"]);
    for (size_t cut : {size_t(0), size_t(1), size_t(17), blob.size() / 2, blob.size() - 1}) {
        try {
            nrbf::read(Bytes(blob.begin(), blob.begin() + long(cut)), "f.xml", "line 2");
            BOOST_FAIL("no error at " << cut);
        } catch (const InputError& e) {
            BOOST_TEST(std::string(e.what()).rfind("f.xml:line 2: SerializationData (MS-NRBF) at byte", 0) == 0, e.what());
        }
    }
}

BOOST_AUTO_TEST_CASE(the_import_finds_what_an_expert_would) {
    ImportedServer s = import_exchange_exports(cusim::test::shared_path("data/css-exchange/E19"), std::nullopt);
    std::string findings = join(s.findings, "\n");
    // Every https binding names 12FD38FA..., a certificate the export does not hold.
    BOOST_TEST(findings.find("0.0.0.0:443) holds certificate 12FD38FA8F58C8A74B3039962882DEFE4199D453, which is not among") !=
               std::string::npos);
    BOOST_TEST(findings.find("0.0.0.0:444") != std::string::npos);
    // The internal transport certificate export is of another server (CN=E2k16-1).
    BOOST_TEST(findings.find("D003810EBE1624145889D031FBB77ED2BD280FD3 (CN=E2k16-1)") != std::string::npos);
    BOOST_TEST(s.scenario["clock"] == "2021-09-28T17:32:01Z");
    // What import writes is a scenario by the schema too.
    std::string file = cusim::test::make_temp_dir("import-e19") + "/e19.json";
    cusim::test::write_text(file, s.scenario.dump(2));
    auto check = cusim::test::validate_json("scenarios/scenario.schema.json", file);
    BOOST_TEST(check.exit_code == 0, check.output);
}

// A folder as collector/Export-CusimServerState.ps1 writes it: the same exports, plus the server's
// clock and the certificate table (HasPrivateKey, key provider) that Export-Clixml drops.
BOOST_AUTO_TEST_CASE(the_collectors_clock_and_key_table_are_facts) {
    std::string dir = cusim::test::make_temp_dir("collector-e19");
    std::filesystem::copy(cusim::test::shared_path("data/css-exchange/E19"), dir, std::filesystem::copy_options::recursive);
    cusim::test::write_text(dir + "/clock.txt", "2024-06-12T08:00:00Z\r\n");
    cusim::test::write_text(dir + "/certificates/certificates.csv",
                            cusim::test::to_utf16("\"Store\",\"Thumbprint\",\"FriendlyName\",\"HasPrivateKey\",\"KeyProvider\",\"NetworkServiceCanRead\"\r\n"
                                                  "\"My\",\"6C7DE09FB39A40144F57EFEBC3DF0148E3A9AB28\",\"Microsoft Exchange\",\"False\",\"\",\"\"\r\n"));
    ImportedServer s = import_exchange_exports(dir, std::nullopt);
    BOOST_TEST(s.scenario["clock"] == "2024-06-12T08:00:00Z");
    std::string facts = join(s.facts, "\n");
    BOOST_TEST(facts.find("collected at 2024-06-12T08:00:00Z: clock.txt:1") != std::string::npos, facts);
    BOOST_TEST(facts.find("6C7DE09FB39A40144F57EFEBC3DF0148E3A9AB28 HasPrivateKey False") != std::string::npos, facts);
    for (auto& c : s.scenario["certificates"])
        if (c["id"] == "c-6C7DE09F") BOOST_TEST(c["privateKey"] == false);
}
