// The matrix as a terminal shows it: words wrapped at the width with a hanging indent, fix
// labels that do not depend on the run, colour only when asked for or on a terminal without
// NO_COLOR (no-color.org), and report.html's escaping.
#define BOOST_TEST_MODULE report_layout
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "reports/run_reports.hpp"
#include "reports/text_layout.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using namespace cusim;
using cusim::test::run_cusim;
using cusim::test::source_path;

namespace {
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();  // a pseudo-terminal's line ends
        lines.push_back(line);
    }
    return lines;
}

std::string strip_ansi(std::string s) {
    for (size_t pos; (pos = s.find("\x1b[")) != std::string::npos;) s.erase(pos, s.find('m', pos) - pos + 1);
    return s;
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}
}  // namespace

BOOST_AUTO_TEST_CASE(wrap_breaks_at_spaces_with_a_hanging_indent) {
    BOOST_TEST(wrap("  a: ", "one two three four", 14, 4) == "  a: one two\n    three four\n");
    // Nothing to wrap: the first part alone, without its trailing spaces.
    BOOST_TEST(wrap("  label   ", "", 40, 4) == "  label\n");
    // Runs of spaces and newlines in the text are one break.
    BOOST_TEST(wrap("", "a  b\nc", 80, 2) == "a b c\n");
    // A word longer than a whole line is cut; one that fits a line of its own moves there.
    BOOST_TEST(wrap("", "x ABCDEFGHIJKL", 8, 2) == "x\n  ABCDEF\n  GHIJKL\n");
    BOOST_TEST(wrap("0123456789", "abcde", 12, 2) == "0123456789\n  abcde\n");
    // Width narrower than the indent still ends, one character a line.
    BOOST_TEST(wrap("", "abc", 2, 4) == "ab\n    c\n");
}

BOOST_AUTO_TEST_CASE(width_counts_code_points_and_not_colour) {
    BOOST_TEST(display_width("abc") == 3u);
    BOOST_TEST(display_width("\x1b[1;31mfails!\x1b[0m") == 6u);
    BOOST_TEST(display_width("caf\xc3\xa9") == 4u);
    // A line of 'é' wraps by columns, not bytes, and is never cut inside a character.
    std::string e = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";
    BOOST_TEST(wrap("", e + " " + e, 6, 0) == e + "\n" + e + "\n");
}

BOOST_AUTO_TEST_CASE(colour_follows_no_color_org) {
    BOOST_TEST(use_color(ColorMode::automatic, true, nullptr));
    BOOST_TEST(use_color(ColorMode::automatic, true, ""));  // set but empty: as unset
    BOOST_TEST(!use_color(ColorMode::automatic, true, "1"));
    BOOST_TEST(!use_color(ColorMode::automatic, false, nullptr));  // a pipe, a file
    BOOST_TEST(use_color(ColorMode::always, false, "1"));           // the option overrides NO_COLOR
    BOOST_TEST(!use_color(ColorMode::never, true, nullptr));
    BOOST_TEST(paint("fails", Outcome::fails, false, false) == "fails");
    BOOST_TEST(paint("succeeds", Outcome::succeeds, false, true) == "\x1b[32msucceeds\x1b[0m");
    BOOST_TEST(paint("partial!", Outcome::partial, true, true) == "\x1b[1;33mpartial!\x1b[0m");
    BOOST_TEST(paint("invalid", Outcome::invalid, false, true) == "\x1b[35minvalid\x1b[0m");
}

BOOST_AUTO_TEST_CASE(fix_labels_depend_on_the_id_alone) {
    BOOST_TEST(fix_label("rebind-both-to-self-signed") == "RBTSS");
    BOOST_TEST(fix_label("netsh-rebind-443") == "NR443");
    BOOST_TEST(fix_label("auth-renew-kb2617816") == "ARK");
    // The same fix, the same label, whatever else the run holds.
    auto alone = fix_labels({"rerun-unchanged"});
    auto among = fix_labels({"clock-rollback", "replace-public-cert", "rerun-unchanged"});
    BOOST_TEST(alone[0] == among[2]);
    // Two fixes of one run that would share a label are shown by their ids.
    auto clash = fix_labels({"rerun-unchanged", "restart-us", "iisreset-only"});
    BOOST_TEST(clash[0] == "rerun-unchanged");
    BOOST_TEST(clash[1] == "restart-us");
    BOOST_TEST(clash[2] == "IO");
}

// Every fix of the bundled catalogues, and every runbook, has a label of its own: a new fix
// whose initials are taken fails here (rename it, or the matrix shows both by id).
BOOST_AUTO_TEST_CASE(bundled_fixes_have_distinct_labels) {
    std::map<std::string, std::string> by_label;
    int n = 0;
    for (auto dir : {"scenarios/fixes", "scenarios/runbooks", "scenarios/tools"}) {
        for (auto& e : fs::directory_iterator(source_path(dir))) {
            std::string id = e.path().stem().string();
            if (e.path().extension() == ".json") {
                auto j = nlohmann::json::parse(cusim::test::read_text(e.path().string()));
                if (!j.contains("id")) continue;
                id = j["id"].get<std::string>();
            } else if (e.path().extension() != ".ps1" && e.path().extension() != ".cmd") {
                continue;
            }
            ++n;
            std::string label = fix_label(id);
            auto [it, fresh] = by_label.emplace(label, id);
            BOOST_TEST((fresh || it->second == id), id << " and " << it->second << " share the label " << label);
            BOOST_TEST(label.size() <= 9u, id << ": label " << label << " is wider than a verdict");
        }
    }
    BOOST_TEST(n >= 50);
}

// The matrix fits the width it is given, for every width from narrow to wide; with colour it
// is the same text with escape codes around the outcomes, and nothing else.
BOOST_AUTO_TEST_CASE(run_output_fits_the_width) {
    for (int width : {40, 57, 80, 100, 133, 200}) {
        auto r = run_cusim({"run", "scenarios/seed", "tests/harness/broken-expectation", "--width", std::to_string(width)});
        BOOST_TEST(r.exit_code == 1, r.output);
        for (auto& line : lines_of(r.output))
            BOOST_TEST(display_width(line) <= size_t(width), "--width " << width << ": " << line.size() << " columns: " << line);
        BOOST_TEST(r.output.find('\x1b') == std::string::npos, "--width " << width << " printed colour to a pipe");
        auto c = run_cusim({"run", "scenarios/seed", "tests/harness/broken-expectation", "--width", std::to_string(width), "--color",
                            "always"});
        BOOST_TEST(c.output.find("\x1b[31mfails\x1b[0m") != std::string::npos);
        BOOST_TEST(c.output.find("\x1b[1;31mfails!\x1b[0m") != std::string::npos);  // the broken expectation: bold
        BOOST_TEST(strip_ansi(c.output) == r.output, "--width " << width << ": colour changed more than the colour");
    }
    // The whole corpus: the longest scenario id is 49 columns, so 60 is the narrowest that fits.
    for (int width : {60, 100}) {
        auto r = run_cusim({"run", "--width", std::to_string(width)});
        for (auto& line : lines_of(r.output)) BOOST_TEST(display_width(line) <= size_t(width), line);
    }
}

// On a terminal (script(1) gives the command a pseudo-terminal), colour is on unless NO_COLOR
// is set, and the terminal's width is used.
BOOST_AUTO_TEST_CASE(a_terminal_gets_colour_and_its_width_unless_no_color) {
    auto in_terminal = [](const std::string& env) {
        std::string cmd = "cd " + quote(CUSIM_SOURCE_DIR) + " && " + env + " script -qec " +
                          quote("stty cols 120 rows 50; " + quote(CUSIM_BINARY) + " run scenarios/seed") + " /dev/null < /dev/null";
        return cusim::test::run_command(cmd);
    };
    auto coloured = in_terminal("env -u NO_COLOR");
    BOOST_TEST(coloured.exit_code == 0, coloured.output);
    BOOST_TEST(coloured.output.find("\x1b[32msucceeds\x1b[0m") != std::string::npos, coloured.output);
    size_t widest = 0;
    for (auto& line : lines_of(coloured.output)) widest = std::max(widest, display_width(line));
    BOOST_TEST(widest <= 120u);
    BOOST_TEST(widest > 100u, "the terminal is 120 columns wide; the widest line has " << widest);

    auto plain = in_terminal("NO_COLOR=1");
    BOOST_TEST(plain.exit_code == 0, plain.output);
    BOOST_TEST(plain.output.find('\x1b') == std::string::npos, plain.output);
    BOOST_TEST(plain.output == strip_ansi(coloured.output));
    // Set but empty counts as unset.
    BOOST_TEST(in_terminal("NO_COLOR=").output == coloured.output);
}

BOOST_AUTO_TEST_CASE(report_html_escapes_every_text) {
    ScenarioRecord s;
    s.id = "x<y";
    s.title = "<script>alert('t')</script> & \"quoted\"";
    s.source = "javascript:alert(1)";
    s.path = "a&b.json";
    s.baseline.outcome = Outcome::fails;
    s.baseline.failed_step = "Mailbox role: <Transport>";
    s.baseline.error = "The term '<x>' & \"y\"";
    RunRecord fix;
    fix.fix_id = "f<1>";
    fix.fix_title = "Title with <b> & 'quotes'";
    fix.outcome = Outcome::invalid;
    fix.error = "</pre><img src=x>";
    fix.actions.push_back({"step <a>", "tool & co", false, "printed <out>", {"changed \"it\""}});
    s.fixes.push_back(fix);
    s.expectations.held = false;
    s.expectations.broken.push_back({"f<1>", "expected <succeeds>"});
    std::vector<ScenarioRecord> records{s};
    std::vector<std::string> columns{"f<1>"}, titles{fix.fix_title};
    std::string html = report_html({records, columns, titles});
    for (auto raw : {"<script>", "<b>", "<x>", "<img", "<Transport>", "<out>", "<succeeds>", "<a>", "<1>", "javascript:alert(1)\""})
        BOOST_TEST(html.find(raw) == std::string::npos, raw << " is in report.html unescaped");
    for (auto escaped : {"&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", "&lt;/pre&gt;&lt;img src=x&gt;",
                         "printed &lt;out&gt;", "changed &quot;it&quot;", "expected &lt;succeeds&gt;"})
        BOOST_TEST(html.find(escaped) != std::string::npos, escaped << " is missing");
    BOOST_TEST(html.find("href=\"javascript") == std::string::npos);  // only http(s) sources are links
    // Self-contained: nothing to fetch, no script.
    for (auto external : {"<script", "<link", "src=\"", "@import", "url("}) BOOST_TEST(html.find(external) == std::string::npos, external);
}
