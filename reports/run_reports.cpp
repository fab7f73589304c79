#include "reports/run_reports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <pugixml.hpp>
#include <sstream>

#include "reports/json_writer.hpp"
#include "reports/record_text.hpp"

namespace cusim {
using record_text::find_run;
using record_text::pad;
using record_text::run_broken;
using record_text::trim_right;
using record_text::why;
namespace {

void run_json(JsonWriter& w, const RunRecord& r) {
    auto checks = [&](bool failed_only) {
        w.begin_array();
        for (auto& c : r.checks) {
            if (failed_only && c.passed) continue;
            w.begin_object().key("id").value(c.id).key("name").value(c.name).key("passed").value(c.passed);
            w.key("detail").value(c.detail).key("events").begin_array();
            for (auto& e : c.events)
                w.begin_object().key("id").value(e.id).key("source").value(e.source).key("log").value(e.log)
                    .key("level").value(e.level).key("message").value(e.message).end_object();
            w.end_array().end_object();
        }
        w.end_array();
    };
    w.begin_object();
    if (!r.fix_id.empty()) w.key("id").value(r.fix_id).key("title").value(r.fix_title);
    w.key("outcome").value(to_string(r.outcome));
    w.key("failed_step").string_or_null(r.failed_step);
    w.key("error").string_or_null(r.error);
    w.key("failed_checks");
    checks(true);
    w.key("checks");
    checks(false);
    if (!r.fix_id.empty()) {
        w.key("broke_checks").strings(r.broke_checks);
        w.key("actions").begin_array();
        for (auto& a : r.actions)
            w.begin_object().key("step").value(a.step).key("tool").value(a.tool).key("ok").value(a.ok)
                .key("output").value(a.output).key("changes").strings(a.changes).end_object();
        w.end_array();
    }
    w.key("setup_changes").strings(r.setup_changes);
    w.key("expected").string_or_null(r.expected);
    w.key("why").string_or_null(r.why);
    w.end_object();
}

}  // namespace

RunPlan::RunPlan(std::vector<std::string> columns, std::vector<std::string> titles, const std::vector<std::string>& scenario_ids,
                 TerminalStyle terminal)
    : fix_columns(std::move(columns)), fix_titles(std::move(titles)), fix_labels(cusim::fix_labels(fix_columns)), style(terminal) {
    for (auto& id : scenario_ids) name_width = std::max(name_width, id.size());
}

namespace {
constexpr size_t verdict_width = 9;  // "succeeds!", "partial!"
}  // namespace

RunReportStream::RunReportStream(const RunPlan& plan, Sinks sinks) : plan_(plan), sinks_(sinks) {
    if (sinks_.matrix) start_matrix();
    if (sinks_.json) *sinks_.json << "{\n  \"format\": \"cusim-report/1\",\n  \"scenarios\": [";
    if (sinks_.markdown) {
        std::string out = "# cusim run\n\n| scenario | baseline |";
        for (auto& f : plan_.fix_columns) out += " " + f + " |";
        out += "\n|---|---|";
        for (size_t i = 0; i < plan_.fix_columns.size(); ++i) out += "---|";
        *sinks_.markdown << out << "\n";
    }
    if (sinks_.html) start_html();
}

// The legend, then the first block's header. A cell is as wide as its label or a verdict, plus
// one space; the columns are cut into blocks that fit the width, each block repeating the
// scenario column (a matrix wider than the terminal wraps into unreadable lines).
void RunReportStream::start_matrix() {
    const auto& st = plan_.style;
    size_t n = plan_.fix_columns.size(), label_w = 0, id_w = 0;
    for (size_t i = 0; i < n; ++i) {
        label_w = std::max(label_w, plan_.fix_labels[i].size());
        id_w = std::max(id_w, plan_.fix_columns[i].size());
        cell_width_.push_back(std::max(verdict_width, plan_.fix_labels[i].size()) + 1);
    }
    fix_label_width_ = label_w;
    run_label_width_ = std::max<size_t>(8, n ? label_w + 1 + id_w : 0);

    std::string out;
    if (n) {
        out = "Fixes:\n";
        // The title in a column of its own when 60 columns are left for it (a wide terminal);
        // else after the id, its next lines under the id.
        size_t title_col = 2 + label_w + 2 + id_w + 2;
        bool columns = st.width >= title_col + 60;
        for (size_t i = 0; i < n; ++i) {
            std::string first = "  " + pad(plan_.fix_labels[i], label_w) + "  ";
            if (columns)
                out += wrap(first + pad(plan_.fix_columns[i], id_w) + "  ", plan_.fix_titles[i], st.width, title_col);
            else
                out += wrap(first, plan_.fix_columns[i] + ": " + plan_.fix_titles[i], st.width, 2 + label_w + 2);
        }
        out += "\n";
    }
    // Blocks: the scenario column and two spaces, the baseline in the first block, then as many
    // fix columns as fit (at least one, so a width narrower than a scenario id still ends).
    size_t head = plan_.name_width + 2;
    size_t used = head + verdict_width + 1;
    blocks_.push_back({0, 0, ""});
    for (size_t i = 0; i < n; ++i) {
        bool empty_block = blocks_.back().end == blocks_.back().first && blocks_.size() > 1;
        if (!empty_block && used + cell_width_[i] - 1 > st.width) {
            blocks_.push_back({i, i, ""});
            used = head;
        }
        blocks_.back().end = i + 1;
        used += cell_width_[i];
    }
    *sinks_.matrix << out << block_header(0);
}

std::string RunReportStream::block_header(size_t b) const {
    const Block& block = blocks_[b];
    std::string header = pad("scenario", plan_.name_width) + "  " + (b == 0 ? pad("baseline", verdict_width + 1) : "");
    for (size_t i = block.first; i < block.end; ++i) header += pad(plan_.fix_labels[i], cell_width_[i]);
    return bold(trim_right(header), plan_.style.color) + "\n";
}

void RunReportStream::add(const ScenarioRecord& s) {
    ++scenarios_;
    ++tally_[s.baseline.outcome];
    for (auto& f : s.fixes) ++tally_[f.outcome];
    broken_ += s.expectations.broken.size();
    if (sinks_.matrix) add_matrix(s);
    if (sinks_.json) add_json(s);
    if (sinks_.junit) add_junit(s);
    if (sinks_.markdown) add_markdown(s);
    if (sinks_.html) add_html(s);
}

size_t RunReportStream::count(Outcome o) const {
    auto it = tally_.find(o);
    return it == tally_.end() ? 0 : it->second;
}

std::string RunReportStream::summary_line() const {
    size_t runs = 0;
    for (auto& [o, n] : tally_) runs += n;
    // Runs that stopped on something not modelled are no verdict: counted apart, named when there are any.
    size_t unmodelled = count(Outcome::unmodelled);
    return fmt::format("{} scenarios, {} runs: {} succeeds, {} partial, {} fails, {} invalid{}; {}", scenarios_, runs,
                       count(Outcome::succeeds), count(Outcome::partial), count(Outcome::fails), count(Outcome::invalid),
                       unmodelled ? fmt::format(", {} unmodelled", unmodelled) : std::string(),
                       broken_ == 0 ? std::string("every expectation holds") : fmt::format("{} expectations broken", broken_));
}

void RunReportStream::add_matrix(const ScenarioRecord& s) {
    const auto& st = plan_.style;
    auto cell = [&](const RunRecord* r, const std::string& run, size_t width) {
        if (!r) return pad("-", width);
        bool broken = run_broken(s, run);
        std::string text = to_string(r->outcome) + (broken ? "!" : "");
        // Colour around the word, never around the padding: the columns stay where they are.
        // "unmodelled!" (11) is wider than a verdict column (9 and a space): the row moves on by a
        // space rather than running the words together.
        return paint(text, r->outcome, broken, st.color) + std::string(width > text.size() ? width - text.size() : 1, ' ');
    };
    for (size_t b = 0; b < blocks_.size(); ++b) {
        Block& block = blocks_[b];
        std::string line = pad(s.id, plan_.name_width) + "  " + (b == 0 ? cell(&s.baseline, "baseline", verdict_width + 1) : "");
        bool any = b == 0;
        for (size_t i = block.first; i < block.end; ++i) {
            const RunRecord* r = find_run(s, plan_.fix_columns[i]);
            any = any || r;
            line += cell(r, plan_.fix_columns[i], cell_width_[i]);
        }
        // A later block leaves out the scenarios that ran none of its fixes.
        if (!any) continue;
        line = trim_right(line) + "\n";
        if (b == 0)
            *sinks_.matrix << line;
        else
            block.rows += line;
    }

    // The details: the scenario, then per run its label, verdict and why, wrapped at the width.
    // The why goes on in its own column when 60 columns are left for it (a wide terminal), else
    // its next lines hang at column 6. A partial run lists its failed checks, then each check's
    // detail as a paragraph of its own.
    std::string& out = matrix_details_;
    out += "\n" + wrap("", s.id + ": " + s.title, st.width, 4);
    // A terminal too narrow for the label and verdict columns with 20 columns after them gets
    // them as the first words of the line instead.
    size_t why_col = 2 + run_label_width_ + 1 + verdict_width + 1;
    size_t text_col = st.width >= why_col + 60 ? why_col : 6;
    bool aligned = st.width >= why_col + 20;
    std::string indent(text_col, ' ');
    auto detail = [&](const std::string& label, const RunRecord& r, const std::string& run) {
        bool broken = run_broken(s, run);
        std::string verdict = to_string(r.outcome) + (broken ? "!" : "");
        std::string painted = paint(verdict, r.outcome, broken, st.color);
        std::string first = aligned ? "  " + pad(label, run_label_width_) + " " + painted +
                                          std::string(verdict_width + 1 > verdict.size() ? verdict_width + 1 - verdict.size() : 1, ' ')
                                    : "  ";
        std::string lead = aligned ? "" : label + " " + painted + " ";
        if (r.outcome != Outcome::partial) {
            out += wrap(first, lead + why(r), st.width, text_col);
            return;
        }
        std::vector<std::string> ids;
        for (auto* c : r.failed_checks()) ids.push_back(c->id);
        out += wrap(first, lead + fmt::format("failed checks: {}", fmt::join(ids, ", ")), st.width, text_col);
        for (auto* c : r.failed_checks()) out += wrap(indent, c->id + ": " + c->detail, st.width, text_col + 2);
    };
    detail("baseline", s.baseline, "baseline");
    for (auto& r : s.fixes) {
        auto it = std::find(plan_.fix_columns.begin(), plan_.fix_columns.end(), r.fix_id);
        std::string label = it == plan_.fix_columns.end() ? r.fix_id : plan_.fix_labels[size_t(it - plan_.fix_columns.begin())];
        detail(pad(label, fix_label_width_) + " " + r.fix_id, r, r.fix_id);
        if (!r.broke_checks.empty())
            out += wrap(indent, fmt::format("made worse: {}", fmt::join(r.broke_checks, ", ")), st.width, text_col + 2);
    }
    for (auto& b : s.expectations.broken)
        out += wrap("  " + paint("EXPECTATION BROKEN:", Outcome::fails, true, st.color) + " ", b.run + ": " + b.message, st.width, 6);
}

void RunReportStream::add_json(const ScenarioRecord& s) {
    std::string out = scenarios_ == 1 ? "\n    " : ",\n    ";
    JsonWriter w(out, 2);
    w.begin_object().key("id").value(s.id).key("title").value(s.title).key("source").value(s.source).key("file").value(s.path);
    w.key("baseline");
    run_json(w, s.baseline);
    w.key("fixes").begin_array();
    for (auto& r : s.fixes) run_json(w, r);
    w.end_array();
    w.key("expectations").begin_object().key("held").value(s.expectations.held).key("broken").begin_array();
    for (auto& b : s.expectations.broken) w.begin_object().key("run").value(b.run).key("message").value(b.message).end_object();
    w.end_array().end_object().end_object();
    *sinks_.json << out;
}

void RunReportStream::add_junit(const ScenarioRecord& s) {
    // One testcase per scenario x run; it fails when the run broke an expectation (an
    // expected setup failure is a pass). Each suite is printed as it comes; the totals the
    // root element carries are written at the end.
    pugi::xml_document doc;
    auto suite = doc.append_child("testsuite");
    suite.append_attribute("name") = s.id.c_str();
    size_t tests = 0, failed = 0, skipped = 0;
    auto add_case = [&](const std::string& run, const RunRecord& r) {
        auto tc = suite.append_child("testcase");
        tc.append_attribute("classname") = s.id.c_str();
        tc.append_attribute("name") = run.c_str();
        ++tests;
        std::vector<std::string> messages;
        for (auto& b : s.expectations.broken)
            if (b.run == run) messages.push_back(b.message);
        if (!messages.empty()) {
            ++failed;
            auto f = tc.append_child("failure");
            f.append_attribute("message") = messages.front().c_str();
            f.append_attribute("type") = "ExpectationBroken";
            std::string body = fmt::format("{}\noutcome: {}\n{}", fmt::join(messages, "\n"), to_string(r.outcome), why(r));
            f.append_child(pugi::node_pcdata).set_value(body.c_str());
        }
        // A run that stopped on something the simulator does not model gave no verdict: skipped, with why.
        if (r.outcome == Outcome::unmodelled && messages.empty()) {
            ++skipped;
            tc.append_child("skipped").append_attribute("message") = record_text::one_line(r.error).c_str();
        }
        std::string out = fmt::format("outcome: {}\n{}", to_string(r.outcome), why(r));
        tc.append_child("system-out").append_child(pugi::node_pcdata).set_value(out.c_str());
    };
    add_case("baseline", s.baseline);
    for (auto& r : s.fixes) add_case(r.fix_id, r);
    suite.append_attribute("tests") = tests;
    suite.append_attribute("failures") = failed;
    suite.append_attribute("errors") = 0;
    suite.append_attribute("skipped") = skipped;
    junit_tests_ += tests;
    junit_failures_ += failed;
    junit_skipped_ += skipped;
    std::ostringstream ss;
    suite.print(ss, "  ", pugi::format_default, pugi::encoding_utf8, 1);
    junit_suites_ += ss.str();
}

void RunReportStream::add_markdown(const ScenarioRecord& s) {
    auto cell = [&](const RunRecord* r, const std::string& run) -> std::string {
        if (!r) return " |";
        std::string o = to_string(r->outcome);
        if (r->outcome != Outcome::succeeds) o = "**" + o + "**";
        return " " + o + (run_broken(s, run) ? " (expectation broken)" : "") + " |";
    };
    std::string name = s.source.rfind("http", 0) == 0 ? "[" + s.id + "](" + s.source + ")" : s.id;
    std::string row = "| " + name + " |" + cell(&s.baseline, "baseline");
    for (auto& f : plan_.fix_columns) row += cell(find_run(s, f), f);
    *sinks_.markdown << row << "\n";

    std::string& out = markdown_details_;
    out += fmt::format("\n### {}\n{}\n\nSource: {}\n\n", s.id, s.title, s.source);
    auto item = [&](const std::string& label, const RunRecord& r) {
        std::string w = why(r);
        out += fmt::format("- `{}`: {}{}\n", label, to_string(r.outcome), w.empty() ? "" : ": " + w);
        if (!r.why.empty()) out += fmt::format("  - why {}: {}\n", r.expected, r.why);
    };
    item("baseline", s.baseline);
    for (auto& r : s.fixes) item(r.fix_id, r);
    for (auto& b : s.expectations.broken) out += fmt::format("- expectation broken: `{}`: {}\n", b.run, b.message);
}

void RunReportStream::finish() {
    if (sinks_.matrix) {
        auto& m = *sinks_.matrix;
        for (size_t b = 1; b < blocks_.size(); ++b) m << "\n" << block_header(b) << blocks_[b].rows;
        m << wrap("", blocks_.size() > 1 ? "(- not run, ! expectation broken; a block after the first leaves out the scenarios that ran none of its fixes)"
                                         : "(- not run, ! expectation broken)",
                  plan_.style.width, 1)
          << matrix_details_ << "\n" << wrap("", summary_line(), plan_.style.width, 4);
    }
    if (sinks_.json) {
        std::string out = scenarios_ == 0 ? "],\n  \"summary\": " : "\n  ],\n  \"summary\": ";
        JsonWriter w(out, 1);
        w.begin_object().key("scenarios").value(scenarios_).key("succeeds").value(count(Outcome::succeeds));
        w.key("partial").value(count(Outcome::partial)).key("fails").value(count(Outcome::fails));
        w.key("invalid").value(count(Outcome::invalid)).key("unmodelled").value(count(Outcome::unmodelled));
        w.key("expectations_broken").value(broken_).end_object();
        *sinks_.json << out << "\n}\n";
    }
    if (sinks_.junit)
        *sinks_.junit << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      << fmt::format("<testsuites name=\"cusim\" tests=\"{}\" failures=\"{}\" errors=\"0\"{}>\n", junit_tests_,
                                     junit_failures_, junit_skipped_ ? fmt::format(" skipped=\"{}\"", junit_skipped_) : "")
                      << junit_suites_ << "</testsuites>\n";
    if (sinks_.markdown) *sinks_.markdown << "\n## Details\n" << markdown_details_ << "\n" << summary_line() << "\n";
    if (sinks_.html) finish_html();
}

namespace {
std::string render(const RunReportInput& in, std::ostream* RunReportStream::Sinks::*which) {
    std::vector<std::string> ids;
    for (auto& s : in.scenarios) ids.push_back(s.id);
    std::ostringstream out;
    RunReportStream::Sinks sinks{};
    sinks.*which = &out;
    RunReportStream stream(RunPlan(in.fix_columns, in.fix_titles, ids, in.style), sinks);
    for (auto& s : in.scenarios) stream.add(s);
    stream.finish();
    return out.str();
}
}  // namespace

std::string matrix_text(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::matrix); }
std::string report_json(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::json); }
std::string junit_xml(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::junit); }
std::string report_markdown(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::markdown); }
std::string report_html(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::html); }

}  // namespace cusim
