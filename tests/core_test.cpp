// sim/core's guards against hostile input (issue 18): regular expressions with bounded time and
// stack, PowerShell's -like without a regex, arithmetic on simulated time that cannot overflow.
#define BOOST_TEST_MODULE core
#include <boost/test/unit_test.hpp>

#include <string>

#include "sim/core/regex.hpp"
#include "sim/core/sim_time.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_pattern.hpp"

using namespace cusim;

BOOST_AUTO_TEST_SUITE(regex)

BOOST_AUTO_TEST_CASE(a_pattern_that_does_not_compile_says_where) {
    try {
        Regex bad("ab(c");
        BOOST_FAIL("no error");
    } catch (const RegexSyntaxError& e) {
        BOOST_TEST(std::string(e.what()).find("missing closing parenthesis") != std::string::npos);
        BOOST_TEST(e.offset() == 4u);
    }
}

BOOST_AUTO_TEST_CASE(catastrophic_backtracking_stops_at_the_limit) {
    // The textbook exponential case: nested quantifiers and a text that almost matches. With
    // std::regex this ran for minutes (../shared/data/hostile-inputs/runbook/match-redos-hang.ps1).
    Regex evil(R"(^(\w+\s?)*$)");
    std::string text = "Microsoft Exchange Server Auth Certificate for the organisation contoso!";
    BOOST_CHECK_THROW(evil.search(text), RegexLimit);
}

BOOST_AUTO_TEST_CASE(a_long_line_needs_no_stack) {
    // std::regex recursed once per character: 30,000 characters overflowed the stack.
    std::string line = "$t = \"" + std::string(1'000'000, 'a') + "\"";
    Regex assignment(R"(\$(\w+)\s*=\s*(.+))");
    RegexMatch m;
    BOOST_TEST(assignment.full_match(line, &m));
    BOOST_TEST(m[1] == "t");
    BOOST_TEST(m[2].size() == 1'000'002u);
}

BOOST_AUTO_TEST_CASE(match_search_groups_and_case) {
    Regex r("cn=(mail)\\.(contoso)?", Regex::icase);
    RegexMatch m;
    BOOST_TEST(r.search("Subject: CN=Mail.fabrikam.com", &m));
    BOOST_TEST(m[1] == "Mail");
    BOOST_TEST(!m.matched(2));
    BOOST_TEST(m.position() == 9u);
    BOOST_TEST(!r.full_match("Subject: CN=Mail."));
    BOOST_TEST(Regex("CN=mail").search("cn=MAIL") == false);  // case-sensitive unless asked
}

BOOST_AUTO_TEST_CASE(find_all_moves_past_empty_matches) {
    auto all = Regex("x*").find_all("axxb");
    // "" at 0, "xx" at 1, "" at 3, "" at 4: as .NET's Regex.Matches gives them.
    BOOST_TEST(all.size() == 4u);
    BOOST_TEST(all[1][0] == "xx");
}

BOOST_AUTO_TEST_CASE(text_that_is_not_utf8_is_matched_not_refused) {
    BOOST_TEST(Regex("b").search(std::string("a\xff" "b")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(like)

// Expected results from about_Wildcards and about_Comparison_Operators (-like):
// "*" any characters, "?" one, "[a-c]" a range, "[ab]" a set, case-insensitive, whole string.
BOOST_AUTO_TEST_CASE(powershell_wildcards) {
    BOOST_TEST(like_match("*contoso*", "CN=mail.CONTOSO.com"));
    BOOST_TEST(like_match("mail.contoso.co?", "mail.contoso.com"));
    BOOST_TEST(!like_match("mail.contoso.co?", "mail.contoso.co"));
    BOOST_TEST(like_match("[a-c]at", "Bat"));
    BOOST_TEST(!like_match("[a-c]at", "rat"));
    BOOST_TEST(like_match("[bc]at", "cat"));
    BOOST_TEST(like_match("a`*b", "a*b"));
    BOOST_TEST(!like_match("a`*b", "axb"));
    BOOST_TEST(like_match("*", ""));
    BOOST_TEST(!like_match("?", ""));
    BOOST_TEST(like_match("[x", "[x"));  // no closing bracket: literal
}

BOOST_AUTO_TEST_CASE(many_stars_on_a_long_text_stay_fast) {
    // A backtracking matcher is exponential here; the two-pointer walk is at most |p| x |t|.
    std::string text(20'000, 'a');
    BOOST_TEST(!like_match("*a*a*a*a*a*a*a*a*a*a*b", text));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sim_time)

BOOST_AUTO_TEST_CASE(adding_to_a_date_never_wraps) {
    SimTime t = *parse_iso_time("2024-06-12T09:30:00Z");
    BOOST_TEST(format_iso(*add_to_time(t, 5, seconds_per_day)) == "2024-06-17T09:30:00Z");
    // 213503982334602 days overflowed chrono's seconds and wrapped notAfter to 17 hours after
    // notBefore (../shared/data/hostile-inputs/scenario/validity-days-signed-overflow.json).
    BOOST_TEST(!add_to_time(t, 213503982334602LL, seconds_per_day).has_value());
    BOOST_TEST(!add_to_time(t, LLONG_MAX, 1).has_value());
    BOOST_TEST(!add_to_time(t, LLONG_MIN, 1).has_value());
    // .NET's DateTime ends at 9999-12-31T23:59:59 and starts at 0001-01-01.
    BOOST_TEST(format_iso(*add_to_time(*parse_iso_time("9999-12-31"), 86399, 1)) == "9999-12-31T23:59:59Z");
    BOOST_TEST(!add_to_time(*parse_iso_time("9999-12-31"), 86400, 1).has_value());
    BOOST_TEST(!add_to_time(*parse_iso_time("0001-01-01"), -1, 1).has_value());
}

BOOST_AUTO_TEST_CASE(year_zero_is_not_a_date) {
    BOOST_TEST(!parse_iso_time("0000-01-01").has_value());
    BOOST_TEST(parse_iso_time("0001-01-01").has_value());
}

BOOST_AUTO_TEST_CASE(the_clock_stays_where_certificates_can_follow_it) {
    BOOST_TEST(clock_in_range(*parse_iso_time("2024-06-12")));
    BOOST_TEST(!clock_in_range(*parse_iso_time("1969-12-31")));
    BOOST_TEST(!clock_in_range(*parse_iso_time("9900-01-01")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(printable_escapes_what_a_terminal_would_act_on) {
    BOOST_TEST(printable("line 1: caf\xC3\xA9\n\tok") == "line 1: caf\xC3\xA9\n\tok");
    BOOST_TEST(printable("\x1B[31mred") == "\\x1B[31mred");
    BOOST_TEST(printable(std::string("a\0b", 3)) == "a\\x00b");
    BOOST_TEST(printable("\xFF\xFE") == "\\xFF\\xFE");
    BOOST_TEST(printable("\xC3") == "\\xC3");  // a sequence cut short
}

BOOST_AUTO_TEST_SUITE_END()
