#include "reports/review_report.hpp"

#include <fmt/format.h>

#include "reports/json_writer.hpp"
#include "sim/core/text.hpp"

namespace cusim {

namespace {
std::string at_line(const LogValue& v) { return v ? fmt::format("{} (line {})", v.value, v.line) : "not in the log"; }

std::string setup_line(const RunFacts& f) {
    std::string s = f.started ? f.started.value : "unknown setup";
    if (f.setup_version) s += ", version " + f.setup_version.value;
    if (f.mode) s += ", mode " + f.mode.value;
    if (f.installation_mode) s += " (" + f.installation_mode.value + ")";
    if (f.local_build) s += ", installed build " + f.local_build.value;
    return s;
}

const char* kServicesCommand = "Get-Service MSExchange* | Set-Service -StartupType Automatic";
}  // namespace

std::string review_text(const LogReview& r) {
    const RunFacts& f = r.facts;
    std::string out;
    auto row = [&](const char* name, const std::string& value) { out += fmt::format("{:<18} {}\n", name, value); };
    out += fmt::format("{}: {}, {} lines, {} setup run{}; the last, from line {}, is reviewed\n", r.path,
                       to_string(r.encoding), r.lines, f.runs, f.runs == 1 ? "" : "s", f.first_line);
    row("Setup", setup_line(f));
    row("Run date", f.run_date.value.substr(0, f.run_date.value.find('.')));
    row("Server", f.server ? f.server.value : "not in the log");
    row("Logged on user", f.user ? f.user.value : "not in the log");
    row("Domain controller", f.domain_controller ? f.domain_controller.value : "not in the log");
    if (f.completed) {
        row("Result", "setup completed (line " + std::to_string(f.completed.line) + ")");
        out += "\nThe most recent setup attempt completed successfully based off this line:\n" + f.completed.value +
               "\n\nNo Action is required.\n";
        return out;
    }
    row("Result", f.did_not_complete ? fmt::format("setup did not complete (line {})", f.did_not_complete.line)
                                     : "setup did not complete (the run ends without either closing line)");
    if (f.failed_task)
        row("Failed task", f.failed_task.value + (r.failed_step.empty() ? "" : " (" + r.failed_step + ")") +
                               (f.failed_component ? ", component " + f.failed_component.value : ""));
    if (f.first_error) row("First error", at_line(f.first_error));
    if (f.exception) row("Exception", f.exception.value);
    if (f.error_reference_id) row("Error reference", at_line(f.error_reference_id));
    if (f.failed_script) {
        out += "Setup was running:\n";
        for (auto& line : split_lines(f.failed_script.value)) out += "    " + line + "\n";
    }
    if (f.error_reference_id) row("Resume", "setup run again resumes at the failed task " + f.error_reference_id.value);
    if (!f.disabled_services.empty()) {
        std::vector<std::string> names;
        for (auto& s : f.disabled_services) names.push_back(s.value);
        out += fmt::format("Services setup disabled and left disabled ({}): {}\n", names.size(), join(names, ", "));
        out += fmt::format("    to enable them (SetupLogReviewer's Test-DisabledService): {}\n", kServicesCommand);
    }
    out += "\nCause: " + describe(r.cause) + "\n";
    if (r.certificate) {
        const auto& c = *r.certificate;
        out += fmt::format("  Certificate: {} (issuer {}), valid from {} until {} (line {})\n", c.subject, c.issuer,
                           c.valid_from, c.valid_until, c.line);
    }
    if (!r.thumbprint.empty()) out += "  Thumbprint: " + r.thumbprint + "\n";
    if (r.known_issue) {
        const KnownIssue& k = *r.known_issue;
        out += fmt::format("\nSetupLogReviewer ({}) says:\n", k.check);
        if (!k.error_context.empty()) {
            out += "Found Error:\n";
            for (auto& l : k.error_context) out += "    " + l + "\n";
        }
        out += "Do the following action plan:\n";
        for (auto& l : k.action_plan) out += "\t" + l + "\n";
    } else {
        out += "\nSetupLogReviewer: none of its checks that cusim has finds this failure; it has others cusim does not ("
               + join(known_issue_checks_not_covered(), ", ") + ")\n";
    }
    if (r.cause == CertificateCause::none) return out;
    out += "\ncusim goes further: ";
    if (!r.modelled) {
        out += "no implied server: " + r.not_modelled + "\n";
        return out;
    }
    out += "the server this log implies, simulated. What the log does not say is assumed:\n";
    for (auto& a : r.assumptions) out += "  - " + a + "\n";
    out += (r.reproduced ? "Reproduced: " : "NOT reproduced: ") + r.reproduction + "\n";
    if (!r.reproduced) {
        out += "No fix is verified: the implied server does not fail as the log does.\n";
        return out;
    }
    // A fix is verified when it succeeds on the assumed server; what the log cannot show may change
    // that, so each verdict says how it fares on the other variants.
    const auto& variants = server_variants();
    auto elsewhere = [&](const FixVerdict& fx, bool succeeding) {
        std::vector<std::string> notes;
        for (size_t i = 1; i < variants.size() && i < fx.on_variants.size(); ++i)
            if ((fx.on_variants[i] == Outcome::succeeds) != succeeding || (!succeeding && fx.on_variants[i] == Outcome::succeeds))
                notes.push_back(to_string(fx.on_variants[i]) + " with " + variants[i].describe());
        return notes;
    };
    size_t verified = 0;
    for (auto& fx : r.fixes) verified += fx.outcome == Outcome::succeeds;
    out += fmt::format("\nVerified fixes ({} of {} after-failure fixes of the catalogue succeed on it):\n", verified,
                       r.fixes.size());
    for (auto& fx : r.fixes) {
        if (fx.outcome != Outcome::succeeds) continue;
        out += fmt::format("\n  {}: {}\n", fx.id, fx.title);
        for (auto& n : fx.needs) out += "    needs " + n + "\n";
        for (auto& note : elsewhere(fx, true)) out += "    but " + note + "\n";
        for (auto& c : fx.commands) out += "      " + c + "\n";
    }
    std::string conditional;
    for (auto& fx : r.fixes) {
        if (fx.outcome == Outcome::succeeds) continue;
        std::vector<std::string> where;
        for (size_t i = 1; i < variants.size() && i < fx.on_variants.size(); ++i)
            if (fx.on_variants[i] == Outcome::succeeds) where.push_back(variants[i].describe());
        if (!where.empty()) conditional += fmt::format("  {}: succeeds only with {}\n", fx.id, join(where, "; or with "));
    }
    if (!conditional.empty()) out += "\nFixes that succeed only if the server differs from the assumption:\n" + conditional;
    out += "\nThe others (on the assumed server):\n";
    for (auto& fx : r.fixes)
        if (fx.outcome != Outcome::succeeds)
            out += fmt::format("  {:<9} {}{}\n", to_string(fx.outcome), fx.id, fx.detail.empty() ? "" : ": " + fx.detail);
    return out;
}

std::string review_json(const LogReview& r) {
    const RunFacts& f = r.facts;
    std::string out;
    JsonWriter w(out);
    auto value = [&](const char* name, const LogValue& v) {
        w.key(name);
        if (!v) {
            w.null();
            return;
        }
        w.begin_object().key("value").value(v.value).key("line").value(v.line).end_object();
    };
    w.begin_object().key("format").value("cusim-review/1").key("log").value(r.path).key("encoding").value(to_string(r.encoding));
    w.key("lines").value(r.lines).key("runs").value(f.runs).key("reviewedRunFirstLine").value(f.first_line);
    value("setup", f.started);
    value("setupVersion", f.setup_version);
    value("mode", f.mode);
    value("installationMode", f.installation_mode);
    value("installedBuild", f.local_build);
    value("runDate", f.run_date);
    value("server", f.server);
    value("user", f.user);
    value("domainController", f.domain_controller);
    w.key("completed").value(bool(f.completed));
    value("failedTask", f.failed_task);
    w.key("failedStep").string_or_null(r.failed_step);
    value("failedComponent", f.failed_component);
    value("firstError", f.first_error);
    value("exception", f.exception);
    value("errorReference", f.error_reference_id);
    value("script", f.failed_script);
    w.key("disabledServices").begin_array();
    for (auto& s : f.disabled_services) w.value(s.value);
    w.end_array();
    w.key("certificateFailure").value(r.cause != CertificateCause::none).key("cause").value(describe(r.cause));
    w.key("certificate");
    if (r.certificate)
        w.begin_object().key("subject").value(r.certificate->subject).key("issuer").value(r.certificate->issuer)
            .key("validFrom").value(r.certificate->valid_from).key("validUntil").value(r.certificate->valid_until)
            .key("line").value(r.certificate->line).end_object();
    else
        w.null();
    w.key("knownIssue");
    if (r.known_issue)
        w.begin_object().key("check").value(r.known_issue->check).key("source").value(r.known_issue->source)
            .key("errorContext").strings(r.known_issue->error_context).key("actionPlan").strings(r.known_issue->action_plan)
            .end_object();
    else
        w.null();
    w.key("modelled").value(r.modelled).key("notModelled").string_or_null(r.not_modelled);
    w.key("assumptions").strings(r.assumptions).key("reproduced").value(r.reproduced).key("reproduction").string_or_null(r.reproduction);
    w.key("fixes").begin_array();
    for (auto& fx : r.fixes) {
        w.begin_object().key("id").value(fx.id).key("title").value(fx.title).key("outcome").value(to_string(fx.outcome))
            .key("detail").string_or_null(fx.detail).key("needs").strings(fx.needs).key("commands").strings(fx.commands);
        w.key("onVariants").begin_array();
        for (size_t i = 0; i < fx.on_variants.size() && i < server_variants().size(); ++i)
            w.begin_object().key("server").value(server_variants()[i].describe()).key("outcome").value(to_string(fx.on_variants[i]))
                .end_object();
        w.end_array().end_object();
    }
    w.end_array();
    w.end_object();
    return out + "\n";
}

}  // namespace cusim
