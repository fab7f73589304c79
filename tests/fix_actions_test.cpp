// The recovery actions, one by one: what they change, and the real tool's error when
// they cannot run. Each case writes a small fix file and applies it to a seed scenario.
#define BOOST_TEST_MODULE fix_actions
#include <boost/test/unit_test.hpp>

#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/runbook.hpp"
#include "sim/core/input_error.hpp"
#include "tests/test_support.hpp"

using namespace cusim;
using cusim::test::source_path;

namespace {
// Writes the fix into a temp folder; `%F` in the text stands for a copy of fixtures/pfx/ beside
// it, so that the fix reads its files from its own folder wherever the build folder is.
Fix make_fix(const std::string& name, const std::string& when, std::string actions_json) {
    std::string dir = cusim::test::make_temp_dir("fix-" + name);
    if (actions_json.find("%F") != std::string::npos) {
        std::filesystem::create_directories(dir + "/fixtures");
        std::filesystem::copy(source_path("fixtures/pfx"), dir + "/fixtures/pfx", std::filesystem::copy_options::recursive);
    }
    for (size_t pos; (pos = actions_json.find("%F")) != std::string::npos;) actions_json.replace(pos, 2, "fixtures");
    std::string path = dir + "/" + name + ".json";
    cusim::test::write_text(path, "{\"id\": \"" + name + "\", \"title\": \"t\", \"when\": \"" + when +
                                      "\", \"actions\": " + actions_json + "}");
    return load_fix(path);
}

RunRecord apply(const std::string& scenario, const Fix& fix) {
    Scenario s = load_scenario(source_path("scenarios/seed/" + scenario + ".json"));
    Baseline b = run_baseline(s);
    return run_fix(s, b, fix);
}

const std::string& last_output(const RunRecord& r) { return r.actions.back().output; }
}  // namespace

BOOST_AUTO_TEST_CASE(netsh_errors_are_the_real_ones) {
    auto add = make_fix("netsh-add-existing", "after-failure",
                        R"([{"action": "netsh-add-sslcert", "ipport": "0.0.0.0:443", "certificate": {"friendlyName": "Microsoft Exchange"}}])");
    auto r = apply("expired-iis-cert", add);
    BOOST_TEST(to_string(r.outcome) == "invalid");
    BOOST_TEST(last_output(r) == "SSL Certificate add failed, Error: 183\nCannot create a file when that file already exists.");

    auto del = make_fix("netsh-delete-missing", "after-failure", R"([{"action": "netsh-delete-sslcert", "ipport": "10.0.0.5:443"}])");
    BOOST_TEST(last_output(apply("expired-iis-cert", del)) ==
               "SSL Certificate deletion failed, Error: 2\nThe system cannot find the file specified.");

    auto readd = make_fix("netsh-delete-add", "after-failure", R"([
        {"action": "netsh-delete-sslcert", "ipport": "127.0.0.1:443"},
        {"action": "netsh-add-sslcert", "ipport": "127.0.0.1:443", "certificate": {"friendlyName": "Microsoft Exchange"}},
        {"action": "netsh-update-sslcert", "ipport": "0.0.0.0:443", "certificate": {"friendlyName": "Microsoft Exchange"}}])");
    auto ok = apply("expired-iis-cert", readd);
    BOOST_TEST(to_string(ok.outcome) == "succeeds", ok.error);
    BOOST_TEST(ok.actions[1].output == "SSL Certificate successfully added");
    BOOST_TEST(ok.actions[0].changes.at(0) == "http.sys 127.0.0.1:443: deleted");
}

BOOST_AUTO_TEST_CASE(exchange_cmdlets_need_management) {
    auto fix = make_fix("new-cert-after-failure", "after-failure",
                        R"([{"action": "new-exchange-certificate", "domainNames": ["EX01", "EX01.contoso.local"], "services": ["IIS", "SMTP"]}])");
    auto r = apply("expired-iis-cert", fix);
    BOOST_TEST(to_string(r.outcome) == "invalid");
    BOOST_TEST(last_output(r).rfind("New-ExchangeCertificate : The term 'New-ExchangeCertificate' is not recognized", 0) == 0);
    // Before the CU the same cmdlet works, and taking IIS rebinds Default Web Site (R9).
    auto before = make_fix("new-cert-before", "before-cu",
                           R"([{"action": "new-exchange-certificate", "domainNames": ["EX01", "EX01.contoso.local"], "services": ["IIS", "SMTP"]}])");
    auto ok = apply("expired-iis-cert", before);
    BOOST_TEST(to_string(ok.outcome) == "succeeds", ok.error);
    bool moved = false;
    for (auto& c : ok.actions[0].changes) moved = moved || c.rfind("http.sys 0.0.0.0:443:", 0) == 0;
    BOOST_TEST(moved);
}

BOOST_AUTO_TEST_CASE(internal_transport_certificate_cannot_be_removed) {
    auto fix = make_fix("remove-internal", "before-cu",
                        R"([{"action": "remove-exchange-certificate", "certificate": {"friendlyName": "Microsoft Exchange"}}])");
    BOOST_TEST(last_output(apply("expired-iis-cert", fix)) ==
               "A special Rpc error occurs on server EX01: The internal transport certificate cannot be removed because that "
               "would cause the Microsoft Exchange Transport service to stop.");
}

BOOST_AUTO_TEST_CASE(wrong_pfx_password) {
    auto fix = make_fix("pfx-wrong", "after-failure",
                        R"([{"action": "import-pfx", "file": "%F/pfx/mail-contoso-2024.pfx", "password": "nope"}])");
    BOOST_TEST(last_output(apply("expired-iis-cert", fix)) == "Import-PfxCertificate : The specified network password is not correct.");
}

BOOST_AUTO_TEST_CASE(repairstore_needs_the_key_in_the_container) {
    auto fix = make_fix("repair", "after-failure",
                        R"([{"action": "certutil-repairstore", "certificate": {"friendlyName": "Microsoft Exchange"}}])");
    BOOST_TEST(last_output(apply("expired-iis-cert", fix)) == "CertUtil: -repairstore command completed successfully.");
    auto missing = make_fix("repair-missing", "after-failure", R"([{"action": "certutil-repairstore", "certificate": {"thumbprint": "0000000000000000000000000000000000000000"}}])");
    BOOST_TEST(last_output(apply("expired-iis-cert", missing)).rfind("CertUtil: -repairstore command FAILED: 0x80090011", 0) == 0);
}

BOOST_AUTO_TEST_CASE(clock_changes_are_undone_while_time_sync_runs) {
    auto fix = make_fix("clock-sync-on", "after-failure", R"([{"action": "set-clock", "to": "2024-05-30T09:00:00Z"}])");
    auto r = apply("expired-iis-cert", fix);
    BOOST_TEST(r.actions[0].changes.empty());
    BOOST_TEST(to_string(r.outcome) == "fails");
}

BOOST_AUTO_TEST_CASE(auth_renewal_sequence_of_kb2617816) {
    auto fix = make_fix("auth-renew", "before-cu", R"([
        {"action": "new-exchange-certificate", "subjectName": "CN=Microsoft Exchange Server Auth Certificate", "friendlyName": "Microsoft Exchange Server Auth Certificate", "services": ["SMTP"]},
        {"action": "set-authconfig", "newCertificate": {"friendlyName": "Microsoft Exchange Server Auth Certificate"}, "newCertificateEffectiveDate": "now"},
        {"action": "set-authconfig", "publishCertificate": true},
        {"action": "set-authconfig", "clearPreviousCertificate": true}])");
    auto r = apply("healthy", fix);
    BOOST_TEST(to_string(r.outcome) == "succeeds", r.error);
    bool current_changed = false, previous_cleared = false;
    for (auto& c : r.actions[2].changes) current_changed = current_changed || c.rfind("AuthConfig CurrentCertificateThumbprint", 0) == 0;
    for (auto& c : r.actions[3].changes) previous_cleared = previous_cleared || c.rfind("AuthConfig PreviousCertificateThumbprint", 0) == 0;
    BOOST_TEST(current_changed);
    BOOST_TEST(previous_cleared);
    BOOST_TEST(r.actions[0].output.find("answered No to \"Overwrite the existing default SMTP certificate?\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_action_is_an_input_error) {
    try {
        make_fix("bad", "after-failure", R"([{"action": "format-c"}])");
        BOOST_FAIL("no error");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()).find("/actions/0/action: unknown action 'format-c'") != std::string::npos, e.what());
    }
}

// ISE saves a runbook as UTF-8 with a BOM, Out-File as UTF-16LE: the same steps either way.
BOOST_AUTO_TEST_CASE(a_utf16_runbook_loads_as_the_utf8_one) {
    std::string original = source_path("scenarios/runbooks/auth-renew-kb2617816.ps1");
    std::string dir = cusim::test::make_temp_dir("runbook-utf16");
    std::string copy = dir + "/auth-renew-kb2617816.ps1";
    cusim::test::write_text(copy, cusim::test::to_utf16(cusim::test::read_text(original)));
    Fix a = load_runbook(original), b = load_runbook(copy);
    BOOST_REQUIRE_EQUAL(a.steps.size(), b.steps.size());
    for (size_t i = 0; i < a.steps.size(); ++i) BOOST_TEST(a.steps[i].action == b.steps[i].action);
    BOOST_TEST(a.title == b.title);
}
