// Golden tests over the scenario corpus: every scenario that has a `<name>.expected/`
// folder beside it must print exactly console.txt and write exactly ExchangeSetup.log.
// Every scenario's own expectations must hold, and every file must match the schema.
#define BOOST_TEST_MODULE scenarios
#include <sys/stat.h>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <regex>

#include "sim/core/input_error.hpp"
#include "sim/formats/input_paths.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/setup/setup_run.hpp"
#include "tests/test_support.hpp"

using namespace cusim;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> all_scenarios() { return find_scenario_files(cusim::test::source_path("scenarios")); }

std::vector<std::string> golden_scenarios() {
    std::vector<std::string> out;
    for (auto& f : all_scenarios()) {
        fs::path p(f);
        if (fs::is_directory(p.parent_path() / (p.stem().string() + ".expected"))) out.push_back(f);
    }
    return out;
}

std::string short_name(const std::string& path) { return fs::path(path).lexically_relative(cusim::test::source_path("")).string(); }

void compare_golden(const fs::path& expected, const std::string& actual) {
    if (cusim::test::update_golden()) cusim::test::write_text(expected.string(), actual);
    std::string diff = cusim::test::line_diff(cusim::test::read_text(expected.string()), actual);
    BOOST_TEST(diff.empty(), expected.string() << " differs:\n" << diff);
}
}  // namespace

BOOST_DATA_TEST_CASE(golden_console_and_log, boost::unit_test::data::make(golden_scenarios()), path) {
    BOOST_TEST_MESSAGE(short_name(path));
    Scenario s = load_scenario(path);
    SetupResult r = run_setup(s.state);
    fs::path dir = fs::path(path).parent_path() / (fs::path(path).stem().string() + ".expected");
    compare_golden(dir / "console.txt", r.console);
    compare_golden(dir / "ExchangeSetup.log", r.log);
}

BOOST_DATA_TEST_CASE(setup_expectations_hold, boost::unit_test::data::make(all_scenarios()), path) {
    Scenario s = load_scenario(path);
    SetupResult r = run_setup(s.state);
    const auto& e = s.expectations.setup;
    if (e.completes) BOOST_TEST(r.completed == *e.completes, short_name(path) << ": setup completed=" << r.completed);
    if (!e.failed_step.empty()) {
        BOOST_REQUIRE_MESSAGE(r.error.has_value(), short_name(path) << ": setup did not fail");
        BOOST_TEST(r.error->step == e.failed_step);
    }
    if (!e.error.empty()) BOOST_TEST(r.console.find(e.error) != std::string::npos, short_name(path) << ": no '" << e.error << "'");
}

BOOST_AUTO_TEST_CASE(bundled_scenarios_match_the_schema) {
    auto r = cusim::test::validate_json("scenarios/scenario.schema.json", cusim::test::source_path("scenarios"));
    BOOST_TEST(r.exit_code == 0, r.output);
}

BOOST_AUTO_TEST_CASE(schema_rejects_a_scenario_with_a_typo) {
    std::string dir = cusim::test::make_temp_dir("schema-typo");
    std::string text = cusim::test::read_text(cusim::test::source_path("scenarios/seed/healthy.json"));
    text.replace(text.find("\"httpSys\""), 9, "\"httpSyss\"");
    cusim::test::write_text(dir + "/typo.json", text);
    auto r = cusim::test::validate_json("scenarios/scenario.schema.json", dir + "/typo.json");
    BOOST_TEST(r.exit_code == 1, r.output);
    BOOST_TEST(r.output.find("httpSyss") != std::string::npos, r.output);
}

// A scenario's id names a folder (`cusim simulate` logs to cusim-logs/<id>): the loader and the
// schema admit the same safe names, and the loader's error points at /id.
BOOST_AUTO_TEST_CASE(scenario_ids_are_safe_names_for_the_loader_and_the_schema) {
    const std::string healthy = cusim::test::source_path("scenarios/seed/healthy.json");
    const std::vector<std::string> good = {"seed-healthy", "a", "0", "a.b-c", "x1.2", std::string(100, 'a')};
    const std::vector<std::string> bad = {"../x", "/tmp/x", "a/b", "..", "a..b", ".hidden", "a\\b", std::string("a\0b", 3),
                                          "A", "", "-a", "caf\xC3\xA9", "a b", std::string(101, 'a')};
    std::string dir = cusim::test::make_temp_dir("scenario-ids");
    fs::create_directories(dir + "/good");
    fs::create_directories(dir + "/bad");
    int n = 0;
    for (auto* ids : {&good, &bad})
        for (auto& id : *ids) {
            Json doc = load_json_file(healthy);
            doc["id"] = id;
            bool loads = true;
            try {
                parse_scenario(doc, healthy);
            } catch (const InputError& e) {
                loads = false;
                BOOST_TEST(e.location() == "/id", e.what());
                BOOST_TEST(e.file() == healthy);
            }
            BOOST_TEST(loads == (ids == &good), "id '" << id << "': the loader " << (loads ? "accepts" : "refuses") << " it");
            cusim::test::write_text(dir + (ids == &good ? "/good/" : "/bad/") + std::to_string(++n) + ".json",
                                    doc.dump(2, ' ', false, Json::error_handler_t::replace));
        }
    auto g = cusim::test::validate_json("scenarios/scenario.schema.json", dir + "/good");
    BOOST_TEST(g.exit_code == 0, g.output);
    auto b = cusim::test::validate_json("scenarios/scenario.schema.json", dir + "/bad");
    BOOST_TEST(b.output.find("0 of " + std::to_string(bad.size()) + " files valid") != std::string::npos, b.output);
}

BOOST_AUTO_TEST_CASE(every_bundled_scenario_names_the_schema) {
    for (auto& f : all_scenarios()) BOOST_TEST(cusim::load_json_file(f).contains("$schema"), short_name(f));
}

// CSS-Exchange SetupLogReviewer's rule for this failure (Test-ExpiredCertificate.ps1,
// facts.md 1c) must find the scenario's certificate in the generated log.
BOOST_AUTO_TEST_CASE(setup_log_reviewer_reads_the_expired_certificate) {
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/expired-iis-cert.json"));
    SetupResult r = run_setup(s.state);
    // SelectStringLastRunOfExchangeSetup: only the part after the last setup header counts.
    std::string last = r.log.substr(r.log.rfind("Starting Microsoft Exchange Server"));
    BOOST_TEST(std::regex_search(last, std::regex(R"(\[ERROR\] The certificate is expired.)")));
    std::smatch m;
    std::regex info(
        R"(Installing certificate signed by '(.*)' for site '(.*)'.  Certificate is valid from (\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} \w\w) until (\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} \w\w))");
    BOOST_REQUIRE(std::regex_search(last, m, info));
    const auto& cert = s.state.find_certificate(s.certificate_ids.at("mail-2023"))->certificate;
    BOOST_TEST(m[1].str() == cert.issuer());
    BOOST_TEST(m[2].str() == "CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US");
    BOOST_TEST(m[3].str() == "5/1/2023 12:00:00 AM");
    BOOST_TEST(m[4].str() == "5/31/2024 11:59:59 PM");
}

BOOST_AUTO_TEST_CASE(failed_run_leaves_the_server_half_upgraded_and_resumable) {
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/expired-iis-cert.json"));
    SetupResult failed = run_setup(s.state);
    BOOST_REQUIRE(!failed.completed);
    const ServerState& half = failed.state;
    BOOST_TEST(half.setup.upgrade_in_progress);
    BOOST_TEST(!half.exchange.management_usable);
    BOOST_TEST(half.setup.failed_step == "Mailbox role: Transport service");
    BOOST_TEST(!half.setup.disabled_services.empty());
    BOOST_TEST((half.clock > s.state.clock));

    // Unchanged, the re-run fails at the same task.
    SetupResult again = run_setup(half);
    BOOST_TEST(again.resumed);
    BOOST_TEST(!again.completed);
    BOOST_TEST(again.log.find("Setup failed previously while performing the action Install.  Looking for the failed "
                              "task with ID BridgeheadComponent___") != std::string::npos);

    // Rebinding both 443 bindings to the valid self-signed certificate lets it finish.
    ServerState fixed = half;
    for (auto& b : fixed.ssl_bindings)
        if (b.ip_port.ends_with(":443")) b.certificate_hash = s.certificate_ids.at("microsoft-exchange");
    SetupResult done = run_setup(fixed);
    BOOST_TEST(done.completed, done.console);
    BOOST_TEST(done.state.exchange.management_usable);
    BOOST_TEST(!done.state.setup.upgrade_in_progress);
    BOOST_TEST(done.state.exchange.installed_build == "15.2.1544.4");
    // The completed roles before the failure are not run again.
    BOOST_TEST(done.log.find("Setup will run the task 'Install-AdminToolsRole'") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(dangling_binding_falls_back_to_the_self_signed_certificate) {
    // R3 (inferred): a 443 hash that is in no store.
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/healthy.json"));
    ServerState st = s.state;
    for (auto& b : st.ssl_bindings)
        if (b.ip_port == "127.0.0.1:443") b.certificate_hash = std::string(40, 'A');
    SetupResult r = run_setup(st);
    BOOST_TEST(r.completed);
    BOOST_TEST(r.state.find_ssl_binding("127.0.0.1:443")->certificate_hash == s.certificate_ids.at("microsoft-exchange"));
    BOOST_TEST(r.log.find("The certificate with thumbprint AAAA") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_auth_certificate_is_created_by_setup) {
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/healthy.json"));
    ServerState st = s.state;
    st.exchange.auth.current_thumbprint.clear();
    SetupResult r = run_setup(st);
    BOOST_TEST(r.completed);
    const std::string& t = r.state.exchange.auth.current_thumbprint;
    BOOST_REQUIRE(!t.empty());
    const StoreEntry* e = r.state.find_certificate(t);
    BOOST_REQUIRE(e);
    BOOST_TEST(e->certificate.subject() == "CN=Microsoft Exchange Server Auth Certificate");
    BOOST_TEST((e->certificate.not_after() - e->certificate.not_before() == std::chrono::seconds(std::chrono::days{1800})));
    // Deterministic: the same run makes the same certificate.
    BOOST_TEST(run_setup(st).state.exchange.auth.current_thumbprint == t);
}

BOOST_AUTO_TEST_CASE(key_acl_fails_in_the_client_access_front_end_step) {
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/healthy.json"));
    ServerState st = s.state;
    st.store(StoreName::My).find(s.certificate_ids.at("mail-2024"))->administrators_full_control = false;
    SetupResult r = run_setup(st);
    BOOST_REQUIRE(r.error.has_value());
    BOOST_TEST(r.error->step == "Mailbox role: Client Access Front End service");
    BOOST_TEST(r.console.find("Insufficient rights to grant Network Service access to the certificate with thumbprint " +
                              s.certificate_ids.at("mail-2024")) != std::string::npos);
    BOOST_TEST(r.console.find("Install-ExchangeCertificate -services \"IIS, POP, IMAP\"") != std::string::npos);
}


// ---------------------------------------------------------------- where an input may point
// One resolver (sim/formats/input_paths): canonical once, checked, and the checked path opened.
BOOST_AUTO_TEST_SUITE(input_paths)

namespace {
// A scenario with one certificate read from `file`, in `dir`.
void write_scenario(const fs::path& path, const std::string& file) {
    cusim::test::write_text(path.string(), R"({"id": "paths", "title": "t", "source": "seed", "clock": "2024-06-12",
  "server": {"name": "EX01", "fqdn": "ex01.contoso.local"},
  "certificates": [{"id": "c", "file": ")" + file + R"(", "stores": ["Root"]}]})");
}
std::string failure_of(const fs::path& scenario) {
    try {
        load_scenario(scenario.string());
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_path_through_a_link_and_back_reads_what_was_checked) {
    // `inner-link/../../x.pem` with inner-link a link deeper inside: the kernel makes it a file
    // inside the folder (checked), the lexical path a file outside; the old resolver checked the
    // one and opened the other, reading the file outside.
    fs::path root = cusim::test::make_temp_dir("paths-link-and-back");
    fs::path scen = root / "scen";
    fs::create_directories(scen / "a" / "b" / "c" / "d" / "e");
    fs::create_directory_symlink("a/b/c/d/e", scen / "inner-link");
    fs::copy_file(cusim::test::source_path("fixtures/certs/contoso-root-ca.pem"), scen / "a" / "b" / "c" / "x.pem");
    fs::copy_file(cusim::test::source_path("fixtures/certs/mail-contoso-2024.pem"), root / "x.pem");  // outside
    write_scenario(scen / "s.json", "inner-link/../../x.pem");
    Scenario s = load_scenario((scen / "s.json").string());
    const StoreEntry* e = s.state.find_store(StoreName::Root) ? &s.state.find_store(StoreName::Root)->entries.at(0) : nullptr;
    BOOST_REQUIRE(e);
    BOOST_TEST(e->certificate.subject().find("Contoso Root CA") != std::string::npos, e->certificate.subject());
}

BOOST_AUTO_TEST_CASE(a_link_that_leaves_the_folder_is_refused) {
    fs::path root = cusim::test::make_temp_dir("paths-link-out");
    fs::create_directories(root / "scen");
    fs::copy_file(cusim::test::source_path("fixtures/certs/contoso-root-ca.pem"), root / "secret.pem");
    fs::create_symlink("../secret.pem", root / "scen" / "here.pem");
    write_scenario(root / "scen" / "s.json", "here.pem");
    BOOST_TEST(failure_of(root / "scen" / "s.json").find("'here.pem' is outside the folder of s.json") != std::string::npos,
               failure_of(root / "scen" / "s.json"));
}

BOOST_AUTO_TEST_CASE(a_fixtures_folder_near_the_input_is_not_trusted) {
    // A `fixtures -> /` link beside the scenario, or a fixtures/ planted in a folder above it,
    // once became the trusted root (and key pool) of the scenarios below it.
    fs::path root = cusim::test::make_temp_dir("paths-planted-fixtures");
    fs::create_directories(root / "scenarios" / "seed");
    fs::create_directory_symlink("/", root / "scenarios" / "seed" / "fixtures");
    write_scenario(root / "scenarios" / "seed" / "s.json", "fixtures/etc/passwd");
    BOOST_TEST(failure_of(root / "scenarios" / "seed" / "s.json").find("is outside the folder") != std::string::npos);
    fs::create_directories(root / "fixtures" / "certs");
    fs::copy_file(cusim::test::source_path("fixtures/certs/contoso-root-ca.pem"), root / "fixtures" / "certs" / "planted.pem");
    write_scenario(root / "scenarios" / "seed" / "t.json", "../../fixtures/certs/planted.pem");
    BOOST_TEST(failure_of(root / "scenarios" / "seed" / "t.json").find("is outside the folder") != std::string::npos);
    // The trusted fixtures folder still serves every scenario, wherever it is.
    write_scenario(root / "scenarios" / "seed" / "u.json", cusim::fixtures_root().string() + "/certs/contoso-root-ca.pem");
    BOOST_TEST(failure_of(root / "scenarios" / "seed" / "u.json") == "");
}

BOOST_AUTO_TEST_CASE(a_utf16_scenario_reads_as_the_utf8_one) {
    fs::path root = cusim::test::make_temp_dir("paths-utf16-json");
    write_scenario(root / "s.json", cusim::fixtures_root().string() + "/certs/contoso-root-ca.pem");
    cusim::test::write_text((root / "t.json").string(), cusim::test::to_utf16(cusim::test::read_text((root / "s.json").string())));
    Scenario a = load_scenario((root / "s.json").string()), b = load_scenario((root / "t.json").string());
    BOOST_TEST(a.state.find_store(StoreName::Root)->entries.at(0).certificate.thumbprint() ==
               b.state.find_store(StoreName::Root)->entries.at(0).certificate.thumbprint());
    // An error in a UTF-16 file quotes the decoded text and names the line of the text.
    cusim::test::write_text((root / "u.json").string(), cusim::test::to_utf16("{\r\n \"id\": \"x\",\r\n \"clock\": nope\r\n}\r\n"));
    try {
        load_scenario((root / "u.json").string());
        BOOST_FAIL("no error");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()).find("line 3: malformed JSON") != std::string::npos, e.what());
        BOOST_TEST(std::string(e.what()).find("last read: '\"clock\": no'") != std::string::npos, e.what());
        BOOST_TEST(std::string(e.what()).find('\0') == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_pipe_or_a_folder_is_not_a_certificate_file) {
    fs::path root = cusim::test::make_temp_dir("paths-not-a-file");
    BOOST_REQUIRE(mkfifo((root / "fifo.pem").c_str(), 0600) == 0);
    write_scenario(root / "s.json", "fifo.pem");
    BOOST_TEST(failure_of(root / "s.json").find("'fifo.pem' is not a regular file") != std::string::npos, failure_of(root / "s.json"));
    fs::create_directories(root / "d.pem");
    write_scenario(root / "t.json", "d.pem");
    BOOST_TEST(failure_of(root / "t.json").find("'d.pem' is a folder") != std::string::npos);
}

// The product of a build as HealthChecker tells them apart (15.2 from 2562 on is SE), and the paths setup takes in
// place (Microsoft Learn, upgrade-to-exchange-server-se): 2019 CU14/CU15 to SE, never 2016 to 2019 or SE.
BOOST_AUTO_TEST_CASE(exchange_se_builds_and_upgrade_paths) {
    BOOST_TEST((version_of_build("15.2.2562.17") == ExchangeVersion::exchange_se));
    BOOST_TEST((version_of_build("15.2.1748.10") == ExchangeVersion::exchange2019));
    BOOST_TEST((version_of_build("15.1.2507.6") == ExchangeVersion::exchange2016));
    BOOST_TEST(!version_of_build("15.0.1497.2"));
    BOOST_TEST(!version_of_build("15.2.2562.17x"));
    const UpgradeTarget* se = find_upgrade_target("SE");
    BOOST_REQUIRE(se);
    ExchangeConfig cu14;
    cu14.installed_build = "15.2.1544.4";
    BOOST_TEST(set_upgrade_target(cu14, *se) == "");
    BOOST_TEST(cu14.target_build == "15.2.2562.17");
    BOOST_TEST((cu14.target_version() == ExchangeVersion::exchange_se));
    ExchangeConfig cu13;  // 15.2.1258.12
    BOOST_TEST(set_upgrade_target(cu13, *se).find("CU14 or CU15 first") != std::string::npos);
    BOOST_TEST(cu13.target_build == "15.2.1544.4");  // unchanged
    ExchangeConfig e2016;
    e2016.version = ExchangeVersion::exchange2016;
    e2016.installed_build = "15.1.2507.6";
    BOOST_TEST(set_upgrade_target(e2016, *se).find("legacy upgrade") != std::string::npos);
    BOOST_TEST(set_upgrade_target(e2016, *find_upgrade_target("2016-CU23")).find("not older") != std::string::npos);
    // The CU to SE leaves an SE server behind.
    Scenario s = load_scenario(cusim::test::source_path("scenarios/se/cu14-healthy.json"));
    BOOST_REQUIRE(set_upgrade_target(s.state.exchange, *se) == "");
    SetupResult done = run_setup(s.state, SetupOptions{80, false});
    BOOST_TEST(done.completed);
    BOOST_TEST((done.state.exchange.version == ExchangeVersion::exchange_se));
    BOOST_TEST(done.state.exchange.installed_build == "15.2.2562.17");
}

BOOST_AUTO_TEST_SUITE_END()
