#include "harness/lab.hpp"

#include <editline/readline.h>
#include <signal.h>  // sigaction, sig_atomic_t, sigprocmask
#include <sys/select.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/atomic_file.hpp"
#include "harness/lab_transcript.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/shell_session.hpp"
#include "sim/core/text.hpp"

namespace cusim {
namespace {

const char* kContinuationPrompt = ">> ";  // the console's prompt for the rest of an open statement

// What Tab completes with, in a terminal: the lab's session and server (one lab at a time).
struct CompletionSource {
    const ShellSession* session = nullptr;
    const ServerState* state = nullptr;
};
CompletionSource completion_source;
std::vector<std::string> completion_candidates;

extern "C" char* lab_completion_entry(const char*, int index) {
    if (size_t(index) >= completion_candidates.size()) return nullptr;
    return strdup(completion_candidates[size_t(index)].c_str());
}

// libedit hands over the word between `start` and `end` of rl_line_buffer; the session says what
// it may become (ShellSession::complete splits words as rl_basic_word_break_characters does).
extern "C" char** lab_attempted_completion(const char*, int start, int end) {
    rl_attempted_completion_over = 1;  // no file-name completion as a fallback: the server has no such files
    if (!completion_source.session) return nullptr;
    std::string line(rl_line_buffer, size_t(end));
    auto c = completion_source.session->complete(line, *completion_source.state);
    if (c.candidates.empty() || c.word_start != size_t(start)) return nullptr;
    completion_candidates = c.candidates;
    return rl_completion_matches(line.c_str() + start, lab_completion_entry);
}

volatile sig_atomic_t interrupted = 0;
extern "C" void on_interrupt(int) { interrupted = 1; }

// SIGINT is blocked while the lab works and let through only while it waits for a key, in
// pselect, which unblocks it atomically. Without that, a Ctrl-C that came while libedit was still
// drawing the typed characters set the flag, and the next read() blocked for good: the prompt
// never came back (seen under load in tests/lab_terminal_test.cpp). A Ctrl-C that came while a
// command ran is pending, and ends the next wait at once: that line is dropped, as at a prompt.
sigset_t waiting_mask;  // the mask while waiting for a key: SIGINT let through

int read_byte_interruptibly() {
    for (;;) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        int ready = pselect(STDIN_FILENO + 1, &fds, nullptr, nullptr, nullptr, &waiting_mask);
        if (ready < 0) {
            if (errno == EINTR && !interrupted) continue;
            return EOF;
        }
        unsigned char byte;
        ssize_t n = read(STDIN_FILENO, &byte, 1);
        if (n == 1) return byte;
        if (n < 0 && errno == EINTR && !interrupted) continue;
        return EOF;
    }
}

// libedit's readline takes what rl_getc_function returns as one character (a wchar_t), so a
// UTF-8 sequence is decoded here into its code point.
extern "C" int lab_getc(FILE*) {
    int first = read_byte_interruptibly();
    if (first == EOF || first < 0x80) return first;
    int extra = first >= 0xF0 ? 3 : first >= 0xE0 ? 2 : first >= 0xC0 ? 1 : 0;
    int code = first & (0x3F >> extra);
    for (int i = 0; i < extra; ++i) {
        int next = read_byte_interruptibly();
        if (next == EOF) return EOF;
        code = (code << 6) | (next & 0x3F);
    }
    return code;
}

class LineReader {
public:
    LineReader(std::istream& in, std::ostream& out, bool terminal) : in_(in), out_(out), terminal_(terminal) {
        // Ctrl-C in a terminal drops the line being typed and prompts again, as at a PowerShell
        // prompt, instead of killing the session and losing the trainee's work; Ctrl-D (end of
        // input), quit or exit end it.
        if (terminal_) {
            struct sigaction sa {};
            sa.sa_handler = on_interrupt;
            sigemptyset(&sa.sa_mask);
            sigaction(SIGINT, &sa, &previous_);
            sigset_t block;
            sigemptyset(&block);
            sigaddset(&block, SIGINT);
            sigprocmask(SIG_BLOCK, &block, &previous_mask_);
            waiting_mask = previous_mask_;
            sigdelset(&waiting_mask, SIGINT);
            rl_getc_function = lab_getc;
            rl_basic_word_break_characters = ShellSession::word_breaks();
            rl_completer_word_break_characters = const_cast<char*>(ShellSession::word_breaks());
            rl_attempted_completion_function = lab_attempted_completion;
        }
    }
    ~LineReader() {
        if (terminal_) {
            sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
            sigaction(SIGINT, &previous_, nullptr);
        }
    }
    // False at the end of input.
    bool read(const std::string& prompt, std::string& line) {
        if (terminal_) {
            for (;;) {
                interrupted = 0;
                char* raw = readline(prompt.c_str());
                if (interrupted) {
                    free(raw);
                    out_ << "^C\n" << std::flush;
                    continue;
                }
                if (!raw) {
                    out_ << "\n";  // Ctrl-D leaves the cursor after the prompt
                    return false;
                }
                line = raw;
                free(raw);
                if (!line.empty()) add_history(line.c_str());
                return true;
            }
        }
        out_ << prompt << std::flush;
        if (!std::getline(in_, line)) return false;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out_ << line << "\n";  // echo, so a scripted session reads like a terminal one
        return true;
    }

private:
    std::istream& in_;
    std::ostream& out_;
    bool terminal_;
    struct sigaction previous_ {};
    sigset_t previous_mask_{};
};

// What undo goes back to: how many inputs the shell had run (the session is run again up to
// there, and the server, its variables and functions come back with it), and which entry to take back.
struct Snapshot {
    size_t inputs_run;
    size_t transcript_mark;
    std::string line;
};

class Lab {
public:
    Lab(const Lesson& lesson, std::istream& in, std::ostream& out, const LabOptions& options)
        : lesson_(lesson), server_(open_lesson_server(lesson, lesson.scenario)), scenario_(server_.scenario),
          start_(server_.start), out_(out), options_(options),
          reader_(in, out, options.terminal) {
        state_ = start_;
        setup_log_ = server_.setup_log;
        completion_source = {&session_, &state_};
    }
    ~Lab() { completion_source = {}; }

    int run() {
        out_ << fmt::format("cusim lab: {} (level {})\n\n{}\n\n", lesson_.title, lesson_.level, lesson_.briefing);
        out_ << "Type the commands you would type on the server. Lab commands: help, hint, status, check, reset, undo, "
                "quit.\n\n";
        std::string line;
        while (reader_.read(session_.prompt(), line)) {
            std::string cmd = lower(trim(line));
            if (cmd.empty()) continue;
            if (cmd == "quit" || cmd == "exit") break;
            if (cmd == "help") help();
            else if (cmd == "hint") hint();
            else if (cmd == "status") status();
            else if (cmd == "check") check();
            else if (cmd == "reset") reset();
            else if (cmd == "undo") undo();
            else if (cmd == "edit-binding") edit_binding_dialog();
            else if (cmd == "create-self-signed") create_self_signed_dialog();
            else if (cmd == "manage-private-keys") manage_private_keys_dialog();
            else command(read_rest_of_statement(line));
        }
        return finish();
    }

private:
    static std::string lower(std::string s) { return ascii_lower(std::move(s)); }

    // A statement left open at the end of a line (a '{' not closed, a trailing '|', a string
    // not ended) is continued on the next ones at the ">>" prompt, as in PowerShell's console;
    // an empty line ends it (then the parse error shows).
    std::string read_rest_of_statement(const std::string& first) {
        std::string text = first;
        while (ShellSession::needs_more_input(text)) {
            std::string more;
            if (!reader_.read(kContinuationPrompt, more) || trim(more).empty()) break;
            text += "\n" + more;
        }
        return trim(text);
    }
    static std::string trim(const std::string& s) {
        size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
        return b == std::string::npos ? "" : s.substr(b, e - b + 1);
    }

    void help() {
        out_ << "Lab commands:\n"
                "  help                 this list\n"
                "  hint                 the next hint (costs 5 points)\n"
                "  status               what an admin would try now: logins, EMS, SMTP, the bindings\n"
                "  check                grade the server as it is now\n"
                "  reset                start the lesson again\n"
                "  undo                 take back the last command\n"
                "  quit                 end the session\n"
                "GUI steps (they ask what the dialog asks):\n"
                "  edit-binding         IIS Manager > Sites > <site> > Bindings > Edit > SSL certificate\n"
                "  create-self-signed   IIS Manager > Server Certificates > Create Self-Signed Certificate\n"
                "  manage-private-keys  certlm.msc > Personal > <certificate> > All Tasks > Manage Private Keys\n"
                "Commands: netsh http ... sslcert, certutil, Get-ChildItem Cert:\\LocalMachine\\My, Get-WebBinding,\n"
                "  (Get-WebBinding ...).AddSslCertificate(...), New-SelfSignedCertificate, Import-PfxCertificate,\n"
                "  iisreset, Restart-Service, Set-Date, the Exchange cmdlets (when EMS works), setup.exe /m:upgrade ...\n";
    }

    void hint() {
        if (hints_used_ >= lesson_.hints.size()) {
            out_ << "No more hints.\n";
            return;
        }
        out_ << fmt::format("Hint {} of {}: {}\n", hints_used_ + 1, lesson_.hints.size(), lesson_.hints[hints_used_]);
        ++hints_used_;
        transcript_.note(fmt::format("hint {}", hints_used_));
    }

    void status() {
        transcript_.note("status");
        for (auto& c : run_health_checks(state_))
            out_ << (c.passed ? fmt::format("  {:<20} ok\n", c.id) : fmt::format("  {:<20} FAILED {}\n", c.id, c.detail));
    }

    // The grade of the server as it is now, and the trainee's commands replayed on the lesson's
    // variants; a session whose commands hold on none of them does not pass (see
    // require_a_variant_to_hold). With no commands a variant would only show its own broken
    // state: nothing is replayed.
    struct SessionGrade {
        Grade grade;
        std::vector<VariantGrade> variants;
    };
    SessionGrade grade_now() const {
        SessionGrade g{grade_lesson(lesson_, scenario_, start_, state_, int(hints_used_)), {}};
        std::vector<std::string> commands = transcript_.commands_that_count();
        if (!commands.empty())
            for (auto& v : lesson_.variants) g.variants.push_back(grade_variant(lesson_, v, commands));
        require_a_variant_to_hold(g.grade, g.variants);
        return g;
    }

    static void print_grade(std::ostream& out, const Grade& g) {
        out << fmt::format("{}: score {}/100\n", g.passed ? "PASSED" : "NOT YET", g.score);
        for (auto& f : g.findings) out << "  - " << f << "\n";
    }

    void check() {
        Grade g = grade_now().grade;
        out_ << "\n";
        print_grade(out_, g);
        out_ << "\n";
        transcript_.note(fmt::format("check: {} {}/100", g.passed ? "PASSED" : "NOT YET", g.score));
    }

    void reset() {
        state_ = start_;
        setup_log_ = server_.setup_log;
        session_ = ShellSession(lesson_.path);
        inputs_.clear();
        refused_last_ = false;
        history_.clear();
        transcript_.reset();
        out_ << "The server is back where the lesson started.\n";
    }

    void undo() {
        if (refused_last_) {
            // A refused line ran nothing: undo says so instead of taking back the command before it.
            refused_last_ = false;
            out_ << "Nothing to undo: the last line was refused and changed nothing.";
            if (!history_.empty()) out_ << " Type undo again to take back: " << history_.back().line;
            out_ << "\n";
            return;
        }
        if (history_.empty()) {
            out_ << "Nothing to undo.\n";
            return;
        }
        Snapshot back = std::move(history_.back());
        history_.pop_back();
        // The engine's variables and functions cannot be copied: the session is run again, quietly,
        // from the lesson's start up to the input before the one taken back. The simulator is
        // deterministic (cusim explore checks it), so the server it leaves is the one the trainee had.
        session_ = ShellSession(lesson_.path);
        inputs_.resize(back.inputs_run);
        ServerState replay = start_;
        std::string replay_log = server_.setup_log;
        ActionContext ctx{replay, scenario_};
        ctx.setup_log = &replay_log;
        for (auto& input : inputs_) replay_log += session_.run(input, ctx).result.setup_log;
        state_ = std::move(replay);
        setup_log_ = std::move(replay_log);
        transcript_.undo(back.transcript_mark);
        out_ << "Undone.\n";
    }

    void command(const std::string& line) {
        Snapshot before{inputs_.size(), transcript_.mark(), line};
        size_t files_before = session_.files_read().size();
        ActionContext ctx{state_, scenario_};
        ctx.setup_log = &setup_log_;
        ShellSession::Outcome o = session_.run(line, ctx);
        const ActionResult& r = o.result;
        setup_log_ += r.setup_log;
        if (!r.output.empty()) out_ << r.output << (r.output.back() == '\n' ? "" : "\n");
        refused_last_ = o.refused;
        if (o.refused) {
            transcript_.command(line, false);
            return;
        }
        history_.push_back(std::move(before));
        inputs_.push_back(line);
        auto& files = session_.files_read();
        // A setup run that failed still ran (and moved the watermark): it counts.
        bool ran = r.ok || !r.setup_failed_step.empty();
        transcript_.command(line, ran, {files.begin() + std::ptrdiff_t(files_before), files.end()});
    }

    // ---- the GUI dialogs: they ask what the real ones ask, then run the named GUI step.
    bool ask(const std::string& question, std::string& answer) {
        if (!reader_.read(question, answer)) return false;
        answer = trim(answer);
        return true;
    }

    std::optional<const StoreEntry*> choose_certificate(bool need_key) {
        std::vector<const StoreEntry*> list;
        for (StoreName st : {StoreName::My, StoreName::WebHosting})
            if (auto* s = state_.find_store(st))
                for (auto& e : s->entries)
                    if (!need_key || e.has_private_key) list.push_back(&e);
        for (size_t i = 0; i < list.size(); ++i)
            out_ << fmt::format("  {}) {:<40} {}  issued to {}  expires {}\n", i + 1,
                                list[i]->friendly_name.empty() ? "(no friendly name)" : list[i]->friendly_name,
                                list[i]->certificate.thumbprint(), list[i]->certificate.common_name(),
                                format_windows(list[i]->certificate.not_after()));
        std::string a;
        if (!ask("Certificate number: ", a)) return std::nullopt;
        size_t n = size_t(std::atoi(a.c_str()));
        if (n < 1 || n > list.size()) {
            out_ << "No such certificate.\n";
            return std::nullopt;
        }
        return list[n - 1];
    }

    // The dialog lists friendly names, so the transcript names the certificate that way when
    // the name is unique: replayed on a variant, it picks that server's certificate of the name.
    std::string certificate_as_picked(const StoreEntry& picked) const {
        int same = 0;
        for (StoreName st : {StoreName::My, StoreName::WebHosting})
            if (auto* s = state_.find_store(st))
                for (auto& e : s->entries) same += !picked.friendly_name.empty() && e.friendly_name == picked.friendly_name;
        return same == 1 ? "\"" + picked.friendly_name + "\"" : picked.certificate.thumbprint();
    }

    void edit_binding_dialog() {
        std::string site;
        if (!ask("Site [Default Web Site]: ", site)) return;
        if (site.empty()) site = "Default Web Site";
        const IisSite* s = state_.find_site(site);
        if (!s) {
            out_ << "IIS Manager has no site '" << site << "'.\n";
            return;
        }
        std::vector<const IisBinding*> https;
        for (auto& b : s->bindings)
            if (b.protocol == "https") https.push_back(&b);
        for (size_t i = 0; i < https.size(); ++i) {
            const SslBinding* sb = state_.find_ssl_binding(http_sys_endpoint(*https[i]));
            const StoreEntry* e = sb ? state_.certificate_of(*sb) : nullptr;
            out_ << fmt::format("  {}) https {:<18} SSL certificate: {}\n", i + 1, https[i]->binding_information,
                                e ? (e->friendly_name.empty() ? e->certificate.common_name() : e->friendly_name)
                                  : "Not selected");
        }
        std::string a;
        if (!ask("Binding number: ", a)) return;
        size_t n = size_t(std::atoi(a.c_str()));
        if (n < 1 || n > https.size()) {
            out_ << "No such binding.\n";
            return;
        }
        auto cert = choose_certificate(true);
        if (!cert) return;
        command(fmt::format("IIS-EditSiteBinding -Site \"{}\" -Binding \"{}\" -Certificate {}", site,
                            https[n - 1]->binding_information, certificate_as_picked(**cert)));
    }

    void create_self_signed_dialog() {
        std::string name, store;
        if (!ask("Specify a friendly name for the certificate: ", name)) return;
        if (!ask("Select a certificate store for the new certificate (Personal/Web Hosting) [Personal]: ", store)) return;
        if (store.empty()) store = "Personal";
        command(fmt::format("IIS-CreateSelfSignedCertificate -FriendlyName \"{}\" -Store \"{}\"", name, store));
    }

    void manage_private_keys_dialog() {
        auto cert = choose_certificate(false);
        if (!cert) return;
        out_ << "Group or user names: SYSTEM, Administrators, NETWORK SERVICE. Giving Administrators Full Control.\n";
        command("CertLM-ManagePrivateKeys -Thumbprint " + (*cert)->certificate.thumbprint());
    }

    // The final grade of the server as the trainee left it, the commands that count, the
    // lesson's variants replayed with them; printed, and written for the trainer.
    int finish() {
        auto [g, variants] = grade_now();
        std::vector<std::string> commands = transcript_.commands_that_count();
        out_ << "\nSession over. ";
        print_grade(out_, g);
        if (commands.empty()) out_ << "Commands that count: none\n";
        else out_ << fmt::format("Commands that count ({}):\n", commands.size());
        for (auto& c : commands) {
            // A statement typed over several lines (at the ">>" prompt) keeps its lines, indented.
            std::string shown = c;
            for (size_t at = shown.find('\n'); at != std::string::npos; at = shown.find('\n', at + 1)) shown.insert(at + 1, "    ");
            out_ << "  " << shown << "\n";
        }
        if (!variants.empty()) out_ << "The same commands on the lesson's variants:\n";
        for (auto& v : variants) {
            out_ << fmt::format("  {:<40} {}{}\n", v.scenario_id, v.grade.passed ? "holds" : "does not hold",
                                v.contrast ? " (a contrast: not expected to)" : "");
            // The first findings say why; the rest (every probe of a half-upgraded server) are in the report.
            const size_t shown = 3;
            for (size_t i = 0; i < v.grade.findings.size() && i < shown; ++i) out_ << "    - " << v.grade.findings[i] << "\n";
            if (v.grade.findings.size() > shown)
                out_ << fmt::format("    ({} more: --report lists them all)\n", v.grade.findings.size() - shown);
        }
        if (!options_.transcript_path.empty()) transcript_.write(options_.transcript_path, lesson_.title, lesson_.id, lesson_.before_trigger);
        if (!options_.report_path.empty()) write_report(g, variants);
        return g.passed ? 0 : 1;
    }

    void write_report(const Grade& g, const std::vector<VariantGrade>& variants) const {
        auto checks = [](const Grade& grade) {
            auto a = nlohmann::ordered_json::array();
            for (auto& c : grade.checks) a.push_back({{"id", c.id}, {"passed", c.passed}, {"detail", c.detail}});
            return a;
        };
        nlohmann::ordered_json j;
        j["lesson"] = lesson_.id;
        j["title"] = lesson_.title;
        j["passed"] = g.passed;
        j["score"] = g.score;
        j["findings"] = g.findings;
        j["hintsUsed"] = hints_used_;
        j["commands"] = transcript_.commands_that_count();
        j["typed"] = transcript_.lines();
        j["checks"] = checks(g);
        auto vs = nlohmann::ordered_json::array();
        for (auto& v : variants)
            vs.push_back({{"scenario", v.scenario_id}, {"holds", v.grade.passed}, {"findings", v.grade.findings},
                          {"checks", checks(v.grade)}});
        j["variants"] = vs;
        write_file_atomically(options_.report_path, j.dump(2) + "\n");
    }

    const Lesson& lesson_;
    LessonServer server_;
    const Scenario& scenario_;
    const ServerState& start_;
    std::ostream& out_;
    LabOptions options_;
    LineReader reader_;
    ServerState state_;
    ShellSession session_{lesson_.path};
    std::string setup_log_;            // C:\ExchangeSetupLogs\ExchangeSetup.log: the failed CU's, then every setup run's
    std::vector<std::string> inputs_;  // every input the session ran since the start or the last reset
    bool refused_last_ = false;
    std::vector<Snapshot> history_;
    LabTranscript transcript_;
    size_t hints_used_ = 0;
};

}  // namespace

int run_lab(const Lesson& lesson, std::istream& in, std::ostream& out, const LabOptions& options) {
    Lab lab(lesson, in, out, options);
    return lab.run();
}

}  // namespace cusim
