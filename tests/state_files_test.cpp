// A state written as files and read back is the same state, for every bundled scenario,
// before and after its CU; what a tool can break in the files is an input error with the
// file and line.
#define BOOST_TEST_MODULE state_files
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <filesystem>
#include <set>
#include <fmt/format.h>

#include "sim/core/input_error.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/setup/setup_run.hpp"
#include "sim/checks/state_diff.hpp"
#include "sim/formats/state_files.hpp"
#include "sim/formats/collector_folder.hpp"
#include "sim/formats/exchange_exports.hpp"
#include "sim/formats/nrbf.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_decode.hpp"
#include "tests/test_support.hpp"

using namespace cusim;

namespace {
std::vector<std::string> all_scenarios() { return find_scenario_files(cusim::test::source_path("scenarios")); }

std::string round_trip_changes(const ServerState& s, const std::string& name) {
    std::string dir = cusim::test::make_temp_dir("state-" + name);
    export_state(s, dir);
    ServerState back = import_state(dir, s);
    std::string out;
    for (auto& c : describe_changes(s, back)) out += c + "\n";
    return out;
}
// What the collector's exports say of a server, one fact a line: what `cusim import` must give
// back from a folder of them. Left out, as no export holds them: who besides the owner may use a
// key (Administrators' access, a key left in its container), a certificate that is archived, the
// domain controller and logged-on user, the CU being installed, time synchronisation, setup's
// progress (the collector's setup-registry.xml is only an assumption for the import), and a
// certificate's exportable flag outside My (only Get-ExchangeCertificate says it).
std::string collector_view(const ServerState& s) {
    std::string v = "clock " + format_iso(s.clock) + "\n";
    const ExchangeConfig& x = s.exchange;
    v += fmt::format("server {} {} {} {}\n", x.server_name, x.fqdn, x.version == ExchangeVersion::exchange2016 ? "2016" : "2019",
                     x.installed_build);
    for (auto& store : s.stores) {
        std::vector<std::string> lines;
        for (auto& e : store.entries) {
            std::string line = fmt::format("{} {} '{}' key {}", to_string(store.name), e.certificate.thumbprint(), e.friendly_name,
                                           e.has_private_key ? provider_display_name(e.key_provider) : "none");
            if (store.name == StoreName::My) {
                if (e.has_private_key) line += e.exportable ? " exportable" : " not exportable";
                auto it = x.services.find(e.certificate.thumbprint());
                std::vector<std::string> services = it == x.services.end() ? std::vector<std::string>{} : it->second;
                std::sort(services.begin(), services.end());
                line += " services " + join(services, ",");
            }
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        for (auto& l : lines) v += l + "\n";
    }
    for (auto& site : s.sites)
        for (auto& b : site.bindings) v += fmt::format("site {} {} {} {} {}\n", site.id, site.name, b.protocol, b.binding_information, b.ssl_flags);
    for (auto& b : s.ssl_bindings)
        v += fmt::format("http.sys {} {} {} {}\n", b.ip_port, b.certificate_hash, upper_hex(b.store_name), b.application_id);
    v += fmt::format("auth current {} next {} previous {} from {}\n", x.auth.current_thumbprint, x.auth.next_thumbprint,
                     x.auth.previous_thumbprint, x.auth.next_effective_date ? format_iso(*x.auth.next_effective_date) : "-");
    v += "internal transport " + x.internal_transport_thumbprint + "\n";
    for (auto& rc : x.receive_connectors)
        v += fmt::format("connector {} {} {} {}\n", rc.name, rc.fqdn, rc.tls_certificate_name, rc.front_end ? "front end" : "hub");
    return v;
}

// The thumbprints a server names that it has no certificate for: http.sys bindings (in the store
// they name), AuthConfig's, the internal transport certificate (in My).
std::set<std::string> names_not_in_store(const ServerState& s) {
    std::set<std::string> out;
    for (auto& b : s.ssl_bindings)
        if (!s.certificate_of(b)) out.insert(b.certificate_hash);
    const CertificateStore* my = s.find_store(StoreName::My);
    auto in_my = [&](const std::string& t) { return my && my->find(t); };
    const ExchangeConfig& x = s.exchange;
    for (const std::string& t : {x.auth.current_thumbprint, x.auth.next_thumbprint, x.auth.previous_thumbprint, x.internal_transport_thumbprint})
        if (!t.empty() && !in_my(t)) out.insert(t);
    return out;
}
}  // namespace

// What the collector would write on each corpus server (before its CU), read back by `cusim
// import`: the same server (issue 14), and an import that says nothing is contradictory.
BOOST_DATA_TEST_CASE(a_collector_folder_imports_as_the_same_server, boost::unit_test::data::make(all_scenarios()), path) {
    Scenario s = load_scenario(path);
    std::string dir = cusim::test::make_temp_dir("collector-" + s.id);
    write_collector_folder(s.state, dir);
    ImportedServer imported = import_exchange_exports(dir, std::nullopt);
    Scenario back = parse_scenario(imported.scenario, dir + "/exports.json");
    BOOST_TEST(collector_view(back.state) == collector_view(s.state), s.id);
    // The exports of one moment agree with each other: the import's findings are the server's own
    // references to certificates it does not have (a binding, AuthConfig, the transport service),
    // each of them and nothing else.
    std::set<std::string> missing = names_not_in_store(s.state);
    for (const std::string& f : imported.findings)
        BOOST_TEST(std::any_of(missing.begin(), missing.end(), [&](const std::string& t) { return f.find(t) != std::string::npos; }),
                   s.id << ": " << f);
    for (const std::string& t : missing)
        BOOST_TEST(std::any_of(imported.findings.begin(), imported.findings.end(),
                               [&](const std::string& f) { return f.find(t) != std::string::npos; }),
                   s.id << ": no finding names " << t);
}

// What no corpus scenario has: a next Auth certificate staged with its date (a CLIXML DateTime),
// a CNG key that cannot be exported, a friendly name outside ASCII.
BOOST_AUTO_TEST_CASE(a_collector_folder_keeps_a_staged_auth_certificate_and_key_facts) {
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/expired-iis-cert.json"));
    CertificateStore& my = s.state.store(StoreName::My);
    BOOST_REQUIRE(my.entries.size() >= 2);
    my.entries[0].key_provider = KeyProvider::cng;
    my.entries[0].exportable = false;
    my.entries[0].friendly_name = "Zertifikat f\xC3\xBCr OWA \xE2\x80\x93 2026";
    s.state.exchange.auth.next_thumbprint = my.entries[1].certificate.thumbprint();
    s.state.exchange.auth.next_effective_date = s.state.clock + std::chrono::hours{49};
    std::string dir = cusim::test::make_temp_dir("collector-staged-auth");
    write_collector_folder(s.state, dir);
    ImportedServer imported = import_exchange_exports(dir, std::nullopt);
    Scenario back = parse_scenario(imported.scenario, dir + "/exports.json");
    BOOST_TEST(collector_view(back.state) == collector_view(s.state));
}

// CLIXML's DateTime: the offset is taken off, fractions of a second are read, a bad one is no date.
BOOST_AUTO_TEST_CASE(clixml_datetimes_read_as_utc) {
    BOOST_TEST(format_iso(parse_xs_datetime("2021-11-02T10:00:00.1234567-07:00")->time) == "2021-11-02T17:00:00Z");
    BOOST_TEST(format_iso(parse_xs_datetime("2021-11-02T01:30:00+02:00")->time) == "2021-11-01T23:30:00Z");
    BOOST_TEST(parse_xs_datetime("2021-11-02T10:00:00Z")->zoned);
    BOOST_TEST(!parse_xs_datetime("2021-11-02T10:00:00")->zoned);
    BOOST_TEST(!parse_xs_datetime("11/2/2021 10:00:00 AM"));
    BOOST_TEST(!parse_xs_datetime("2021-11-02T10:00:00+2:00"));
}

BOOST_DATA_TEST_CASE(export_then_import_changes_nothing, boost::unit_test::data::make(all_scenarios()), path) {
    Scenario s = load_scenario(path);
    BOOST_TEST(round_trip_changes(s.state, s.id + "-before") == "", s.id);
    BOOST_TEST(round_trip_changes(run_setup(s.state).state, s.id + "-after") == "", s.id);
}

BOOST_AUTO_TEST_CASE(netsh_output_reads_back) {
    auto b = parse_netsh_sslcert(cusim::test::read_text(cusim::test::source_path("tests/state/seed-expired-after-cu/netsh-http-sslcert.txt")), "x");
    BOOST_REQUIRE_EQUAL(b.size(), 3u);
    BOOST_TEST(b[0].ip_port == "0.0.0.0:443");
    BOOST_TEST(b[2].ip_port == "0.0.0.0:444");
    BOOST_TEST(b[0].certificate_hash.size() == 40u);
}

BOOST_AUTO_TEST_CASE(a_bad_hash_names_the_line) {
    try {
        parse_netsh_sslcert("\n    IP:port                      : 0.0.0.0:443\n    Certificate Hash             : xyz\n", "n.txt");
        BOOST_FAIL("no error");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()) == "n.txt:line 3: 'xyz' is not a 40-digit hash");
    }
}

BOOST_AUTO_TEST_CASE(a_link_in_the_state_folder_is_refused) {
    // A program fix could leave certificates/My/<thumbprint>.cer -> /etc/shadow for cusim to read.
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/healthy.json"));
    std::string dir = cusim::test::make_temp_dir("state-with-a-link");
    export_state(s.state, dir);
    std::filesystem::path cer;
    for (auto& f : std::filesystem::directory_iterator(dir + "/certificates/My"))
        if (f.path().extension() == ".cer") cer = f.path();
    BOOST_REQUIRE(!cer.empty());
    std::filesystem::remove(cer);
    std::filesystem::create_symlink("/etc/hostname", cer);
    try {
        import_state(dir, s.state);
        BOOST_FAIL("no error");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()).find("is a symbolic link; a state folder holds files and folders only") != std::string::npos,
                   e.what());
    }
}

BOOST_AUTO_TEST_CASE(a_state_folder_saved_as_utf16_reads_the_same) {
    // An admin who edits the folder in PowerShell 5.1 (Out-File, Set-Content -Encoding Unicode)
    // leaves UTF-16LE with a BOM; a UTF-16 netsh file once imported as "no bindings at all".
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/healthy.json"));
    std::string dir = cusim::test::make_temp_dir("state-utf16");
    export_state(s.state, dir);
    bool big_endian = false;
    for (const char* f : {"clock.txt", "netsh-http-sslcert.txt", "certificates/certificates.xml", "iis/applicationHost.config",
                          "exchange/ExchangeCertificate.xml", "exchange/AuthConfig.xml"}) {
        std::string path = dir + "/" + f;
        cusim::test::write_text(path, cusim::test::to_utf16(cusim::test::read_text(path), big_endian));
        big_endian = !big_endian;
    }
    ServerState back = import_state(dir, s.state);
    std::string changes;
    for (auto& c : describe_changes(s.state, back)) changes += c + "\n";
    BOOST_TEST(changes == "");
    BOOST_TEST(back.ssl_bindings.size() == s.state.ssl_bindings.size());
}

BOOST_AUTO_TEST_CASE(text_that_is_not_netsh_output_is_an_error_not_no_bindings) {
    BOOST_CHECK_THROW(parse_netsh_sslcert(std::string("I\0P\0:\0p\0o\0r\0t\0", 14), "n.txt"), InputError);
    BOOST_TEST(parse_netsh_sslcert("\nSSL Certificate bindings:\n-------------------------\n\n", "n.txt").empty());
    BOOST_TEST(parse_netsh_sslcert("", "n.txt").empty());
}

// MS-NRBF (sim/formats/nrbf), on a stream made by hand in the shape of an ExchangeCertificate's
// SerializationData (tests/fuzz/corpus/nrbf/certificate-like.nrbf): an enum as a class with
// value__, a bool, a string, a reference to a byte array that follows the root.

BOOST_AUTO_TEST_CASE(a_binaryformatter_stream_reads_as_a_tree) {
    std::string text = cusim::test::read_text(cusim::test::source_path("tests/fuzz/corpus/nrbf/certificate-like.nrbf"));
    nrbf::Stream s = nrbf::read(std::vector<unsigned char>(text.begin(), text.end()), "f", "line 1");
    BOOST_TEST(s.root->class_name == "Example.Certificate");
    BOOST_TEST(*s.resolve(s.root->member("Services"))->enum_value() == 27);
    BOOST_TEST(allowed_services_names(27) == (std::vector<std::string>{"IMAP", "POP", "IIS", "SMTP"}));
    BOOST_TEST(s.resolve(s.root->member("PrivateKeyExportable"))->text == "True");
    BOOST_TEST(s.resolve(s.root->member("Identity"))->text == "EX01");
    BOOST_TEST(s.resolve(s.root->member("CertData"))->text == std::string("\x30\x03\x02", 3));
    // Any byte changed to an unknown record type is an error naming the byte, never a crash.
    for (size_t i = 0; i < text.size(); ++i) {
        std::string bad = text;
        bad[i] = char(0x7F);
        try {
            nrbf::read(std::vector<unsigned char>(bad.begin(), bad.end()), "f", "line 1");
        } catch (const InputError& e) {
            BOOST_TEST(std::string(e.what()).find("f:line 1: SerializationData (MS-NRBF) at byte") == 0, e.what());
        }
    }
}

// What cusim prints for `netsh http show sslcert` (tool_output) reads back to the same bindings,
// for every bundled scenario before and after its CU, in the encodings a real server's file comes
// in: UTF-8 as the collector writes it, with a BOM and CRLF (Set-Content -Encoding UTF8), and
// UTF-16LE with a BOM (`netsh ... > file` in Windows PowerShell 5.1).
BOOST_DATA_TEST_CASE(netsh_text_reads_back_to_the_same_bindings, boost::unit_test::data::make(all_scenarios()), path) {
    Scenario s = load_scenario(path);
    for (const ServerState& state : {s.state, run_setup(s.state).state}) {
        std::string text = netsh_show_sslcert(state, "");
        std::string crlf;
        for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        for (const std::string& bytes : {text, "\xEF\xBB\xBF" + crlf, cusim::test::to_utf16(crlf)}) {
            auto back = read_netsh_sslcert(decode_text(bytes, "n.txt").utf8, "n.txt");
            BOOST_REQUIRE_EQUAL(back.size(), state.ssl_bindings.size());
            for (size_t i = 0; i < back.size(); ++i) {
                BOOST_TEST(back[i].binding.ip_port == state.ssl_bindings[i].ip_port, s.id);
                BOOST_TEST(back[i].binding.certificate_hash == state.ssl_bindings[i].certificate_hash, s.id);
                BOOST_TEST(back[i].binding.application_id == state.ssl_bindings[i].application_id, s.id);
                BOOST_TEST(back[i].binding.store_name == state.ssl_bindings[i].store_name, s.id);
            }
        }
    }
}

// The same through `cusim import`: the synthetic collector folder of EX01 (tests/import), its
// netsh text replaced by what cusim writes for the state its scenario loads to, imports to the
// same httpSys section.
BOOST_AUTO_TEST_CASE(import_reads_back_the_netsh_text_cusim_writes) {
    std::string dir = cusim::test::make_temp_dir("netsh-round-trip");
    std::filesystem::copy(cusim::test::source_path("tests/import/ex01-collector"), dir, std::filesystem::copy_options::recursive);
    ImportedServer first = import_exchange_exports(dir, std::nullopt);
    std::string file = dir + "/../netsh-round-trip.json";
    cusim::test::write_text(file, first.scenario.dump(2));
    Scenario s = load_scenario(file);
    cusim::test::write_text(dir + "/netsh-http-sslcert.txt", netsh_show_sslcert(s.state, ""));
    ImportedServer second = import_exchange_exports(dir, std::nullopt);
    BOOST_TEST(second.scenario["httpSys"].dump() == first.scenario["httpSys"].dump());
    BOOST_TEST(first.scenario["httpSys"].size() == 3u);
    // What import writes is a scenario by the schema.
    auto check = cusim::test::validate_json("scenarios/scenario.schema.json", file);
    BOOST_TEST(check.exit_code == 0, check.output);
}

// A server's own copy of netsh's text (`netsh http show sslcert > file` in Windows PowerShell 5.1:
// UTF-16LE with a BOM, CRLF) imports as the collector's UTF-8 does; a .cer that is not DER is an
// error naming the file.
BOOST_AUTO_TEST_CASE(a_utf16_netsh_file_imports_the_same_and_a_bad_cer_is_an_error) {
    std::string dir = cusim::test::make_temp_dir("netsh-utf16");
    std::filesystem::copy(cusim::test::source_path("tests/import/ex01-collector"), dir, std::filesystem::copy_options::recursive);
    ImportedServer first = import_exchange_exports(dir, std::nullopt);
    std::string text = decode_text(cusim::test::read_text(dir + "/netsh-http-sslcert.txt"), "n.txt").utf8;
    std::string crlf;
    for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cusim::test::write_text(dir + "/netsh-http-sslcert.txt", cusim::test::to_utf16(crlf));
    ImportedServer second = import_exchange_exports(dir, std::nullopt);
    BOOST_TEST(second.scenario["httpSys"].dump() == first.scenario["httpSys"].dump());
    BOOST_TEST(join(second.facts, "\n") == join(first.facts, "\n"));
    cusim::test::write_text(dir + "/certificates/Root/0000000000000000000000000000000000000000.cer", "not a certificate");
    try {
        import_exchange_exports(dir, std::nullopt);
        BOOST_FAIL("no error");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()).find("certificates/Root/0000000000000000000000000000000000000000.cer") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(a_netsh_line_not_understood_names_file_and_line) {
    const std::string head = "\nSSL Certificate bindings:\n-------------------------\n\n";
    auto error = [&](const std::string& text) {
        try {
            read_netsh_sslcert(head + text, "n.txt");
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(error("    IP:port                      : 0.0.0.0:443\n    Hash : 00\n") ==
               "n.txt:line 6: 'Hash' is not a field this version knows in `netsh http show sslcert`");
    BOOST_TEST(error("    IP:port                      : [::]:443\n") ==
               "n.txt:line 5: IP:port '[::]:443' is not address:port (an IPv6 endpoint is not modelled)");
    BOOST_TEST(error("    IP:port                      : 0.0.0.0:443\n    Usage Check : Enabled\n    Usage Check : Enabled\n") ==
               "n.txt:line 7: 'Usage Check' twice in the binding of line 5");
    BOOST_TEST(error("garbage\n") == "n.txt:line 5: 'garbage' is not a line of `netsh http show sslcert` (name : value)");
}

// netsh on Windows Server 2019/2022 prints more settings and "Extended Properties:" blocks after
// the fields of older Windows (the layout as admins paste it from those servers): the bindings
// read the same, a store shown as (null) is MY, and a setting other than IIS's default is said to
// be outside the model (import lists it; a state file refuses it).
BOOST_AUTO_TEST_CASE(newer_netsh_output_reads_and_says_what_it_does_not_model) {
    const std::string text =
        "\nSSL Certificate bindings:\n-------------------------\n\n"
        "    IP:port                      : 0.0.0.0:443\n"
        "    Certificate Hash             : 2ace368a90d2117be7a0065dfe259b2e8c94f538\n"
        "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\n"
        "    Certificate Store Name       : (null)\n"
        "    Verify Client Certificate Revocation : Enabled\n"
        "    Verify Revocation Using Cached Client Certificate Only : Disabled\n"
        "    Usage Check                  : Enabled\n"
        "    Revocation Freshness Time    : 0\n"
        "    URL Retrieval Timeout        : 0\n"
        "    Ctl Identifier               : (null)\n"
        "    Ctl Store Name               : (null)\n"
        "    DS Mapper Usage              : Disabled\n"
        "    Negotiate Client Certificate : Disabled\n"
        "    Reject Connections           : Disabled\n"
        "    Disable HTTP2                : Not Set\n"
        "    Disable QUIC                 : Not Set\n"
        "    Disable TLS1.2               : Not Set\n"
        "    Disable TLS1.3               : Set\n"
        "    Disable OCSP Stapling        : Not Set\n"
        "    Enable Token Binding         : Not Set\n"
        "    Log Extended Events          : Not Set\n"
        "    Disable Legacy TLS Versions  : Not Set\n"
        "    Enable Session Ticket        : Not Set\n"
        "    Disable Session ID           : Not Set\n"
        "    Enable Caching Client Hello  : Not Set\n"
        " Extended Properties:\n"
        "    PropertyId                   : 0\n"
        "    Receive Window               : 1048576\n"
        " Extended Properties:\n"
        "    PropertyId                   : 1\n"
        "    Max Settings Per Frame       : 2796202\n"
        "    Max Settings Per Minute      : 4294967295\n"
        "\n"
        "    IP:port                      : 127.0.0.1:443\n"
        "    Certificate Hash             : 2ace368a90d2117be7a0065dfe259b2e8c94f538\n"
        "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\n"
        "    Certificate Store Name       : My\n"
        " Extended Properties:\n"
        "    PropertyId                   : 0\n";
    auto b = read_netsh_sslcert(text, "n.txt");
    BOOST_REQUIRE_EQUAL(b.size(), 2u);
    BOOST_TEST(b[0].binding.store_name == "MY");
    BOOST_TEST(b[0].binding.certificate_hash == "2ACE368A90D2117BE7A0065DFE259B2E8C94F538");
    BOOST_REQUIRE_EQUAL(b[0].not_modelled.size(), 1u);
    BOOST_TEST(b[0].not_modelled[0].line == 22);
    BOOST_TEST(b[0].not_modelled[0].what ==
               "Disable TLS1.3 : Set (line 22, the binding 0.0.0.0:443): the simulation takes the default, Not Set");
    BOOST_TEST(b[1].binding.ip_port == "127.0.0.1:443");
    BOOST_TEST(b[1].not_modelled.empty());
    try {
        parse_netsh_sslcert(text, "n.txt");
        BOOST_FAIL("a state file took a setting it cannot hold");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()).rfind("n.txt:line 22: not modelled: Disable TLS1.3 : Set", 0) == 0, e.what());
    }
    auto error = [&](const std::string& tail) {
        try {
            read_netsh_sslcert(text + tail, "n.txt");
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(error("    PropertyId                   : 1\n") == "n.txt:line 44: 'PropertyId' twice in one Extended Properties block");
    BOOST_TEST(error("    Receive Windows              : 1\n") ==
               "n.txt:line 44: 'Receive Windows' is not a field this version knows in netsh's Extended Properties");
}
