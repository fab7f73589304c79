#pragma once
// Report writers for `cusim run`. They only read result records, and write nothing that
// depends on the machine or the wall clock: two runs give byte-identical text.
#include <string>
#include <vector>

#include "sim/recovery/run_record.hpp"

namespace cusim {

struct RunReportInput {
    const std::vector<ScenarioRecord>& scenarios;
    const std::vector<std::string>& fix_columns;
    const std::vector<std::string>& fix_titles;
};

std::string matrix_text(const RunReportInput& in);  // what `cusim run` prints
std::string report_json(const RunReportInput& in);  // report.json (scenarios/report.schema.json)
std::string junit_xml(const RunReportInput& in);    // junit.xml
std::string report_markdown(const RunReportInput& in);  // report.md

}  // namespace cusim
