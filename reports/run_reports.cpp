#include "reports/run_reports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

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

std::map<Outcome, int> tally(const std::vector<ScenarioRecord>& scenarios) {
    std::map<Outcome, int> t;
    for (auto& s : scenarios) {
        ++t[s.baseline.outcome];
        for (auto& f : s.fixes) ++t[f.outcome];
    }
    return t;
}

size_t broken_count(const std::vector<ScenarioRecord>& scenarios) {
    size_t n = 0;
    for (auto& s : scenarios) n += s.expectations.broken.size();
    return n;
}

std::string summary_line(const RunReportInput& in) {
    auto t = tally(in.scenarios);
    size_t runs = 0;
    for (auto& [o, n] : t) runs += size_t(n);
    size_t broken = broken_count(in.scenarios);
    return fmt::format("{} scenarios, {} runs: {} succeeds, {} partial, {} fails, {} invalid; {}", in.scenarios.size(),
                       runs, t[Outcome::succeeds], t[Outcome::partial], t[Outcome::fails], t[Outcome::invalid],
                       broken == 0 ? std::string("every expectation holds") : fmt::format("{} expectations broken", broken));
}

}  // namespace

std::string matrix_text(const RunReportInput& in) {
    std::string out;
    out += "Fixes:\n";
    for (size_t i = 0; i < in.fix_columns.size(); ++i)
        out += fmt::format("  F{:<2} {:<38} {}\n", i + 1, in.fix_columns[i], in.fix_titles[i]);
    out += "\n";
    size_t name_width = 8;
    for (auto& s : in.scenarios) name_width = std::max(name_width, s.id.size());
    std::string header = fmt::format("{:<{}}  {:<10}", "scenario", name_width, "baseline");
    for (size_t i = 0; i < in.fix_columns.size(); ++i) header += fmt::format("{:<10}", fmt::format("F{}", i + 1));
    while (!header.empty() && header.back() == ' ') header.pop_back();
    out += header + "\n";
    for (auto& s : in.scenarios) {
        auto cell = [&](const RunRecord* r, const std::string& run) {
            if (!r) return fmt::format("{:<10}", "-");
            return fmt::format("{:<10}", to_string(r->outcome) + (run_broken(s, run) ? "!" : ""));
        };
        std::string line = fmt::format("{:<{}}  {}", s.id, name_width, cell(&s.baseline, "baseline"));
        for (auto& f : in.fix_columns) line += cell(find_run(s, f), f);
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    out += "(- not run, ! expectation broken)\n\n";
    for (auto& s : in.scenarios) {
        out += fmt::format("{}: {}\n", s.id, s.title);
        auto detail = [&](const std::string& label, const RunRecord& r, const std::string& run) {
            std::string w = why(r);
            std::string verdict = to_string(r.outcome) + (run_broken(s, run) ? "!" : "");
            out += w.empty() ? fmt::format("  {:<44} {}\n", label, verdict)
                             : fmt::format("  {:<44} {:<9} {}\n", label, verdict, w);
        };
        detail("baseline", s.baseline, "baseline");
        for (auto& r : s.fixes) {
            auto it = std::find(in.fix_columns.begin(), in.fix_columns.end(), r.fix_id);
            detail(fmt::format("F{} {}", it - in.fix_columns.begin() + 1, r.fix_id), r, r.fix_id);
            if (!r.broke_checks.empty()) out += fmt::format("  {:<44} made worse: {}\n", "", fmt::join(r.broke_checks, ", "));
        }
        for (auto& b : s.expectations.broken) out += fmt::format("  EXPECTATION BROKEN: {}: {}\n", b.run, b.message);
    }
    out += "\n" + summary_line(in) + "\n";
    return out;
}

namespace {
using OJson = nlohmann::ordered_json;

OJson null_if_empty(const std::string& s) { return s.empty() ? OJson() : OJson(s); }

OJson checks_json(const std::vector<CheckResult>& checks, bool failed_only) {
    auto arr = OJson::array();
    for (auto& c : checks) {
        if (failed_only && c.passed) continue;
        OJson j = {{"id", c.id}, {"name", c.name}, {"passed", c.passed}, {"detail", c.detail}};
        auto events = OJson::array();
        for (auto& e : c.events)
            events.push_back({{"id", e.id}, {"source", e.source}, {"log", e.log}, {"level", e.level}, {"message", e.message}});
        j["events"] = events;
        arr.push_back(j);
    }
    return arr;
}

OJson run_json(const RunRecord& r) {
    OJson j;
    if (!r.fix_id.empty()) {
        j["id"] = r.fix_id;
        j["title"] = r.fix_title;
    }
    j["outcome"] = to_string(r.outcome);
    j["failed_step"] = null_if_empty(r.failed_step);
    j["error"] = null_if_empty(r.error);
    j["failed_checks"] = checks_json(r.checks, true);
    j["checks"] = checks_json(r.checks, false);
    if (!r.fix_id.empty()) {
        j["broke_checks"] = r.broke_checks;
        auto actions = OJson::array();
        for (auto& a : r.actions)
            actions.push_back({{"step", a.step}, {"tool", a.tool}, {"ok", a.ok}, {"output", a.output}, {"changes", a.changes}});
        j["actions"] = actions;
    }
    j["setup_changes"] = r.setup_changes;
    j["expected"] = null_if_empty(r.expected);
    j["why"] = null_if_empty(r.why);
    return j;
}
}  // namespace

std::string report_json(const RunReportInput& in) {
    OJson root;
    root["format"] = "cusim-report/1";
    auto scenarios = OJson::array();
    for (auto& s : in.scenarios) {
        OJson j;
        j["id"] = s.id;
        j["title"] = s.title;
        j["source"] = s.source;
        j["file"] = s.path;
        j["baseline"] = run_json(s.baseline);
        auto fixes = OJson::array();
        for (auto& r : s.fixes) fixes.push_back(run_json(r));
        j["fixes"] = fixes;
        auto broken = OJson::array();
        for (auto& b : s.expectations.broken) broken.push_back({{"run", b.run}, {"message", b.message}});
        j["expectations"] = {{"held", s.expectations.held}, {"broken", broken}};
        scenarios.push_back(j);
    }
    root["scenarios"] = scenarios;
    auto t = tally(in.scenarios);
    root["summary"] = {{"scenarios", in.scenarios.size()},
                       {"succeeds", t[Outcome::succeeds]},
                       {"partial", t[Outcome::partial]},
                       {"fails", t[Outcome::fails]},
                       {"invalid", t[Outcome::invalid]},
                       {"expectations_broken", broken_count(in.scenarios)}};
    return root.dump(2) + "\n";
}

std::string junit_xml(const RunReportInput& in) {
    // One testcase per scenario x run; it fails when the run broke an expectation (an
    // expected setup failure is a pass).
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto suites = doc.append_child("testsuites");
    suites.append_attribute("name") = "cusim";
    size_t total = 0, failures = 0;
    for (auto& s : in.scenarios) {
        auto suite = suites.append_child("testsuite");
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
        total += tests;
        failures += failed;
    }
    suites.append_attribute("tests") = total;
    suites.append_attribute("failures") = failures;
    suites.append_attribute("errors") = 0;
    std::ostringstream ss;
    doc.save(ss, "  ", pugi::format_default, pugi::encoding_utf8);
    return ss.str();
}

std::string report_markdown(const RunReportInput& in) {
    std::string out = "# cusim run\n\n";
    out += "| scenario | baseline |";
    for (auto& f : in.fix_columns) out += " " + f + " |";
    out += "\n|---|---|";
    for (size_t i = 0; i < in.fix_columns.size(); ++i) out += "---|";
    out += "\n";
    for (auto& s : in.scenarios) {
        auto cell = [&](const RunRecord* r, const std::string& run) -> std::string {
            if (!r) return " |";
            std::string o = to_string(r->outcome);
            if (r->outcome != Outcome::succeeds) o = "**" + o + "**";
            return " " + o + (run_broken(s, run) ? " (expectation broken)" : "") + " |";
        };
        std::string name = s.source.rfind("http", 0) == 0 ? "[" + s.id + "](" + s.source + ")" : s.id;
        out += "| " + name + " |" + cell(&s.baseline, "baseline");
        for (auto& f : in.fix_columns) out += cell(find_run(s, f), f);
        out += "\n";
    }
    out += "\n## Details\n";
    for (auto& s : in.scenarios) {
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
    out += "\n" + summary_line(in) + "\n";
    return out;
}

}  // namespace cusim
