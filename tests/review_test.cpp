// `cusim review`'s reader and reviewer: encodings and appended runs, the pattern matcher on hostile
// lines, and the round trip over the corpus: for every scenario whose CU fails, the log cusim
// writes, read back, names the same failing step, error, certificate and date.
#define BOOST_TEST_MODULE review
#include <boost/test/unit_test.hpp>

#include <map>

#include "sim/core/text_pattern.hpp"
#include "sim/formats/scenario.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/review/log_review.hpp"
#include "sim/runbook/fix_files.hpp"
#include "tests/test_support.hpp"

using namespace cusim;

namespace {
std::string utf16le(const std::string& ascii, bool bom) {
    std::string out = bom ? std::string("\xFF\xFE", 2) : std::string();
    for (char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}

const std::string kTwoRuns =
    "[03/11/2021 15:43:05.0713] [0] **********************************************\r\n"
    "[03/11/2021 15:43:05.0718] [0] Starting Microsoft Exchange Server 2016 Setup\r\n"
    "[03/11/2021 15:43:05.0721] [0] Setup version: 15.1.2106.2.\r\n"
    "[03/11/2021 15:43:05.0722] [0] Logged on user: SOLO\\Han.\r\n"
    "[03/11/2021 16:01:24.0362] [1] [ERROR] Something broke.\r\n"
    "    a continuation line\r\n"
    "[03/11/2021 16:01:24.0363] [1] [ERROR-REFERENCE] Id=OneComponent___1 Component=EXCHANGE14:\\Current\r\n"
    "[03/12/2021 09:00:00.0001] [0] **********************************************\r\n"
    "[03/12/2021 09:00:00.0002] [0] Starting Microsoft Exchange Server 2016 Setup\r\n"
    "[03/12/2021 09:00:00.0003] [0] Logged on user: SOLO\\Leia.\r\n"
    "[03/12/2021 09:30:00.0004] [0] The Exchange Server setup operation completed successfully.\r\n";
}  // namespace

BOOST_AUTO_TEST_CASE(runs_are_split_and_the_last_is_reviewed) {
    ParsedSetupLog log = parse_setup_log(kTwoRuns, "two.log");
    BOOST_REQUIRE_EQUAL(log.runs.size(), 2u);
    BOOST_TEST(log.runs[1].first_line() == 8u);  // the banner before "Starting" opens the run
    BOOST_TEST(log.runs[0].entries[4].text == "[ERROR] Something broke.\n    a continuation line");
    RunFacts f = last_run_facts(log);
    BOOST_TEST(f.user.value == "SOLO\\Leia");
    BOOST_TEST(bool(f.completed));
    BOOST_TEST(!f.first_error);
}

BOOST_AUTO_TEST_CASE(utf16_with_and_without_bom_reads_as_utf8) {
    for (bool bom : {true, false}) {
        ParsedSetupLog log = parse_setup_log(utf16le(kTwoRuns, bom), "u16.log");
        BOOST_TEST((log.encoding == TextEncoding::utf16le));
        BOOST_REQUIRE_EQUAL(log.runs.size(), 2u);
        BOOST_TEST(last_run_facts(log).user.value == "SOLO\\Leia");
    }
    std::string utf8_bom = "\xEF\xBB\xBF" + kTwoRuns;
    BOOST_TEST((parse_setup_log(utf8_bom, "bom.log").encoding == TextEncoding::utf8_bom));
}

BOOST_AUTO_TEST_CASE(not_a_setup_log_names_the_line) {
    try {
        parse_setup_log("hello\n[03/11/2021 15:43:05.0713] [0] x\n", "x.log");
        BOOST_FAIL("no error");
    } catch (const InputError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "x.log:line 1: not an ExchangeSetup.log line (expected [MM/dd/yyyy HH:mm:ss.ffff] [N] text)");
    }
    BOOST_CHECK_THROW(parse_setup_log(utf16le("[0", true) + "\x00", "odd.log"), InputError);
}

// std::regex recursed once per character and overflowed the stack on a long line; the matcher's
// depth is the pattern's.
BOOST_AUTO_TEST_CASE(patterns_on_a_megabyte_line) {
    std::string line = "Cannot find path '" + std::string(1 << 20, 'x') + "' because it does not exist";
    auto m = match_text(line, "Cannot find path '{}' because it does not exist");
    BOOST_REQUIRE(m.has_value());
    BOOST_TEST(m->at(0).size() == size_t(1) << 20);
    BOOST_TEST(!match_text(std::string(1 << 20, 'a'), "a{}b").has_value());
    auto greedy = match_text("Id=A Component=B Component=C", "Id={} Component={}");
    BOOST_REQUIRE(greedy.has_value());
    BOOST_TEST(greedy->at(0) == "A Component=B");  // as (.+) in PowerShell: the longest that fits
}

// The round trip: every corpus scenario whose CU fails.
BOOST_AUTO_TEST_CASE(review_of_the_logs_cusim_writes) {
    auto catalogue = load_fix_catalogue(cusim::test::source_path("scenarios/fixes"));
    std::string implied = cusim::test::source_path("scenarios/review-implied.json");
    int reviewed = 0, expired = 0, agreeing = 0, compared = 0;
    for (auto& file : find_scenario_files(cusim::test::source_path("scenarios"))) {
        Scenario s = load_scenario(file);
        if (s.trigger != TriggerKind::cu) continue;
        Baseline b = run_baseline(s);
        if (b.record.outcome != Outcome::fails) continue;
        ++reviewed;
        LogReview r = review_setup_log(parse_setup_log(b.record.log, s.id + ".log"), catalogue, implied);
        BOOST_TEST_CONTEXT(s.id) {
            BOOST_TEST(r.failed_step == b.record.failed_step);
            BOOST_TEST(r.facts.exception.value == b.record.error);
            BOOST_TEST(!r.facts.completed);
            if (b.record.error.find("The certificate is expired.") == std::string::npos) continue;
            ++expired;
            BOOST_TEST((r.cause == CertificateCause::expired));
            BOOST_REQUIRE(r.certificate.has_value());
            // The certificate named is one the scenario's server holds, with that expiry date.
            bool held = false;
            for (auto& e : s.state.store(StoreName::My).entries)
                held = held || (e.certificate.subject() == r.certificate->subject &&
                                 format_windows(e.certificate.not_after()) == r.certificate->valid_until);
            BOOST_TEST(held, r.certificate->subject << " until " << r.certificate->valid_until);
            BOOST_TEST(r.reproduced, r.reproduction);
            // The verdicts on the implied server that matches the scenario in what the log cannot show
            // (the self-signed certificate, a renewed one in the store), against the scenario's own.
            const StoreEntry* self_signed = nullptr;
            bool renewed = false;
            for (auto& e : s.state.store(StoreName::My).entries) {
                if (e.friendly_name == "Microsoft Exchange") self_signed = &e;
                renewed = renewed || (e.certificate.subject() == r.certificate->subject && e.certificate.is_valid_at(s.state.clock));
            }
            using S = ServerVariant::SelfSigned;
            S ss = !self_signed ? S::missing : self_signed->certificate.is_valid_at(s.state.clock) ? S::valid : S::expired;
            size_t variant = 0;
            for (size_t i = 0; i < server_variants().size(); ++i)
                if (server_variants()[i].self_signed == ss && server_variants()[i].renewed_in_store == renewed) variant = i;
            std::map<std::string, Outcome> verdict;
            for (auto& fx : r.fixes) verdict[fx.id] = fx.on_variants.at(variant);
            for (auto& x : s.expectations.fixes) {
                auto it = verdict.find(x.fix_id);
                if (it == verdict.end()) continue;
                ++compared;
                agreeing += it->second == x.outcome;
                if (it->second != x.outcome)
                    BOOST_TEST_MESSAGE(s.id << ": " << x.fix_id << " implied " << to_string(it->second) << ", scenario "
                                            << to_string(x.outcome));
            }
        }
    }
    BOOST_TEST_MESSAGE("reviewed " << reviewed << " failing scenarios, " << expired << " expired; " << agreeing << " of "
                                   << compared << " verdicts agree");
    BOOST_TEST(reviewed >= 10);
    BOOST_TEST(compared >= 25);
    BOOST_TEST(agreeing == compared);
}

// A run appended after a fix starts after the failed one ended: the stamps of the whole log never
// go backwards, and the fix's actions took time between the runs.
BOOST_AUTO_TEST_CASE(a_log_with_a_fix_never_goes_back_in_time) {
    Scenario s = load_scenario(cusim::test::source_path("scenarios/seed/expired-iis-cert.json"));
    auto catalogue = load_fix_catalogue(cusim::test::source_path("scenarios/fixes"));
    const Fix* fix = nullptr;
    for (auto& f : catalogue)
        if (f.id == "rebind-both-to-self-signed") fix = &f;
    BOOST_REQUIRE(fix);
    RunRecord rec = run_fix(s, run_baseline(s), *fix);
    ParsedSetupLog log = parse_setup_log(rec.log, "fixed.log");
    BOOST_REQUIRE_EQUAL(log.runs.size(), 2u);
    std::string previous;
    for (auto& run : log.runs)
        for (auto& e : run.entries) {
            std::string sortable = e.stamp.substr(6, 4) + e.stamp.substr(0, 6) + e.stamp.substr(10);
            BOOST_TEST(sortable >= previous, e.stamp);
            previous = sortable;
        }
    SimTime failed_end = *parse_setup_log_stamp(log.runs[0].entries.back().stamp);
    SimTime resumed = *parse_setup_log_stamp(log.runs[1].entries.front().stamp);
    BOOST_TEST((resumed - failed_end >= std::chrono::minutes(2)));  // two IIS Manager edits
}
