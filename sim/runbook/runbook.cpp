#include "sim/runbook/runbook.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

#include "sim/core/input_error.hpp"
#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"
#include "sim/formats/tool_output.hpp"
#include "sim/runbook/cert_query.hpp"
#include "sim/runbook/command_syntax.hpp"
#include "sim/runbook/commands.hpp"
#include "sim/runbook/cmd_fix.hpp"
#include "sim/runbook/script_fix.hpp"

namespace cusim::runbook {
namespace {

// ---------------------------------------------------------------- variables

std::string substitute(const std::string& line, const Variables& vars, const ServerState& state, std::string& problem) {
    // $($v.Prop), $v.Prop, $v; $_ and the automatic variables stay.
    static const Regex var(R"(\$\(\$(\w+)\.(\w+)\)|\$(\w+)\.(\w+)\b(?!\()|\$(\w+))");
    static const std::set<std::string> automatic = {"_", "true", "false", "null", "error"};
    std::string out;
    size_t last = 0;
    for (const RegexMatch& m : var.find_all(line)) {
        std::string name = lower(m.matched(1) ? m[1] : m.matched(3) ? m[3] : m[5]);
        std::string prop = m.matched(1) ? m[2] : m.matched(3) ? m[4] : "";
        out += line.substr(last, m.position() - last);
        last = m.position() + m.length();
        if (automatic.count(name)) {
            out += m[0];
            continue;
        }
        auto v = vars.find(name);
        if (v == vars.end()) {
            problem = "$" + name + " is not set";
            return line;
        }
        if (prop.empty() || iequals(prop, "Thumbprint")) {
            out += v->second;
            continue;
        }
        const StoreEntry* e = state.find_certificate(v->second);
        std::string value = e ? property_of(*e, prop, state) : "\x01";
        if (value == "\x01") {
            problem = fmt::format("${}.{} is not supported by the simulator", name, prop);
            return line;
        }
        out += value;
    }
    return out + line.substr(last);
}

// ---------------------------------------------------------------- one line

[[noreturn]] void unsupported(const std::string& path, int line, const std::string& why) {
    throw InputError(path, fmt::format("line {}", line), why);
}

// Checks a line when the runbook loads: a known command with known parameters, or a
// supported assignment / pipeline. Values with variables are checked when they run.
void check_line(const std::string& path, int number, const std::string& text, std::set<std::string>& assigned) {
    std::string body = text;
    static const Regex assignment(R"(\$(\w+)\s*=\s*(.+))");
    RegexMatch m;
    if (assignment.full_match(text, &m)) {
        body = m[2];
        std::string rhs = trim(body);
        if (rhs.front() == '"' || rhs.front() == '\'') {
            assigned.insert(lower(m[1]));
            return;
        }
        static const Regex secure(R"(ConvertTo-SecureString\s+(\S+)\s+-AsPlainText\s+-Force)", Regex::icase);
        static const Regex member(R"(\((.+)\)\.(\w+))");
        if (secure.full_match(rhs)) {
            assigned.insert(lower(m[1]));
            return;
        }
        RegexMatch mm;
        body = member.full_match(rhs, &mm) ? mm[1] : rhs;
        assigned.insert(lower(m[1]));
    }
    // Variables must be set before they are used.
    static const Regex use(R"(\$(\w+))");
    for (const RegexMatch& u : use.find_all(body)) {
        std::string n = lower(u[1]);
        if (n != "_" && n != "true" && n != "false" && n != "null" && !assigned.count(n))
            unsupported(path, number, "$" + u[1] + " is used before it is set");
    }
    auto stages = split_pipeline(body);
    std::string problem;
    if (stages.size() > 1 || parse_cert_source(stages[0], problem)) {
        if (!parse_cert_source(stages[0], problem))
            unsupported(path, number, "'" + stages[0] + "' in a pipeline is not supported by the simulator");
        for (size_t i = 1; i < stages.size(); ++i)
            if (!parse_filter(stages[i], problem)) unsupported(path, number, problem);
        return;
    }
    if (is_web_binding_method(body)) return;
    auto tokens = tokenize(body);
    if (tokens.empty()) return;
    std::string key = command_key(tokens[0]);
    auto it = commands().find(key);
    if (it == commands().end())
        unsupported(path, number, "'" + tokens[0] + "' is not supported by the simulator");
    if (!it->second.params.empty() || key.find('-') != std::string::npos) {
        Args a = parse_args(tokens, true);
        for (auto& [name, v] : a.named)
            if (!it->second.params.count(name))
                unsupported(path, number, fmt::format("{} -{} is not supported by the simulator", tokens[0], name));
    }
}

ActionResult run_line_unguarded(const std::string& raw, LineContext& lc) {
    std::string problem;
    std::string text = raw;
    static const Regex assignment(R"(\$(\w+)\s*=\s*(.+))");
    RegexMatch m;
    std::string target;
    std::string property = "thumbprint";
    if (assignment.full_match(raw, &m)) {
        target = lower(m[1]);
        text = trim(m[2]);
        static const Regex secure(R"(ConvertTo-SecureString\s+(\S+)\s+-AsPlainText\s+-Force)", Regex::icase);
        static const Regex member(R"(\((.+)\)\.(\w+))");
        RegexMatch mm;
        std::string value_text = substitute(text, lc.vars, lc.ctx.state, problem);
        if (!problem.empty()) return error(problem);
        if (value_text.front() == '"' || value_text.front() == '\'') {
            lc.vars[target] = unquote(value_text);
            return ok();
        }
        if (secure.full_match(value_text, &mm)) {
            lc.vars[target] = unquote(mm[1]);
            return ok();
        }
        if (member.full_match(value_text, &mm)) {
            text = mm[1];
            property = lower(mm[2]);
        }
    }
    text = substitute(text, lc.vars, lc.ctx.state, problem);
    if (!problem.empty()) return error(problem);

    if (lower(text) == "get-authconfig" && property == "currentcertificatethumbprint" && !target.empty()) {
        if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Get-AuthConfig")) return *r;
        lc.vars[target] = lc.ctx.state.exchange.auth.current_thumbprint;
        return ok();
    }

    // A certificate query pipeline.
    bool exchange = false;
    StoreName store = StoreName::My;
    if (auto result = try_query(text, lc.ctx.state, exchange, store, problem)) {
        if (exchange)
            if (auto r = exchange_cmdlet_unavailable(lc.ctx.state, "Get-ExchangeCertificate")) return *r;
        if (!target.empty()) {
            if (result->empty()) return error("the pipeline returned no certificate for $" + target);
            lc.vars[target] = property == "thumbprint" ? (*result)[0]->certificate.thumbprint()
                                                                : property_of(*(*result)[0], property, lc.ctx.state);
            return ok();
        }
        return ok(exchange ? exchange_certificate_table(lc.ctx.state, *result) : cert_drive_table(store, *result));
    }
    if (!problem.empty()) return error(problem);

    if (auto r = run_web_binding_method(text, lc)) return *r;

    auto tokens = tokenize(text);
    auto it = commands().find(command_key(tokens[0]));
    if (it == commands().end() || !it->second.run) return error("'" + tokens[0] + "' is not supported by the simulator");
    bool powershell = !it->second.params.empty() || command_key(tokens[0]).find('-') != std::string::npos;
    ActionResult r = it->second.run(parse_args(tokens, powershell), lc);
    if (!target.empty() && r.ok) {
        // $t = (New-SelfSignedCertificate ...).Thumbprint: the object it made is the newest entry.
        std::string thumb;
        for (StoreName st : {StoreName::My, StoreName::WebHosting})
            if (auto* s = lc.ctx.state.find_store(st))
                if (!s->entries.empty()) thumb = s->entries.back().certificate.thumbprint();
        lc.vars[target] = thumb;
        r.output.clear();
    }
    return r;
}

// A -match pattern that backtracks past its limit on this server's values fails the line (the
// fix is `invalid`, with the runbook's file and line in the step), as an exception would stop a
// real script; it never hangs cusim.
ActionResult run_line(const std::string& raw, LineContext& lc) {
    try {
        return run_line_unguarded(raw, lc);
    } catch (const RegexLimit& e) {
        return error(e.what());
    }
}

}  // namespace
}  // namespace cusim::runbook

namespace cusim {

struct RunbookSession::Impl {
    InputFolder folder;
    runbook::Variables vars;
    std::set<std::string> assigned;
    explicit Impl(const std::string& f) : folder(f) {}
};

RunbookSession::RunbookSession(const std::string& folder_file) : impl_(std::make_unique<Impl>(folder_file)) {}
RunbookSession::RunbookSession(const RunbookSession& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
RunbookSession& RunbookSession::operator=(const RunbookSession& other) {
    impl_ = std::make_unique<Impl>(*other.impl_);
    return *this;
}
RunbookSession::~RunbookSession() = default;

const std::vector<InputFolder::ResolvedFile>& RunbookSession::files_read() const { return impl_->folder.resolved_files(); }

ActionResult RunbookSession::run(const std::string& raw, ActionContext& ctx) {
    std::string line = runbook::trim(raw);
    if (line.empty() || line[0] == '#') return runbook::ok();
    try {
        std::set<std::string> assigned = impl_->assigned;
        runbook::check_line("", 0, line, assigned);
        impl_->assigned = assigned;
    } catch (const InputError& e) {
        return runbook::error(e.message());
    }
    runbook::LineContext lc{ctx, impl_->vars, impl_->folder};
    return runbook::run_line(line, lc);
}

bool is_runbook_file(const std::string& path) {
    auto ext = runbook::lower(std::filesystem::path(path).extension().string());
    return ext == ".ps1" || ext == ".cmd" || ext == ".bat";
}

Fix load_runbook(const std::string& path) {
    // PowerShell scripts run on the PowerShell engine, cmd batch files on the batch language.
    if (runbook::lower(std::filesystem::path(path).extension().string()) == ".ps1") return load_script_fix(path);
    return load_cmd_fix(path);
}

}  // namespace cusim
