#pragma once
// `cusim preflight --report-dir`: preflight.json (every server's prediction: its verdict, where
// and why it fails, the findings in SetupAssist's shape, the time bomb, the verified fixes and
// its https layout) and preflight.html (a row per server, then each server's IIS https
// bindings, http.sys endpoints and certificates drawn as one self-contained SVG each). Fed one
// server at a time in the fleet's order; both only read the results, and hold nothing that
// depends on the machine or the wall clock.
#include <iosfwd>
#include <memory>
#include <sstream>
#include <string>

#include "sim/preflight/preflight.hpp"

namespace cusim {

class PreflightReportStream {
public:
    struct Sinks {
        std::ostream* json = nullptr;  // preflight.json
        std::ostream* html = nullptr;  // preflight.html
        // Where the page's per-server diagrams wait until the table is complete (a temporary
        // file, so 10,000 servers' drawings are not held in memory); a string stream when null.
        std::iostream* html_spool = nullptr;
    };
    explicit PreflightReportStream(Sinks sinks);
    // `id`: the name the fleet's lines give the server (its scenario id); `path`: where it was read.
    void add(const std::string& id, const std::string& path, const PreflightResult& r);
    void finish();

private:
    void add_json(const std::string& id, const std::string& path, const PreflightResult& r);
    void add_html(const std::string& id, const PreflightResult& r);
    Sinks sinks_;
    size_t servers_ = 0, completes_ = 0, partial_ = 0, fails_ = 0;
    std::unique_ptr<std::stringstream> own_spool_;
};

}  // namespace cusim
