#pragma once
// Report writers for `cusim run`. They only read result records, and write nothing that
// depends on the machine or the wall clock: two runs give byte-identical text.
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "sim/recovery/run_record.hpp"

namespace cusim {

// What is known before any scenario runs: the fix columns and the width of the id column.
struct RunPlan {
    RunPlan(std::vector<std::string> fix_columns, std::vector<std::string> fix_titles,
            const std::vector<std::string>& scenario_ids);
    std::vector<std::string> fix_columns;  // every fix id that runs, in catalogue order
    std::vector<std::string> fix_titles;
    size_t name_width = 8;
};

// The matrix, report.json, junit.xml and report.md, fed one scenario at a time in scenario
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
    };
    RunReportStream(const RunPlan& plan, Sinks sinks);
    void add(const ScenarioRecord& scenario);
    void finish();

private:
    void add_matrix(const ScenarioRecord& s);
    void add_json(const ScenarioRecord& s);
    void add_junit(const ScenarioRecord& s);
    void add_markdown(const ScenarioRecord& s);
    size_t count(Outcome o) const;  // runs with this outcome so far
    std::string summary_line() const;

    RunPlan plan_;
    Sinks sinks_;
    size_t scenarios_ = 0, broken_ = 0, junit_tests_ = 0, junit_failures_ = 0;
    std::map<Outcome, size_t> tally_;
    std::string matrix_details_, markdown_details_, junit_suites_;
};

// The same reports of records already in memory (check-tool, tests).
struct RunReportInput {
    const std::vector<ScenarioRecord>& scenarios;
    const std::vector<std::string>& fix_columns;
    const std::vector<std::string>& fix_titles;
};
std::string matrix_text(const RunReportInput& in);
std::string report_json(const RunReportInput& in);
std::string junit_xml(const RunReportInput& in);
std::string report_markdown(const RunReportInput& in);

}  // namespace cusim
