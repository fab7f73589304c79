#include "sim/runbook/shell_session.hpp"

#include <algorithm>

#include "sim/core/text.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/powershell/parser.hpp"
#include "sim/runbook/engine_session.hpp"

namespace cusim {

struct ShellSession::Impl {
    runbook::EngineSession engine;
    // Every input parsed so far: the functions and script blocks they defined point into them.
    std::vector<std::shared_ptr<const ps::ParsedScript>> inputs;
    explicit Impl(const std::string& folder_file) : engine(InputFolder(folder_file), "") {}
};

ShellSession::ShellSession(const std::string& folder_file) : impl_(std::make_unique<Impl>(folder_file)) {}
ShellSession::ShellSession(ShellSession&&) noexcept = default;
ShellSession& ShellSession::operator=(ShellSession&&) noexcept = default;
ShellSession::~ShellSession() = default;

std::string ShellSession::prompt() const { return "PS " + impl_->engine.host.location.current + "> "; }

const std::vector<InputFolder::ResolvedFile>& ShellSession::files_read() const { return impl_->engine.folder.resolved_files(); }

bool ShellSession::needs_more_input(const std::string& text) {
    // A backtick that ends the line escapes the line break: the statement goes on on the next
    // line (about_Special_Characters, "line continuation"; about_Parsing).
    std::size_t last = text.find_last_not_of(" \t\r");
    if (last != std::string::npos && text[last] == '`' && last + 1 == text.size()) return true;
    auto parsed = ps::parse_script("", text);
    return std::any_of(parsed.errors.begin(), parsed.errors.end(), [](const ps::ParseError& e) { return e.incomplete_input; });
}

ShellSession::Outcome ShellSession::run(const std::string& text, ActionContext& ctx) {
    Outcome out;
    auto refuse = [&](std::string why) {
        out.refused = true;
        out.result.ok = false;
        out.result.error_summary = why.substr(0, why.find('\n'));
        out.result.output = std::move(why);
        return out;
    };
    if (!is_utf8(text)) return refuse("The line is not UTF-8 text.");
    auto parsed = std::make_shared<ps::ParsedScript>(ps::parse_script("", text));
    // The console prints a parse error as a script's (ParseException's layout) and runs nothing.
    if (!parsed->ok()) return refuse(parsed->error_text());
    if (parsed->script->named_blocks) return refuse("begin/process/end blocks at the prompt are not modelled by the simulator");
    auto problems = ps::check_script(*parsed, impl_->engine.host, impl_->engine.in.function_names());
    if (!problems.empty()) {
        // "1:5: the command 'w32tm' is not modelled..." -> the text; the line is the one typed.
        std::string all;
        for (auto& p : problems) {
            if (!all.empty()) all += '\n';
            size_t colon = p.find(": ");
            all += colon == std::string::npos ? p : p.substr(colon + 2);
        }
        return refuse(all);
    }
    impl_->inputs.push_back(parsed);
    const auto& block = parsed->script->end_block->statements;
    for (size_t i = 0; i < block.size(); ++i) {
        auto s = runbook::run_statement(impl_->engine, parsed, i, ctx);
        ActionResult& r = out.result;
        r.output += s.result.output;
        if (!s.result.setup_log.empty()) {
            // Each setup run appends to ExchangeSetup.log; the last one says where setup stands.
            r.setup_log += s.result.setup_log;
            r.setup_failed_step = s.result.setup_failed_step;
            r.setup_error = s.result.setup_error;
        }
        if (!s.result.ok) {
            if (r.ok) r.error_summary = s.result.error_summary;
            r.ok = false;
        }
        // `exit`, a script-terminating error or something not modelled: the rest of this input is
        // not run; the console stays. An error the line does not handle only shows.
        if (s.script_stopped && !s.stopped_by_unhandled_error) break;
    }
    return out;
}

// ---------------------------------------------------------------- completion

const char* ShellSession::word_breaks() { return " \t\n\"'(){}|;=,"; }

namespace {

bool starts_with_ci(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// The command of the pipeline element the cursor is in: its first word.
std::string element_command(const std::string& line, std::size_t word_start) {
    std::size_t b = line.find_last_of("|;({", word_start == 0 ? 0 : word_start - 1);
    b = b == std::string::npos || word_start == 0 ? 0 : b + 1;
    while (b < line.size() && (line[b] == ' ' || line[b] == '\t')) ++b;
    std::size_t e = line.find_first_of(" \t", b);
    return line.substr(b, (e == std::string::npos ? line.size() : e) - b);
}

bool is_hex(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

ShellSession::Completion ShellSession::complete(const std::string& line, const ServerState& state) const {
    Completion c;
    std::size_t b = line.find_last_of(word_breaks());
    c.word_start = b == std::string::npos ? 0 : b + 1;
    std::string word = line.substr(c.word_start);
    std::set<std::string> found;
    auto offer = [&](const std::string& candidate) {
        std::string bare = candidate.size() > 1 && candidate[0] == '\'' ? candidate.substr(1) : candidate;
        if (starts_with_ci(bare, word) && found.insert(candidate).second) c.candidates.push_back(candidate);
    };
    std::string before = line.substr(0, c.word_start);
    while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) before.pop_back();
    bool first_word = before.empty() || std::string("|;({").find(before.back()) != std::string::npos;

    std::vector<const StoreEntry*> certificates;
    std::vector<std::pair<std::string, const CertificateStore*>> stores;
    for (auto& s : state.stores) {
        stores.push_back({to_string(s.name), &s});
        for (auto& e : s.entries) certificates.push_back(&e);
    }

    bool after_equals = c.word_start > 0 && line[c.word_start - 1] == '=';  // netsh's certhash=
    if (word.empty() && !first_word && !after_equals) return c;
    if (!word.empty() && word[0] == '$') {
        for (auto& v : impl_->engine.in.variable_names()) offer("$" + v);
    } else if (!word.empty() && word[0] == '-' && !first_word) {
        std::string command = ascii_lower(element_command(line, c.word_start));
        const ps::HostCommand* cmd = nullptr;
        if (auto it = ps::builtin_commands().find(command); it != ps::builtin_commands().end()) cmd = &it->second;
        else cmd = impl_->engine.host.find_command(command);
        if (cmd && !cmd->native) {
            std::set<std::string> names(cmd->parameters.begin(), cmd->parameters.end());
            names.insert(cmd->switches.begin(), cmd->switches.end());
            for (auto& n : names) offer("-" + runbook::parameter_spelling(n));
        }
    } else if (starts_with_ci(word, "cert:") || starts_with_ci(word, "iis:")) {
        // A provider path completes one level at a time, as the console's does: the stores under
        // Cert:\LocalMachine, then the thumbprints in one; a name with spaces comes quoted.
        std::size_t drive = word.find(':') + 2;  // after "Cert:\"
        std::size_t from = std::max(drive, word.rfind('\\') == std::string::npos ? drive : word.rfind('\\') + 1);
        bool quoted = c.word_start > 0 && (line[c.word_start - 1] == '\'' || line[c.word_start - 1] == '"');
        auto offer_path = [&](const std::string& path) {
            if (!starts_with_ci(path, word) || path.find('\\', from) != std::string::npos) return;
            offer(path.find(' ') != std::string::npos && !quoted ? "'" + path + "'" : path);
        };
        std::vector<std::string> paths = {"Cert:\\LocalMachine", "IIS:\\SslBindings", "IIS:\\Sites"};
        for (auto& [name, store] : stores) {
            paths.push_back("Cert:\\LocalMachine\\" + name);
            for (auto& e : store->entries) paths.push_back("Cert:\\LocalMachine\\" + name + "\\" + e.certificate.thumbprint());
        }
        for (auto& sb : state.ssl_bindings) {
            std::string endpoint = sb.ip_port;  // IIS:\SslBindings names 0.0.0.0:443 "0.0.0.0!443"
            std::replace(endpoint.begin(), endpoint.end(), ':', '!');
            paths.push_back("IIS:\\SslBindings\\" + endpoint);
        }
        for (auto& site : state.sites) paths.push_back("IIS:\\Sites\\" + site.name);
        for (auto& p : paths) offer_path(p);
    } else if (first_word) {
        for (auto& [key, cmd] : ps::builtin_commands()) offer(cmd.name);
        for (auto& name : impl_->engine.host.command_names()) offer(name);
    } else if (after_equals || (is_hex(word) && word.size() >= 4)) {
        for (auto* e : certificates) offer(e->certificate.thumbprint());
    }
    std::sort(c.candidates.begin(), c.candidates.end(), [](const std::string& x, const std::string& y) {
        return ascii_lower(x) < ascii_lower(y);
    });
    return c;
}

}  // namespace cusim
