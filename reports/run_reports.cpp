#include "reports/run_reports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <pugixml.hpp>
#include <sstream>

#include "reports/json_writer.hpp"

namespace cusim {
namespace {

const RunRecord* find_run(const ScenarioRecord& s, const std::string& fix_id) {
    for (auto& r : s.fixes)
        if (r.fix_id == fix_id) return &r;
    return nullptr;
}

bool run_broken(const ScenarioRecord& s, const std::string& run) {
    return std::any_of(s.expectations.broken.begin(), s.expectations.broken.end(), [&](auto& b) { return b.run == run; });
}

std::string one_line(std::string s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
    for (size_t pos; (pos = s.find('\n')) != std::string::npos;) s.replace(pos, 1, " / ");
    return s;
}

// One line on why a run did not succeed.
std::string why(const RunRecord& r) {
    switch (r.outcome) {
        case Outcome::succeeds: return "";
        case Outcome::fails: return r.failed_step + ": " + one_line(r.error);
        case Outcome::invalid: return one_line(r.error);
        case Outcome::partial: {
            std::vector<std::string> ids;
            for (auto* c : r.failed_checks()) ids.push_back(c->id + " (" + c->detail + ")");
            return fmt::format("failed checks: {}", fmt::join(ids, "; "));
        }
    }
    return "";
}

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

RunPlan::RunPlan(std::vector<std::string> columns, std::vector<std::string> titles, const std::vector<std::string>& scenario_ids)
    : fix_columns(std::move(columns)), fix_titles(std::move(titles)) {
    for (auto& id : scenario_ids) name_width = std::max(name_width, id.size());
}

RunReportStream::RunReportStream(const RunPlan& plan, Sinks sinks) : plan_(plan), sinks_(sinks) {
    if (sinks_.matrix) {
        std::string out = "Fixes:\n";
        for (size_t i = 0; i < plan_.fix_columns.size(); ++i)
            out += fmt::format("  F{:<2} {:<38} {}\n", i + 1, plan_.fix_columns[i], plan_.fix_titles[i]);
        out += "\n";
        std::string header = fmt::format("{:<{}}  {:<10}", "scenario", plan_.name_width, "baseline");
        for (size_t i = 0; i < plan_.fix_columns.size(); ++i) header += fmt::format("{:<10}", fmt::format("F{}", i + 1));
        while (!header.empty() && header.back() == ' ') header.pop_back();
        *sinks_.matrix << out << header << "\n";
    }
    if (sinks_.json) *sinks_.json << "{\n  \"format\": \"cusim-report/1\",\n  \"scenarios\": [";
    if (sinks_.markdown) {
        std::string out = "# cusim run\n\n| scenario | baseline |";
        for (auto& f : plan_.fix_columns) out += " " + f + " |";
        out += "\n|---|---|";
        for (size_t i = 0; i < plan_.fix_columns.size(); ++i) out += "---|";
        *sinks_.markdown << out << "\n";
    }
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
}

size_t RunReportStream::count(Outcome o) const {
    auto it = tally_.find(o);
    return it == tally_.end() ? 0 : it->second;
}

std::string RunReportStream::summary_line() const {
    size_t runs = 0;
    for (auto& [o, n] : tally_) runs += n;
    return fmt::format("{} scenarios, {} runs: {} succeeds, {} partial, {} fails, {} invalid; {}", scenarios_, runs,
                       count(Outcome::succeeds), count(Outcome::partial), count(Outcome::fails), count(Outcome::invalid),
                       broken_ == 0 ? std::string("every expectation holds") : fmt::format("{} expectations broken", broken_));
}

void RunReportStream::add_matrix(const ScenarioRecord& s) {
    auto cell = [&](const RunRecord* r, const std::string& run) {
        if (!r) return fmt::format("{:<10}", "-");
        return fmt::format("{:<10}", to_string(r->outcome) + (run_broken(s, run) ? "!" : ""));
    };
    std::string line = fmt::format("{:<{}}  {}", s.id, plan_.name_width, cell(&s.baseline, "baseline"));
    for (auto& f : plan_.fix_columns) line += cell(find_run(s, f), f);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    *sinks_.matrix << line << "\n";

    std::string& out = matrix_details_;
    out += fmt::format("{}: {}\n", s.id, s.title);
    auto detail = [&](const std::string& label, const RunRecord& r, const std::string& run) {
        std::string w = why(r);
        std::string verdict = to_string(r.outcome) + (run_broken(s, run) ? "!" : "");
        out += w.empty() ? fmt::format("  {:<44} {}\n", label, verdict) : fmt::format("  {:<44} {:<9} {}\n", label, verdict, w);
    };
    detail("baseline", s.baseline, "baseline");
    for (auto& r : s.fixes) {
        auto it = std::find(plan_.fix_columns.begin(), plan_.fix_columns.end(), r.fix_id);
        detail(fmt::format("F{} {}", it - plan_.fix_columns.begin() + 1, r.fix_id), r, r.fix_id);
        if (!r.broke_checks.empty()) out += fmt::format("  {:<44} made worse: {}\n", "", fmt::join(r.broke_checks, ", "));
    }
    for (auto& b : s.expectations.broken) out += fmt::format("  EXPECTATION BROKEN: {}: {}\n", b.run, b.message);
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
    size_t tests = 0, failed = 0;
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
        std::string out = fmt::format("outcome: {}\n{}", to_string(r.outcome), why(r));
        tc.append_child("system-out").append_child(pugi::node_pcdata).set_value(out.c_str());
    };
    add_case("baseline", s.baseline);
    for (auto& r : s.fixes) add_case(r.fix_id, r);
    suite.append_attribute("tests") = tests;
    suite.append_attribute("failures") = failed;
    suite.append_attribute("errors") = 0;
    suite.append_attribute("skipped") = 0;
    junit_tests_ += tests;
    junit_failures_ += failed;
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
    if (sinks_.matrix)
        *sinks_.matrix << "(- not run, ! expectation broken)\n\n" << matrix_details_ << "\n" << summary_line() << "\n";
    if (sinks_.json) {
        std::string out = scenarios_ == 0 ? "],\n  \"summary\": " : "\n  ],\n  \"summary\": ";
        JsonWriter w(out, 1);
        w.begin_object().key("scenarios").value(scenarios_).key("succeeds").value(count(Outcome::succeeds));
        w.key("partial").value(count(Outcome::partial)).key("fails").value(count(Outcome::fails));
        w.key("invalid").value(count(Outcome::invalid)).key("expectations_broken").value(broken_).end_object();
        *sinks_.json << out << "\n}\n";
    }
    if (sinks_.junit)
        *sinks_.junit << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      << fmt::format("<testsuites name=\"cusim\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", junit_tests_,
                                     junit_failures_)
                      << junit_suites_ << "</testsuites>\n";
    if (sinks_.markdown) *sinks_.markdown << "\n## Details\n" << markdown_details_ << "\n" << summary_line() << "\n";
}

namespace {
std::string render(const RunReportInput& in, std::ostream* RunReportStream::Sinks::*which) {
    std::vector<std::string> ids;
    for (auto& s : in.scenarios) ids.push_back(s.id);
    std::ostringstream out;
    RunReportStream::Sinks sinks{};
    sinks.*which = &out;
    RunReportStream stream(RunPlan(in.fix_columns, in.fix_titles, ids), sinks);
    for (auto& s : in.scenarios) stream.add(s);
    stream.finish();
    return out.str();
}
}  // namespace

std::string matrix_text(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::matrix); }
std::string report_json(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::json); }
std::string junit_xml(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::junit); }
std::string report_markdown(const RunReportInput& in) { return render(in, &RunReportStream::Sinks::markdown); }

}  // namespace cusim
