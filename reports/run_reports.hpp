#pragma once
// Report writers for `cusim run`. They only read result records, and write nothing that
// depends on the machine or the wall clock: two runs give byte-identical text.
#include <iosfwd>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "reports/text_layout.hpp"
#include "sim/recovery/run_record.hpp"

namespace cusim {

// What is known before any scenario runs: the fix columns, their labels, the width of the id
// column, and how the matrix is printed.
struct RunPlan {
    RunPlan(std::vector<std::string> fix_columns, std::vector<std::string> fix_titles,
            const std::vector<std::string>& scenario_ids, TerminalStyle style = {});
    std::vector<std::string> fix_columns;  // every fix id that runs, in catalogue order
    std::vector<std::string> fix_titles;
    std::vector<std::string> fix_labels;   // fix_labels(fix_columns): stable across runs
    size_t name_width = 8;
    TerminalStyle style;                   // the matrix only: the report files never get colour
};

// The matrix, report.json, junit.xml, report.md and report.html, fed one scenario at a time in scenario
// order. Each writes what it can at once and keeps only the short text its last part needs
// (the matrix's and report.md's details, junit's suites: a few hundred bytes a scenario),
// so memory does not grow with the scenarios' records.
class RunReportStream {
public:
    struct Sinks {
        std::ostream* matrix = nullptr;  // what `cusim run` prints
        std::ostream* json = nullptr;    // report.json (scenarios/report.schema.json)
        std::ostream* junit = nullptr;   // junit.xml
        std::ostream* markdown = nullptr;  // report.md
        std::ostream* html = nullptr;      // report.html
        // Where report.html's details wait until the matrix is complete (a temporary file, so
        // they are not held in memory); a string stream of its own when null.
        std::iostream* html_spool = nullptr;
    };
    RunReportStream(const RunPlan& plan, Sinks sinks);
    void add(const ScenarioRecord& scenario);
    void finish();

private:
    void add_matrix(const ScenarioRecord& s);
    void add_json(const ScenarioRecord& s);
    void add_junit(const ScenarioRecord& s);
    void add_markdown(const ScenarioRecord& s);
    void add_html(const ScenarioRecord& s);  // html_report.cpp
    void start_matrix();
    std::string block_header(size_t block) const;
    void start_html();
    void finish_html();
    size_t count(Outcome o) const;  // runs with this outcome so far
    std::string summary_line() const;

    RunPlan plan_;
    Sinks sinks_;
    size_t scenarios_ = 0, broken_ = 0, junit_tests_ = 0, junit_failures_ = 0, junit_skipped_ = 0;
    std::map<Outcome, size_t> tally_;
    std::string matrix_details_, markdown_details_, junit_suites_;
    // The matrix in column blocks that fit the width: block 0 (the scenario column, the
    // baseline and the first fixes) is printed as rows come; the rows of the later blocks wait here.
    struct Block {
        size_t first = 0, end = 0;  // fix columns [first, end)
        std::string rows;
    };
    std::vector<Block> blocks_;
    std::vector<size_t> cell_width_;  // per fix column
    size_t run_label_width_ = 8;      // the details' first column
    size_t fix_label_width_ = 0;
    std::unique_ptr<std::stringstream> own_html_spool_;
};

// The same reports of records already in memory (check-tool, tests).
struct RunReportInput {
    const std::vector<ScenarioRecord>& scenarios;
    const std::vector<std::string>& fix_columns;
    const std::vector<std::string>& fix_titles;
    TerminalStyle style{};
};
std::string matrix_text(const RunReportInput& in);
std::string report_json(const RunReportInput& in);
std::string junit_xml(const RunReportInput& in);
std::string report_markdown(const RunReportInput& in);
std::string report_html(const RunReportInput& in);

}  // namespace cusim
