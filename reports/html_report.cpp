// report.html: the matrix and every run's details in one self-contained page (inline CSS, no
// script, nothing fetched), streamed like the other reports: the matrix rows are written as the
// records come, the details go to a spool (a temporary file) and follow the matrix at the end.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <sstream>

#include "reports/html_text.hpp"
#include "reports/record_text.hpp"
#include "reports/run_reports.hpp"

namespace cusim {
namespace {

// Every text of the page goes through here: scenario titles, errors and tool output hold <, &
// and quotes.
std::string esc(std::string_view s) { return html_escape(s); }

// An id attribute or fragment for a scenario or fix id (letters, digits, '-', '_', '.' kept).
std::string anchor(const std::string& prefix, const std::string& id) {
    std::string out = prefix;
    for (unsigned char c : id) out += std::isalnum(c) || c == '-' || c == '_' || c == '.' ? char(c) : '_';
    return out;
}

bool is_web_link(const std::string& s) { return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0; }

// The outcome colours. The screenshot test (tests/html/screenshot_test.py) looks for these
// backgrounds in the rendered page: change both together.
const char* const style_sheet = R"(
:root { --ok: #c6ecc8; --ok-ink: #14532d; --fail: #f7c6c0; --fail-ink: #7f1d1d;
        --part: #fbe59a; --part-ink: #713f12; --inv: #ebcdf2; --inv-ink: #6b21a8; --line: #d4d8de; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px 48px; font: 14px/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif;
       color: #1f2328; background: #f6f7f9; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
code, pre, .mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12.5px; }
a { color: #0b5cad; text-decoration: none; }
a:hover { text-decoration: underline; }
.lead { margin: 0 0 14px; color: #57606a; }
.key span { display: inline-block; margin-right: 6px; }
.wrap { display: inline-block; max-width: 100%; vertical-align: top; overflow-x: auto; background: #fff;
        border: 1px solid var(--line); border-radius: 6px; }
table.matrix { border-collapse: separate; border-spacing: 0; font-size: 12.5px; }
.matrix th, .matrix td { padding: 2px 5px; border-bottom: 1px solid #eceef1; white-space: nowrap; text-align: center; }
.matrix thead th { position: sticky; top: 0; background: #eef1f4; font-weight: 600; border-bottom: 1px solid var(--line); }
.matrix th.scenario { text-align: left; position: sticky; left: 0; background: #fff; border-right: 1px solid var(--line);
                      font-weight: 500; z-index: 1; }
.matrix thead th.scenario { background: #eef1f4; z-index: 2; }
.matrix tbody tr:hover th, .matrix tbody tr:hover td.none { background: #f3f6fa; }
.matrix td.none { color: #b0b6bd; }
.matrix th.fix { vertical-align: bottom; padding: 6px 2px; }
.matrix th.fix a { color: inherit; writing-mode: vertical-rl; transform: rotate(180deg); letter-spacing: 0.5px; }
.o { border-radius: 3px; }
.o-succeeds { background: var(--ok); color: var(--ok-ink); }
.o-fails { background: var(--fail); color: var(--fail-ink); }
.o-partial { background: var(--part); color: var(--part-ink); }
.o-invalid { background: var(--inv); color: var(--inv-ink); }
.o-unmodelled { background: #e6eaee; color: #3d4651; }
td.o { border: 2px solid #fff; width: 30px; font-size: 14px; line-height: 18px; padding: 1px 2px; }
.matrix td.none { padding: 1px 2px; }
.broken { font-weight: 700; box-shadow: inset 0 0 0 2px #1f2328; }
.key .badge.broken { min-width: 30px; border-radius: 3px; }
.badge { display: inline-block; min-width: 68px; padding: 0 6px; text-align: center; border-radius: 10px; font-size: 12px; font-weight: 600; }
.summary { font-weight: 600; margin: 12px 0 0; }
.summary.bad { color: var(--fail-ink); }
table.legend { border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
.legend td { padding: 4px 10px; border-bottom: 1px solid #eceef1; vertical-align: top; }
.legend td.label, .legend td.id { font-weight: 700; white-space: nowrap; }
.legend td.id { font-weight: 400; }
section.scenario { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 0 0 14px; }
section.scenario h3 { margin: 0; font-size: 15px; }
section.scenario h3 .title { font-weight: 400; color: #444c56; }
.meta { margin: 2px 0 8px; color: #57606a; font-size: 12.5px; overflow-wrap: anywhere; }
.held { color: var(--ok-ink); }
.notheld { color: var(--fail-ink); font-weight: 700; }
.run { border-left: 4px solid var(--line); padding: 4px 0 4px 12px; margin: 8px 0; }
.run.r-succeeds { border-color: #5bb870; } .run.r-fails { border-color: #d9534f; }
.run.r-partial { border-color: #e0b020; } .run.r-invalid { border-color: #a855c7; }
.run.r-unmodelled { border-color: #9aa4ae; border-left-style: dashed; }
.run h4 { margin: 0 0 4px; font-size: 13.5px; font-weight: 600; }
.run h4 .fixtitle { font-weight: 400; color: #57606a; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dt { color: #57606a; }
dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
dd ul, dd ol { margin: 0; padding-left: 18px; }
pre { margin: 2px 0 4px; padding: 6px 8px; background: #f3f4f6; border-radius: 4px; white-space: pre-wrap;
      overflow-wrap: anywhere; max-height: 16em; overflow: auto; }
.ok { color: var(--ok-ink); } .failed { color: var(--fail-ink); font-weight: 600; }
)";

std::string outcome_class(Outcome o) { return "o o-" + to_string(o); }

// A matrix cell shows the outcome's colour and a sign (the word is in its tooltip and in the
// key): with 27 fix columns the words made the matrix 1,900 pixels wide, the signs fit 1,280.
const char* outcome_sign(Outcome o) {
    switch (o) {
        case Outcome::succeeds: return "\u2713";  // check mark
        case Outcome::partial: return "\u25D0";   // circle with left half black
        case Outcome::fails: return "\u2717";     // ballot x
        case Outcome::invalid: return "\u2298";   // circled division slash
        case Outcome::unmodelled: return "?";    // no verdict: the simulator does not model a step
    }
    return "?";
}

}  // namespace

void RunReportStream::start_html() {
    if (!sinks_.html_spool) {
        own_html_spool_ = std::make_unique<std::stringstream>();
        sinks_.html_spool = own_html_spool_.get();
    }
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>cusim run</title>\n<style>" +
        std::string(style_sheet) +
        "</style>\n</head>\n<body>\n<h1>cusim run</h1>\n"
        "<p class=\"lead\">Each scenario's baseline CU and the fixes it names, each on a fresh copy of the server. "
        "<span class=\"key\"><span class=\"badge o-succeeds\">\u2713 succeeds</span><span class=\"badge o-partial\">\u25D0 partial</span>"
        "<span class=\"badge o-fails\">\u2717 fails</span><span class=\"badge o-invalid\">\u2298 invalid</span>"
        "<span class=\"badge o-unmodelled\">? unmodelled</span>"
        "<span class=\"badge o-fails broken\">\u2717!</span> broke the scenario's expectation &middot; - not run</span></p>\n"
        "<div class=\"wrap\">\n<table class=\"matrix\" id=\"matrix\">\n<thead><tr><th class=\"scenario\">scenario</th><th>baseline</th>";
    for (size_t i = 0; i < plan_.fix_columns.size(); ++i)
        out += fmt::format("<th class=\"fix\" title=\"{}: {}\"><a href=\"#{}\">{}</a></th>", esc(plan_.fix_columns[i]),
                           esc(plan_.fix_titles[i]), anchor("fix-", plan_.fix_columns[i]), esc(plan_.fix_labels[i]));
    *sinks_.html << out << "</tr></thead>\n<tbody>\n";
}

void RunReportStream::add_html(const ScenarioRecord& s) {
    using record_text::find_run;
    using record_text::run_broken;
    // The matrix row, at once.
    auto cell = [&](const RunRecord* r, const std::string& run, const std::string& label) {
        if (!r) return std::string("<td class=\"none\">-</td>");
        bool broken = run_broken(s, run);
        return fmt::format("<td class=\"{}{}\" title=\"{}: {}{}\">{}{}</td>", outcome_class(r->outcome), broken ? " broken" : "",
                           esc(label), esc(to_string(r->outcome)), broken ? " (expectation broken)" : "", outcome_sign(r->outcome),
                           broken ? "!" : "");
    };
    std::string row = fmt::format("<tr><th class=\"scenario\" scope=\"row\"><a href=\"#{}\">{}</a></th>", anchor("s-", s.id), esc(s.id));
    row += cell(&s.baseline, "baseline", "baseline");
    for (size_t i = 0; i < plan_.fix_columns.size(); ++i)
        row += cell(find_run(s, plan_.fix_columns[i]), plan_.fix_columns[i], plan_.fix_columns[i]);
    *sinks_.html << row << "</tr>\n";

    // The details, to the spool.
    std::string out = fmt::format("<section class=\"scenario\" id=\"{}\">\n<h3>{} <span class=\"title\">{}</span></h3>\n",
                                  anchor("s-", s.id), esc(s.id), esc(s.title));
    std::string source = is_web_link(s.source) ? fmt::format("<a href=\"{0}\">{0}</a>", esc(s.source)) : esc(s.source);
    out += fmt::format("<p class=\"meta\">Source: {} &middot; file <code>{}</code> &middot; ", source, esc(s.path));
    out += s.expectations.broken.empty()
               ? std::string("<span class=\"held\">every expectation holds</span></p>\n")
               : fmt::format("<span class=\"notheld\">{} expectation{} broken</span></p>\n", s.expectations.broken.size(),
                             s.expectations.broken.size() == 1 ? "" : "s");
    auto run_html = [&](const RunRecord& r, const std::string& run) {
        bool broken = run_broken(s, run);
        std::string o = to_string(r.outcome);
        std::string h = fmt::format("<div class=\"run r-{}\">\n<h4><span class=\"badge {}{}\">{}{}</span> ", o, outcome_class(r.outcome),
                                    broken ? " broken" : "", o, broken ? "!" : "");
        if (r.fix_id.empty())
            h += "baseline";
        else {
            auto it = std::find(plan_.fix_columns.begin(), plan_.fix_columns.end(), r.fix_id);
            std::string label = it == plan_.fix_columns.end() ? "" : plan_.fix_labels[size_t(it - plan_.fix_columns.begin())] + " ";
            h += fmt::format("<a href=\"#{}\">{}</a><code>{}</code> <span class=\"fixtitle\">{}</span>", anchor("fix-", r.fix_id),
                             esc(label), esc(r.fix_id), esc(r.fix_title));
        }
        h += "</h4>\n<dl>\n";
        if (!r.failed_step.empty()) h += fmt::format("<dt>failed step</dt><dd>{}</dd>\n", esc(r.failed_step));
        if (!r.error.empty()) h += fmt::format("<dt>error</dt><dd><pre>{}</pre></dd>\n", esc(r.error));
        auto failed = r.failed_checks();
        if (!failed.empty()) {
            h += "<dt>failed checks</dt><dd><ul>";
            for (auto* c : failed) h += fmt::format("<li><code>{}</code> {}: {}</li>", esc(c->id), esc(c->name), esc(c->detail));
            h += "</ul></dd>\n";
        }
        if (!r.broke_checks.empty()) {
            std::vector<std::string> ids;
            for (auto& c : r.broke_checks) ids.push_back("<code>" + esc(c) + "</code>");
            h += fmt::format("<dt>made worse</dt><dd class=\"failed\">{}</dd>\n", fmt::join(ids, ", "));
        }
        if (!r.actions.empty()) {
            h += "<dt>actions</dt><dd><ol>";
            for (auto& a : r.actions) {
                h += fmt::format("<li><code>{}</code> ({}) <span class=\"{}\">{}</span>", esc(a.step), esc(a.tool), a.ok ? "ok" : "failed",
                                 a.ok ? "applied" : "failed");
                if (!a.output.empty()) h += fmt::format("<pre>{}</pre>", esc(a.output));
                if (!a.changes.empty()) {
                    h += "<ul>";
                    for (auto& c : a.changes) h += "<li>" + esc(c) + "</li>";
                    h += "</ul>";
                }
                h += "</li>";
            }
            h += "</ol></dd>\n";
        }
        if (!r.setup_changes.empty()) {
            h += "<dt>setup changed</dt><dd><ul>";
            for (auto& c : r.setup_changes) h += "<li>" + esc(c) + "</li>";
            h += "</ul></dd>\n";
        }
        if (!r.expected.empty()) {
            h += fmt::format("<dt>expected</dt><dd>{}{}</dd>\n", esc(r.expected), r.why.empty() ? "" : ": " + esc(r.why));
        }
        for (auto& b : s.expectations.broken)
            if (b.run == run) h += fmt::format("<dt class=\"notheld\">expectation broken</dt><dd class=\"notheld\">{}</dd>\n", esc(b.message));
        return h + "</dl>\n</div>\n";
    };
    out += run_html(s.baseline, "baseline");
    for (auto& r : s.fixes) out += run_html(r, r.fix_id);
    *sinks_.html_spool << out << "</section>\n";
}

void RunReportStream::finish_html() {
    auto& h = *sinks_.html;
    h << "</tbody>\n</table>\n</div>\n"
      << fmt::format("<p class=\"summary{}\">{}</p>\n", broken_ ? " bad" : "", esc(summary_line()));
    if (!plan_.fix_columns.empty()) {
        h << "<h2>Fixes</h2>\n<table class=\"legend\" id=\"legend\">\n<tbody>\n";
        for (size_t i = 0; i < plan_.fix_columns.size(); ++i)
            h << fmt::format("<tr id=\"{}\"><td class=\"label\">{}</td><td class=\"id\"><code>{}</code></td><td>{}</td></tr>\n",
                             anchor("fix-", plan_.fix_columns[i]), esc(plan_.fix_labels[i]), esc(plan_.fix_columns[i]),
                             esc(plan_.fix_titles[i]));
        h << "</tbody>\n</table>\n";
    }
    h << "<h2>Scenarios</h2>\n";
    append_spool(h, *sinks_.html_spool);
    h << "</body>\n</html>\n";
}

}  // namespace cusim
