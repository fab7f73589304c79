#include "sim/review/run_facts.hpp"

#include <algorithm>

#include "sim/core/text_pattern.hpp"

namespace cusim {

namespace {
std::string first_line_of(const std::string& text) { return text.substr(0, text.find('\n')); }

// The first capture of `pattern` in the entry's first line, with the entry's line.
LogValue capture(const SetupLogEntry& e, const char* pattern) {
    if (auto m = match_text(first_line_of(e.text), pattern); m && !m->empty()) return {m->front(), e.line};
    return {};
}

void take(LogValue& into, const SetupLogEntry& e, const char* pattern) {
    if (auto v = capture(e, pattern)) into = v;
}

// `The following error was generated when "$error.Clear(); <script>" was run: "<exception>".`
void read_error_block(const SetupLogEntry& e, RunFacts& f) {
    static const std::string head = "[ERROR] The following error was generated when \"$error.Clear();";
    if (e.text.rfind(head, 0) != 0 || f.failed_script) return;
    std::string rest = e.text.substr(head.size());
    size_t was_run = rest.find("\" was run: \"");
    if (was_run == std::string::npos) return;
    std::string script = rest.substr(0, was_run);
    // Trim the quoted script's indentation lines at both ends.
    // The script as the setup XML holds it, its common indentation removed.
    std::vector<std::string> lines;
    size_t indent = std::string::npos;
    for (size_t start = 0; start <= script.size();) {
        size_t end = std::min(script.find('\n', start), script.size());
        std::string line = script.substr(start, end - start);
        start = end + 1;
        size_t first = line.find_first_not_of(' ');
        if (first == std::string::npos) continue;
        indent = std::min(indent, first);
        lines.push_back(line);
    }
    std::string text;
    for (auto& l : lines) text += (text.empty() ? "" : "\n") + l.substr(std::min(indent, l.size()));
    f.failed_script = {text, e.line};
    std::string exception = rest.substr(was_run + 12);
    exception = first_line_of(exception);
    if (exception.size() >= 2 && exception.compare(exception.size() - 2, 2, "\".") == 0) exception.resize(exception.size() - 2);
    f.exception = {exception, e.line};
}

void read_certificate_line(const SetupLogEntry& e, RunFacts& f) {
    auto m = match_text(first_line_of(e.text),
                        "Installing certificate signed by '{}' for site '{}'.  Certificate is valid from {} until {}");
    if (!m) return;
    InstallingCertificateLine c{(*m)[0], (*m)[1], (*m)[2], (*m)[3], {}, {}, e.line};
    while (!c.valid_until.empty() && (c.valid_until.back() == '.' || c.valid_until.back() == ' ')) c.valid_until.pop_back();
    c.not_before = parse_windows_time(c.valid_from);
    c.not_after = parse_windows_time(c.valid_until);
    f.certificates.push_back(c);
}
}  // namespace

RunFacts last_run_facts(const ParsedSetupLog& log) {
    RunFacts f;
    f.runs = log.runs.size();
    f.run_index = log.runs.size() - 1;
    const SetupLogRun& run = log.runs.back();
    f.first_line = run.first_line();
    f.entries = run.entries.size();
    f.run_date = {run.entries.front().stamp, run.entries.front().line};
    // Services setup disabled stay disabled until a run completes: collect them from the runs
    // since the last completed one (a resumed run does not disable them again).
    size_t since = 0;
    for (size_t r = 0; r + 1 < log.runs.size(); ++r)
        for (auto& e : log.runs[r].entries)
            if (e.text.rfind("The Exchange Server setup operation completed successfully.", 0) == 0) since = r + 1;
    for (size_t r = since; r < log.runs.size(); ++r)
        for (auto& e : log.runs[r].entries)
            if (auto s = capture(e, "[ServiceControl.ps1] Disabling service '{}'.")) {
                bool seen = false;
                for (auto& d : f.disabled_services) seen = seen || d.value == s.value;
                if (!seen) f.disabled_services.push_back(s);
            }
    LogValue last_task, last_component;
    for (const SetupLogEntry& e : run.entries) {
        const std::string line = first_line_of(e.text);
        if (line.rfind("Starting Microsoft Exchange", 0) == 0) take(f.started, e, "Starting {} Setup");
        take(f.setup_version, e, "Setup version: {}.");
        take(f.user, e, "Logged on user: {}.");
        take(f.mode, e, "Command Line Parameter Name='mode', Value='{}'.");
        take(f.installation_mode, e, "The installation mode is set to: '{}'.");
        take(f.local_build, e, "The locally installed version is {}.");
        take(f.local_build, e, "The backup copy of the previously installed version is '{}'.");
        take(f.os_version, e, "Operating system version: {}.");
        take(f.server, e, "Setup will search for an Exchange Server object for the local machine with name '{}'.");
        take(f.domain_controller, e, "Setup will use the domain controller '{}'.");
        take(f.global_catalog, e, "Setup will use the global catalog '{}'.");
        take(f.resumed_from, e, "Looking for the failed task with ID {}.");
        if (line.rfind("The Exchange Server setup operation completed successfully.", 0) == 0) f.completed = {line, e.line};
        if (line.rfind("The Exchange Server setup operation didn't complete.", 0) == 0) f.did_not_complete = {line, e.line};
        if (auto t = capture(e, "Setup will run the task '{}'")) last_task = t;
        if (auto m = match_text(line, "Processing component '{}' ({})."); m && line.rfind("Processing component", 0) == 0)
            last_component = {(*m)[0] + " (" + (*m)[1] + ")", e.line};
        if (line.rfind("[ERROR] ", 0) == 0) {
            std::string text = line.substr(8);
            if (!f.first_error) {
                f.first_error = {text, e.line};
                f.failed_task = last_task;
                f.failed_component = last_component;
            }
            f.error_lines.push_back(text);
            if (text == "The certificate is expired.") f.certificate_expired = true;
            read_error_block(e, f);
        }
        if (auto m = match_text(line, "[ERROR-REFERENCE] Id={} Component={}"); m && line.rfind("[ERROR-REFERENCE]", 0) == 0) {
            f.error_reference_id = {(*m)[0], e.line};
            f.error_reference_component = {(*m)[1], e.line};
        } else if (auto id = capture(e, "[ERROR-REFERENCE] Id={}"); id && line.rfind("[ERROR-REFERENCE]", 0) == 0) {
            f.error_reference_id = id;
        }
        read_certificate_line(e, f);
    }
    return f;
}

}  // namespace cusim
