#include "sim/runbook/cmd_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>

#include "sim/core/text.hpp"
#include "sim/runbook/commands.hpp"
#include "sim/runbook/server_host.hpp"

namespace cusim::runbook {
namespace {

namespace fs = std::filesystem;

// Something cmd.exe does that the simulator does not model: the run stops, never approximated.
struct CmdNotModelled {
    std::string what;
};
// cmd.exe ends the batch file (a syntax error after expansion, a goto to no label): its words.
struct CmdAbort {
    std::string message;
};
struct GotoLabel {
    std::string label;
};
struct FrameReturn {  // goto :eof, exit /b
    bool exit = false;  // exit /b: the batch file's exit code when it ends the script
};
struct ScriptExit {
    int code;
};

// The commands of cmd itself that the simulator models.
const std::set<std::string>& builtins() {
    static const std::set<std::string> b = {"echo", "rem", "set", "goto", "call", "exit", "setlocal", "endlocal",
                                            "cd", "chdir", "pushd", "popd"};
    return b;
}

// A native program of commands/ (netsh.exe, certutil.exe, iisreset.exe, setup.exe), by the name
// as written: "C:\ExchangeSetup\Setup.exe" and "netsh" both.
const Command* native_program(const std::string& name) {
    std::string key = command_key(name);
    auto it = commands().find(key);
    if (it == commands().end() || !is_native_program(key, it->second)) return nullptr;
    return &it->second;
}

std::string first_word(const std::string& args) {
    size_t b = args.find_first_not_of(" \t,;=");
    if (b == std::string::npos) return "";
    size_t e = args.find_first_of(" \t,;=", b);
    return args.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

std::string trim_blanks(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

std::string strip_quotes(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != '"') out += c;
    return out;
}

// An integer as cmd reads one in IF comparisons and exit codes: decimal, 0x hex, 0 octal
// (ss64.com/nt/if.html: "if both are numbers, a numeric comparison"; strtol's bases).
std::optional<long long> cmd_number(const std::string& s) {
    if (s.empty()) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 0);
    if (errno != 0 || end != s.c_str() + s.size()) return std::nullopt;
    return v;
}

// The arguments of call :label and of the script, as %1..%9 take them: split on blanks , ; =
// outside quotes, quotes kept (ss64.com/nt/syntax-args.html).
std::vector<std::string> batch_arguments(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (!quoted && std::string(" \t,;=").find(c) != std::string::npos) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
            continue;
        }
        cur += c;
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// ---- percent expansion (phase 1: when cmd reads a line, before it parses it)

// What %~<modifiers>N gives: f (the full path), d (drive), p (path), n (name), x (extension);
// none: the argument without its quotes (https://learn.microsoft.com/windows-server/administration/windows-commands/call,
// "Batch parameters").
struct ArgSpec {
    bool tilde = false;
    std::string modifiers;
    int index = 0;
};

std::string expand_percent(const std::string& line, const std::function<std::string(const std::string&)>& variable,
                           const std::function<std::string(const ArgSpec&)>& argument, const std::function<std::string()>& all_args) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c != '%') {
            out += c;
            continue;
        }
        char n = i + 1 < line.size() ? line[i + 1] : '\0';
        if (n == '%') {  // %% is one %
            out += '%';
            ++i;
        } else if (n >= '0' && n <= '9') {
            out += argument({false, "", n - '0'});
            ++i;
        } else if (n == '*') {
            out += all_args();
            ++i;
        } else if (n == '~') {
            size_t j = i + 2;
            std::string mods;
            while (j < line.size() && std::string("fdpnxsatz").find(char(std::tolower(static_cast<unsigned char>(line[j])))) != std::string::npos &&
                   !(line[j] >= '0' && line[j] <= '9'))
                mods += char(std::tolower(static_cast<unsigned char>(line[j++])));
            if (j >= line.size() || line[j] < '0' || line[j] > '9')
                throw CmdNotModelled{"'%~" + mods + "' without an argument number (the modifiers of %~ apply to %0-%9)"};
            out += argument({true, mods, line[j] - '0'});
            i = j;
        } else {
            size_t close = line.find('%', i + 1);
            if (close == std::string::npos) {
                // A lone % is dropped in a batch file (ss64.com/nt/syntax-variables.html).
                continue;
            }
            std::string name = line.substr(i + 1, close - i - 1);
            if (name.find(':') != std::string::npos)
                throw CmdNotModelled{"'%" + name + "%' (substrings and replacements of a variable)"};
            out += variable(name);
            i = close;
        }
    }
    return out;
}

// !NAME! when delayed expansion is on, when the command runs (ss64.com/nt/delayedexpansion.html).
std::string expand_delayed(const std::string& text, const std::function<std::string(const std::string&)>& variable) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '!') {
            out += text[i];
            continue;
        }
        size_t close = text.find('!', i + 1);
        if (close == std::string::npos) continue;  // a lone ! is dropped
        std::string name = text.substr(i + 1, close - i - 1);
        if (name.find(':') != std::string::npos) throw CmdNotModelled{"'!" + name + "!' (substrings and replacements of a variable)"};
        out += variable(name);
        i = close;
    }
    return out;
}

bool mentions(const std::string& text, const std::string& what) { return ascii_lower(text).find(what) != std::string::npos; }

// Whether a tree reads ERRORLEVEL when it runs: an `if errorlevel` condition, or !ERRORLEVEL!.
bool reads_errorlevel_at_run(const CmdNode& n, bool delayed) {
    switch (n.kind) {
        case CmdNode::Kind::command: return delayed && mentions(n.args + n.name, "!errorlevel!");
        case CmdNode::Kind::block:
            for (auto& s : n.statements)
                if (reads_errorlevel_at_run(*s, delayed)) return true;
            return false;
        case CmdNode::Kind::if_:
            if (n.condition.kind == CmdCondition::Kind::errorlevel) return true;
            if (delayed && mentions(n.condition.left + n.condition.right, "!errorlevel!")) return true;
            return reads_errorlevel_at_run(*n.then_branch, delayed) || (n.else_branch && reads_errorlevel_at_run(*n.else_branch, delayed));
        case CmdNode::Kind::chain:
            for (auto& s : n.items)
                if (reads_errorlevel_at_run(*s, delayed)) return true;
            return false;
    }
    return false;
}

// `goto :eof`, `exit /b`, `exit /b %ERRORLEVEL%`: the frame returns with the ERRORLEVEL it has.
bool passes_errorlevel_on(const CmdNode& n) {
    if (n.kind != CmdNode::Kind::command) return false;
    std::string key = cmd_command_key(n.name);
    std::string args = ascii_lower(trim_blanks(n.args));
    if (key == "goto") return args == ":eof" || args == "eof";
    if (key == "exit") return args == "/b" || args == "/b %errorlevel%" || args == "/b !errorlevel!";
    return false;
}

struct Redirection {
    bool out_nul = false, err_nul = false;
};

// Where >nul, 2>nul, 2>&1 send the output: only to the NUL device is modelled (there are no files).
Redirection redirection_of(const std::vector<CmdRedirect>& rs, Redirection r) {
    for (auto& x : rs) {
        std::string t = ascii_lower(x.target);
        if (x.op == "<") throw CmdNotModelled{"input redirection ('<')"};
        bool nul = t == "nul" || t == "nul:";
        if (x.handle == 1 && nul) r.out_nul = true;
        else if (x.handle == 2 && nul) r.err_nul = true;
        else if (x.handle == 2 && t == "&1") r.err_nul = r.out_nul;
        else if (x.handle == 1 && t == "&2") r.out_nul = r.err_nul;
        else throw CmdNotModelled{fmt::format("redirection to '{}' (only to nul is modelled: the simulated server has no files)", x.target)};
    }
    return r;
}

// %~dp0: the script's folder with a trailing backslash, and the simulated current folder (the
// paths a runbook names are relative to it), written the Windows way.
std::string script_folder_text(const std::string& path) {
    std::string p = fs::absolute(fs::path(path)).parent_path().lexically_normal().string();
    std::replace(p.begin(), p.end(), '/', '\\');
    if (p.empty() || p.back() != '\\') p += '\\';
    return p;
}

// %~<modifiers>0: parts of the script's path (d and p together: its folder). In a subroutine %0
// is the label, but %~dp0 still names the batch file (ss64.com/nt/syntax-args.html).
std::string script_path_part(const std::string& path, const std::string& modifiers) {
    fs::path p(path);
    if (modifiers == "dp") return script_folder_text(path);
    if (modifiers == "f") return script_folder_text(path) + p.filename().string();
    if (modifiers == "nx") return p.filename().string();
    if (modifiers == "n") return p.stem().string();
    if (modifiers == "x") return p.extension().string();
    throw CmdNotModelled{"%~" + modifiers + "0"};
}

// ---- what the commands of cmd accept, at load and when they run

std::optional<std::string> set_not_modelled(const std::string& args) {
    std::string rest = trim_blanks(args);
    if (rest.empty()) return "set alone (it lists the variables)";
    if (rest[0] == '/') return "set " + rest.substr(0, 2) + " (only set NAME=value is modelled)";
    if (rest.find('=') == std::string::npos) return "set without = (it lists variables)";
    return std::nullopt;
}

std::optional<std::string> setlocal_not_modelled(const std::string& args) {
    for (auto& w : batch_arguments(args)) {
        std::string l = ascii_lower(w);
        if (l != "enabledelayedexpansion" && l != "disabledelayedexpansion" && l != "enableextensions") return "setlocal " + w;
    }
    return std::nullopt;
}

std::optional<std::string> exit_not_modelled(const std::string& args) {
    auto words = batch_arguments(args);
    if (!words.empty() && ascii_lower(words[0]) == "/b") words.erase(words.begin());
    if (!words.empty() && !cmd_number(words[0])) return "exit with '" + words[0] + "' (not a number)";
    return std::nullopt;
}

std::optional<std::string> call_not_modelled(const std::string& args) {
    auto words = batch_arguments(args);
    if (words.empty() || words[0][0] != ':') return std::string("call of a program or another batch file (only call :label)");
    return std::nullopt;
}

bool is_script_folder(const std::string& arg, const std::string& script_path) {
    std::string a = strip_quotes(trim_blanks(arg));
    std::string f = script_folder_text(script_path);
    return a == f || a + "\\" == f || a == "." || a == ".\\";
}

// cd, chdir, pushd: only to the script's folder, which is where the simulated console is.
std::optional<std::string> cd_not_modelled(const std::string& key, const std::string& args, const std::string& script_path) {
    if (key == "popd") return std::nullopt;
    std::string rest = trim_blanks(args);
    if (ascii_lower(rest.substr(0, 2)) == "/d") rest = trim_blanks(rest.substr(2));
    if (rest.empty() && key != "pushd") return std::nullopt;
    if (!is_script_folder(rest, script_path)) return key + " to another folder than the script's (%~dp0)";
    return std::nullopt;
}

std::string date_text(SimTime t) {
    // %DATE% and %TIME% in the en-US format (ss64.com/nt/syntax-variables.html: "the same region
    // specific format as DATE", en-US "Fri 05/31/2024"; TIME "H:mm:ss.hh", the hour space-padded).
    auto days = std::chrono::floor<std::chrono::days>(t);
    std::chrono::year_month_day ymd{days};
    std::chrono::weekday wd{days};
    static const char* names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    return fmt::format("{} {:02}/{:02}/{:04}", names[wd.c_encoding()], unsigned(ymd.month()), unsigned(ymd.day()), int(ymd.year()));
}

std::string time_text(SimTime t) {
    auto days = std::chrono::floor<std::chrono::days>(t);
    std::chrono::hh_mm_ss hms{t - days};
    return fmt::format("{:>2}:{:02}:{:02}.00", hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace

CmdScript read_cmd_script(const std::string& path, const std::string& text) {
    CmdScript s;
    s.path = path;
    s.lines = split_cmd_lines(text);
    s.bat = ascii_lower(fs::path(path).extension().string()) == ".bat";
    for (auto& l : s.lines) {
        if (l.kind != CmdLine::Kind::statement) continue;
        for (auto& p : l.physical) {
            // set NAME=... and set "NAME=...": the names the script assigns somewhere.
            std::string low = ascii_lower(p);
            for (size_t at = low.find("set "); at != std::string::npos; at = low.find("set ", at + 4)) {
                if (at > 0 && std::string(" \t@(&|").find(low[at - 1]) == std::string::npos) continue;
                std::string rest = trim_blanks(p.substr(at + 4));
                if (!rest.empty() && rest[0] == '"') rest = rest.substr(1);
                size_t eq = rest.find('=');
                if (eq != std::string::npos && eq > 0 && rest[0] != '/') s.assigned.insert(ascii_lower(rest.substr(0, eq)));
            }
        }
    }
    return s;
}

struct CmdRun::Impl {
    std::shared_ptr<const CmdScript> script;
    InputFolder folder;
    ActionContext* ctx = nullptr;

    using Env = std::map<std::string, std::pair<std::string, std::string>>;  // lower name -> (name, value)
    Env vars;
    bool delayed = false;
    struct Saved {
        Env vars;
        bool delayed;
    };
    std::vector<Saved> locals;  // setlocal
    int errorlevel = 0;
    bool echo_on = true;
    int pushd_depth = 0;

    struct Frame {
        size_t pc = 0;
        std::vector<std::string> args;  // %0 %1 ...
        size_t locals_at_entry = 0;
        bool is_call = false;
    };
    struct Scope {
        enum Kind { top, block, chain, branch } kind;
        const CmdNode* node;
        size_t index;
        Frame* frame;
    };
    std::vector<Scope> scopes;
    std::vector<Frame*> frames;

    Frame top;
    int current_line = 0;             // the physical line of the statement running
    std::optional<int> script_exit;   // exit /b N that ended the script
    bool ended = false;
    std::string ended_why;
    long long statements_run = 0;

    // What the step collects.
    std::string console;
    bool closed_line = false;  // the console's last newline ended a text without one of its own
    struct Unhandled {
        int line;
        std::string first_line;
    };
    std::vector<Unhandled> unhandled;
    std::string setup_log, setup_failed_step, setup_error;

    Impl(std::shared_ptr<const CmdScript> s, const InputFolder& f) : script(std::move(s)), folder(f) {
        top.args = {script->path};
    }

    // ---- variables

    std::string folder_text() const { return script_folder_text(script->path); }

    std::optional<std::string> lookup(const std::string& name) const {
        std::string n = ascii_lower(name);
        auto it = vars.find(n);
        if (it != vars.end()) return it->second.second;
        // The dynamic variables, when no variable of that name is set (https://learn.microsoft.com/windows-server/administration/windows-commands/set:
        // "%ERRORLEVEL% expands into a string representation of the current value of ERRORLEVEL,
        // provided that there isn't already an environment variable with the name ERRORLEVEL").
        if (n == "errorlevel") return std::to_string(errorlevel);
        if (n == "date") return date_text(ctx->state.clock);
        if (n == "time") return time_text(ctx->state.clock);
        if (n == "cd") {
            std::string f = folder_text();
            f.pop_back();
            return f;
        }
        if (n == "cmdextversion") return std::string("2");
        if (n == "random" || n == "cmdcmdline") throw CmdNotModelled{"%" + name + "%"};
        if (auto e = server_environment(ctx->state, n)) return e;
        return std::nullopt;
    }

    std::string variable(const std::string& name) const {
        if (auto v = lookup(name)) return *v;
        // An undefined variable expands to nothing in a batch file (ss64.com/nt/syntax-variables.html);
        // one the script never sets is the server's environment, which the simulator does not have.
        if (!script->assigned.count(ascii_lower(name)))
            throw CmdNotModelled{"the environment variable %" + name + "% (the script never sets it, and the simulated server's environment has no value for it)"};
        return "";
    }

    std::string argument(const Frame& f, const ArgSpec& a) const {
        if (!a.tilde) return a.index < int(f.args.size()) ? f.args[a.index] : std::string();
        if (a.modifiers.empty()) return a.index < int(f.args.size()) ? strip_quotes(f.args[a.index]) : std::string();
        if (a.index == 0) return script_path_part(script->path, a.modifiers);
        throw CmdNotModelled{fmt::format("%~{}{} (path modifiers of an argument)", a.modifiers, a.index)};
    }

    // The longest line cmd.exe takes: "the maximum length of the string that you can use at the
    // command prompt is 8191 characters" (Microsoft KB 830473, "Command prompt (Cmd.exe)
    // command-line string limitation"); a longer one is "The input line is too long." and ends the
    // batch file (INFERRED: that it ends it). A loop that grows a variable stops here, not after
    // an ever longer expansion.
    static constexpr size_t kMaxLine = 8191;

    std::string expand_line(const std::string& raw, const Frame& f) const {
        std::string line = expand_percent(
            raw, [&](const std::string& n) { return variable(n); }, [&](const ArgSpec& a) { return argument(f, a); },
            [&] {
                std::string all;
                for (size_t i = 1; i < f.args.size(); ++i) {
                    if (i > 1) all += ' ';
                    all += f.args[i];
                }
                return all;
            });
        if (line.size() > kMaxLine) throw CmdAbort{"The input line is too long."};
        return line;
    }

    std::string delayed_text(const std::string& s) const {
        if (!delayed || s.find('!') == std::string::npos) return s;
        return expand_delayed(s, [&](const std::string& n) { return variable(n); });
    }

    void set_var(const std::string& name, const std::string& value) {
        if (value.empty()) vars.erase(ascii_lower(name));
        else vars[ascii_lower(name)] = {name, value};
    }

    // ---- output

    void write(const std::string& text, const Redirection& r) {
        if (r.out_nul) return;
        console += text;
        closed_line = text.empty() || text.back() != '\n';
        if (closed_line) console += '\n';
    }
    void write_error(const std::string& text, const Redirection& r) {
        if (r.err_nul) return;
        console += text + "\n";
        closed_line = true;
    }

    // ---- the rule: a failure nobody looks at

    const CmdLine* next_statement(size_t after) const {
        for (size_t i = after + 1; i < script->lines.size(); ++i)
            if (script->lines[i].kind == CmdLine::Kind::statement) return &script->lines[i];
        return nullptr;
    }
    CmdNodePtr parsed(const CmdLine& l) const {
        std::string joined;
        for (auto& p : l.physical) joined += (joined.empty() ? "" : "\n") + p;
        return parse_cmd_statement(joined, l.first).node;
    }

    // Whether the script looks at the failure of the command running now: a || later in its
    // chain (what && skips, || then catches), or ERRORLEVEL read in its statement or in the
    // statement after it, once that one is read (a %ERRORLEVEL% in the same block was expanded
    // before the command ran: https://devblogs.microsoft.com/oldnewthing/20060823-00/?p=29993).
    bool failure_looked_at() const {
        bool flows = true;  // the failing status is still the status of the scope
        for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
            const Scope& s = *it;
            switch (s.kind) {
                case Scope::chain: {
                    const auto& ops = s.node->ops;
                    for (size_t j = s.index; j < ops.size() && flows; ++j) {
                        if (ops[j] == "||") return true;
                        if (ops[j] == "&") break;
                    }
                    for (size_t j = s.index; j < ops.size(); ++j)
                        if (ops[j] == "&") flows = false;
                    break;
                }
                case Scope::branch: break;
                case Scope::block: {
                    const auto& st = s.node->statements;
                    if (reads_errorlevel_at_run(*st[s.index], delayed)) return true;
                    if (s.index + 1 < st.size()) return reads_errorlevel_at_run(*st[s.index + 1], delayed);
                    break;
                }
                case Scope::top: {
                    if (reads_errorlevel_at_run(*s.node, delayed)) return true;
                    const CmdLine* next = next_statement(s.index);
                    CmdNodePtr n = next ? parsed(*next) : nullptr;
                    if (n && !passes_errorlevel_on(*n)) {
                        std::string text;
                        for (auto& p : next->physical) text += p + "\n";
                        return reads_errorlevel_at_run(*n, true) || mentions(text, "%errorlevel%");
                    }
                    if (!s.frame->is_call) return false;
                    break;  // the frame returns with this ERRORLEVEL: the caller's statement decides
                }
            }
        }
        return false;
    }

    // ---- running

    int run_native(const CmdNode& n, const Command& cmd, const std::string& name, const std::string& args, const Redirection& r) {
        Args a;
        a.command = strip_quotes(name);
        a.positional = cmd_native_arguments(args);
        LineContext lc{*ctx, folder};
        ActionResult res = cmd.run(a, lc);
        if (res.not_modelled) throw CmdNotModelled{res.error_summary};
        setup_log += res.setup_log;
        if (!res.setup_failed_step.empty() && setup_failed_step.empty()) {
            setup_failed_step = res.setup_failed_step;
            setup_error = res.setup_error;
        }
        write(res.output, r);
        // The exit code a native program returns is ERRORLEVEL (if's page: "the previous program
        // run by Cmd.exe returned an exit code"); the simulated programs return 1 when they fail,
        // as PowerShell's $LASTEXITCODE sees them.
        errorlevel = res.ok ? 0 : 1;
        if (!res.ok && !failure_looked_at()) {
            std::string first = res.output.substr(0, res.output.find('\n'));
            unhandled.push_back({n.line, first.empty() ? fmt::format("{} exited with code {}", a.command, errorlevel) : first});
        }
        return errorlevel;
    }

    int run_echo(const std::string& args, const Redirection& r) {
        // ECHO prints what follows the delimiter after its name; alone it says whether echo is
        // on; ON and OFF switch the echo of commands (https://learn.microsoft.com/windows-server/administration/windows-commands/echo).
        // The echo of each command (echo on) is not printed: the report's step line shows it.
        std::string rest = trim_blanks(args);
        std::string low = ascii_lower(rest);
        if (args.empty() || (rest.empty() && (args[0] == ' ' || args[0] == '\t'))) {
            write(echo_on ? "ECHO is on." : "ECHO is off.", r);
        } else if ((low == "on" || low == "off") && (args[0] == ' ' || args[0] == '\t')) {
            echo_on = low == "on";
        } else {
            write(args.substr(1), r);
        }
        return 0;
    }

    int run_set(const std::string& args, const Redirection& r) {
        // set NAME=value: everything after = to the end of the command, blanks included; set
        // "NAME=value": up to the last quote; an empty value removes the variable
        // (https://learn.microsoft.com/windows-server/administration/windows-commands/set).
        if (auto p = set_not_modelled(args)) throw CmdNotModelled{*p};
        std::string rest = args;
        rest = rest.substr(rest.find_first_not_of(" \t"));
        std::string body = rest;
        if (rest[0] == '"') {
            size_t last = rest.rfind('"');
            body = last == 0 ? rest.substr(1) : rest.substr(1, last - 1);
        }
        size_t eq = body.find('=');
        if (eq == std::string::npos) throw CmdNotModelled{"set without = (it lists variables)"};  // "set "X"
        if (eq == 0) {
            write_error("The syntax of the command is incorrect.", r);
            errorlevel = 1;
            return 1;
        }
        set_var(body.substr(0, eq), body.substr(eq + 1));
        // In a .cmd file a successful SET clears ERRORLEVEL; in a .bat file it leaves it
        // (ss64.com/nt/errorlevel.html, ".bat and .cmd").
        if (!script->bat) errorlevel = 0;
        return 0;
    }

    int run_cd(const std::string& key, const std::string& args, const Redirection& r) {
        if (auto p = cd_not_modelled(key, args, script->path)) throw CmdNotModelled{*p};
        std::string rest = trim_blanks(args);
        if (key == "popd") {
            if (pushd_depth > 0) --pushd_depth;
        } else if (key == "pushd") {
            ++pushd_depth;
        } else if (rest.empty()) {
            std::string f = folder_text();
            f.pop_back();
            write(f, r);
        }
        return 0;
    }

    int run_setlocal(const std::string& args) {
        // setlocal saves the variables (and the delayed-expansion setting) until endlocal or the
        // end of the batch file or call (https://learn.microsoft.com/windows-server/administration/windows-commands/setlocal).
        if (auto p = setlocal_not_modelled(args)) throw CmdNotModelled{*p};
        locals.push_back({vars, delayed});
        for (auto& w : batch_arguments(args)) {
            std::string l = ascii_lower(w);
            if (l == "enabledelayedexpansion") delayed = true;
            else if (l == "disabledelayedexpansion") delayed = false;
        }
        return 0;
    }

    void endlocal_to(size_t depth) {
        while (locals.size() > depth) {
            vars = locals.back().vars;
            delayed = locals.back().delayed;
            locals.pop_back();
        }
    }

    int run_exit(const std::string& args) {
        // exit /b [N]: leaves the call or the batch file with ERRORLEVEL N (unchanged without N);
        // exit [N]: ends cmd.exe, and the script with it
        // (https://learn.microsoft.com/windows-server/administration/windows-commands/exit).
        if (auto p = exit_not_modelled(args)) throw CmdNotModelled{*p};
        auto words = batch_arguments(args);
        bool b = !words.empty() && ascii_lower(words[0]) == "/b";
        if (b) words.erase(words.begin());
        if (!words.empty()) errorlevel = int(*cmd_number(words[0]));
        if (b) throw FrameReturn{true};
        throw ScriptExit{errorlevel};
    }

    static constexpr size_t kMaxCallDepth = 256;

    int run_call(const CmdNode& n, const std::string& args) {
        // call :label args: the lines after the label run as a subroutine with its own %1-%9,
        // until goto :eof, exit /b or the end of the file
        // (https://learn.microsoft.com/windows-server/administration/windows-commands/call).
        // call expands % once more: %%V%% in its arguments is %V% then its value.
        Frame& caller = *frames.back();
        std::string text = expand_line(args, caller);
        if (auto p = call_not_modelled(text)) throw CmdNotModelled{*p};
        auto words = batch_arguments(text);
        std::string label = ascii_lower(words[0].substr(1));
        auto at = find_label(label, n_line_index(caller));
        if (!at) throw CmdAbort{"The system cannot find the batch label specified - " + words[0].substr(1)};
        // cmd.exe ends a batch file whose calls nest too deep (a subroutine that calls itself
        // without end) with its recursion banner; the real limit depends on the stack, here 256
        // (INFERRED: the count; the banner is cmd's, ss64.com/nt/call.html "recursion").
        if (frames.size() > kMaxCallDepth)
            throw CmdAbort{fmt::format("******  B A T C H   R E C U R S I O N  exceeds STACK limits ******\n"
                                       "Recursion Count={}, Stack Usage=90 percent\n"
                                       "******       B A T C H   PROCESSING IS   A B O R T E D      ******",
                                       frames.size())};
        Frame f;
        f.args = words;
        f.is_call = true;
        f.pc = *at + 1;
        f.locals_at_entry = locals.size();
        run_frame(f, SIZE_MAX);
        (void)n;
        return errorlevel;
    }

    size_t n_line_index(const Frame& f) const { return f.pc == 0 ? 0 : f.pc - 1; }

    // goto looks for the label from the line after the current one to the end, then from the
    // start (https://learn.microsoft.com/windows-server/administration/windows-commands/goto).
    std::optional<size_t> find_label(const std::string& label, size_t from) const {
        const auto& ls = script->lines;
        for (size_t k = 0; k < ls.size(); ++k) {
            size_t i = (from + 1 + k) % ls.size();
            if (ls[i].kind == CmdLine::Kind::label && ls[i].label == label) return i;
        }
        return std::nullopt;
    }

    bool condition(const CmdCondition& c) {
        bool v = false;
        switch (c.kind) {
            case CmdCondition::Kind::errorlevel: {
                // if errorlevel N: ERRORLEVEL >= N (the if page: "equal to or greater than").
                auto n = cmd_number(delayed_text(c.number));
                if (!n) throw CmdAbort{delayed_text(c.number) + " was unexpected at this time."};
                v = errorlevel >= *n;
                break;
            }
            case CmdCondition::Kind::defined: v = lookup(delayed_text(c.left)).has_value(); break;
            case CmdCondition::Kind::compare: {
                std::string l = delayed_text(c.left), r = delayed_text(c.right);
                if (c.op == "==") {
                    // The operands as written, quotes included (the if page: "String1 and String2 are the same").
                    v = c.ignore_case ? iequals(l, r) : l == r;
                    break;
                }
                // equ neq lss leq gtr geq compare numbers when both are numbers, else text
                // (the if page: "if both ... contain only numbers, the strings are converted to numbers").
                auto ln = cmd_number(l), rn = cmd_number(r);
                int cmp;
                if (ln && rn) {
                    cmp = *ln < *rn ? -1 : *ln > *rn ? 1 : 0;
                } else if (c.op == "equ" || c.op == "neq") {
                    cmp = (c.ignore_case ? iequals(l, r) : l == r) ? 0 : 1;
                } else {
                    throw CmdNotModelled{"'" + c.op + "' of text (cmd orders text by the locale's collation)"};
                }
                if (c.op == "equ") v = cmp == 0;
                else if (c.op == "neq") v = cmp != 0;
                else if (c.op == "lss") v = cmp < 0;
                else if (c.op == "leq") v = cmp <= 0;
                else if (c.op == "gtr") v = cmp > 0;
                else v = cmp >= 0;
                break;
            }
            case CmdCondition::Kind::exist:
            case CmdCondition::Kind::cmdextversion: throw CmdNotModelled{"this if condition"};
        }
        return c.negate ? !v : v;
    }

    int exec(const CmdNode& n, Redirection r) {
        switch (n.kind) {
            case CmdNode::Kind::chain: {
                // && runs the next command only when the last one succeeded, || only when it failed
                // (exit code above zero); & always.
                scopes.push_back({Scope::chain, &n, 0, frames.back()});
                int last = exec(*n.items[0], r);
                for (size_t k = 1; k < n.items.size(); ++k) {
                    scopes.back().index = k;
                    const std::string& op = n.ops[k - 1];
                    if (op == "&" || (op == "&&" && last == 0) || (op == "||" && last != 0)) {
                        scopes.back().index = k;
                        last = exec(*n.items[k], r);
                    }
                }
                scopes.pop_back();
                return last;
            }
            case CmdNode::Kind::block: {
                Redirection br = redirection_of(n.redirects, r);
                int last = 0;
                scopes.push_back({Scope::block, &n, 0, frames.back()});
                for (size_t i = 0; i < n.statements.size(); ++i) {
                    scopes.back().index = i;
                    last = exec(*n.statements[i], br);
                }
                scopes.pop_back();
                return last;
            }
            case CmdNode::Kind::if_: {
                scopes.push_back({Scope::branch, &n, 0, frames.back()});
                int last = 0;
                if (condition(n.condition)) last = exec(*n.then_branch, r);
                else if (n.else_branch) last = exec(*n.else_branch, r);
                scopes.pop_back();
                return last;
            }
            case CmdNode::Kind::command: return command(n, r);
        }
        return 0;
    }

    int command(const CmdNode& n, Redirection r) {
        r = redirection_of(n.redirects, r);
        std::string name = delayed_text(n.name);
        std::string args = delayed_text(n.args);
        std::string key = cmd_command_key(name);
        if (key == "echo") return run_echo(args, r);
        if (key == "rem") return 0;
        if (key == "set") return run_set(args, r);
        if (key == "setlocal") return run_setlocal(args);
        if (key == "endlocal") {
            endlocal_to(std::max(frames.back()->locals_at_entry, locals.empty() ? size_t(0) : locals.size() - 1));
            return 0;
        }
        if (key == "cd" || key == "chdir" || key == "pushd" || key == "popd") return run_cd(key, args, r);
        if (key == "exit") return run_exit(args);
        if (key == "call") return run_call(n, args);
        if (key == "goto") {
            std::string label = ascii_lower(first_word(args));
            if (!label.empty() && label[0] == ':') label = label.substr(1);
            if (label.empty()) throw CmdAbort{"No batch label specified to GOTO command."};
            // goto :eof returns from the call or ends the batch file (the goto page).
            if (label == "eof") throw FrameReturn{false};
            throw GotoLabel{label};
        }
        if (const Command* c = native_program(name)) return run_native(n, *c, name, args, r);
        throw CmdNotModelled{"'" + strip_quotes(name) + "'"};
    }

    // Runs one statement line of the frame (its index `at` in script.lines).
    void run_line(Frame& f, size_t at) {
        const CmdLine& l = script->lines[at];
        current_line = l.first;
        // The whole statement is expanded when cmd reads it, its block's lines included.
        std::string joined;
        for (auto& p : l.physical) {
            if (!joined.empty()) joined += '\n';
            joined += expand_line(p, f);
        }
        CmdParse p = parse_cmd_statement(joined, l.first);
        if (p.needs_more) throw CmdNotModelled{"a block that is still open at the end of the statement after its variables were expanded"};
        if (!p.not_modelled.empty()) throw CmdNotModelled{p.not_modelled};
        if (!p.error.empty()) throw CmdAbort{"cmd.exe cannot parse the line as expanded ('" + joined + "'): " + p.error};
        if (!p.node) return;
        size_t depth = scopes.size();
        scopes.push_back({Scope::top, p.node.get(), at, &f});
        try {
            exec(*p.node, {});
        } catch (...) {
            scopes.resize(depth);
            throw;
        }
        scopes.resize(depth);
        current_line = l.first;  // back from a call
    }

    // Runs the frame's lines from its position while the position is at or before `limit`.
    void run_frame(Frame& f, size_t limit) {
        frames.push_back(&f);
        struct Pop {
            std::vector<Frame*>& v;
            ~Pop() { v.pop_back(); }
        } pop{frames};
        const auto& ls = script->lines;
        try {
            while (f.pc < ls.size() && f.pc <= limit) {
                size_t at = f.pc++;
                if (ls[at].kind != CmdLine::Kind::statement) continue;
                // A script that never ends would hang a real console; cusim stops it.
                if (++statements_run > 100000) throw CmdAbort{"cusim stopped the script after 100000 statements (a loop that does not end)"};
                try {
                    run_line(f, at);
                } catch (const GotoLabel& g) {
                    auto target = find_label(g.label, at);
                    if (!target) throw CmdAbort{"The system cannot find the batch label specified - " + g.label};
                    f.pc = *target + 1;
                }
                if (!f.is_call && !unhandled.empty()) return;
            }
        } catch (const FrameReturn& e) {
            f.pc = ls.size();
            if (e.exit && !f.is_call) script_exit = errorlevel;
        }
        if (f.pc >= ls.size()) endlocal_to(f.locals_at_entry);
    }
};

CmdRun::CmdRun(std::shared_ptr<const CmdScript> script, const InputFolder& folder)
    : impl_(std::make_unique<Impl>(std::move(script), folder)) {}
CmdRun::~CmdRun() = default;

ActionResult CmdRun::run_until(size_t index, ActionContext& ctx) {
    Impl& m = *impl_;
    m.ctx = &ctx;
    if (m.ended) return {true, "(not run: " + m.ended_why + ")"};
    if (m.top.pc > index) return {true, "(not run: a goto went past it)"};
    ActionResult r;
    auto stop = [&](const std::string& why) {
        m.ended = true;
        m.ended_why = why;
    };
    auto exited = [&](int code) {
        stop(fmt::format("the script ended at line {}", m.current_line));
        if (code != 0) {
            // As for a PowerShell script's `exit 1`: the script says it failed.
            r.ok = false;
            r.error_summary = fmt::format("the script exited with code {}", code);
        }
    };
    try {
        m.run_frame(m.top, index);
        if (m.script_exit) exited(*m.script_exit);
        else if (m.top.pc >= m.script->lines.size()) stop(fmt::format("the script ended at line {}", m.current_line));
    } catch (const ScriptExit& e) {
        exited(e.code);
    } catch (const CmdAbort& e) {
        // What cmd.exe prints when it ends a batch file, on stderr: shown even after 2>nul, since
        // the run ends here either way.
        m.write_error(e.message, {});
        r.ok = false;
        r.error_summary = e.message;
        stop(fmt::format("cmd.exe ended the script at line {}", m.current_line));
    } catch (const CmdNotModelled& e) {
        std::string text = fmt::format("{}:{}: {} is not modelled by the simulator", fs::path(m.script->path).filename().string(),
                                       m.current_line, e.what);
        m.write_error(text, {});
        r.ok = false;
        r.not_modelled = true;
        r.error_summary = text;
        stop(fmt::format("the script stopped at line {}", m.current_line));
    }
    m.scopes.clear();
    r.output = std::move(m.console);
    m.console.clear();
    // The report ends the step's text with a newline: the one cusim added goes.
    if (m.closed_line && !r.output.empty() && r.output.back() == '\n') r.output.pop_back();
    m.closed_line = false;
    r.setup_log = std::move(m.setup_log);
    r.setup_failed_step = std::move(m.setup_failed_step);
    r.setup_error = std::move(m.setup_error);
    m.setup_log.clear();
    m.setup_failed_step.clear();
    m.setup_error.clear();
    if (!m.unhandled.empty() && r.ok) {
        const auto& u = m.unhandled.front();
        r.ok = false;
        r.error_summary = u.first_line;
        stop(fmt::format("the script stopped at line {}", u.line));
    }
    m.unhandled.clear();
    return r;
}

// ---- the check at load: every problem of the file

namespace {

// The expansion at load: every reference checked, none replaced (their values are known only
// when the line runs), so the parse sees the statement's shape.
std::string check_expansion(const CmdScript& s, const std::string& raw) {
    return expand_percent(
        raw,
        [&](const std::string& n) {
            std::string l = ascii_lower(n);
            static const std::set<std::string> dynamic = {"errorlevel", "date", "time", "cd", "cmdextversion"};
            if (!dynamic.count(l) && !s.assigned.count(l) && !server_environment(ServerState{}, l))
                throw CmdNotModelled{"the environment variable %" + n + "% (the script never sets it, and the simulated server's environment has no value for it)"};
            return "%" + n + "%";
        },
        [&](const ArgSpec& a) {
            if (a.tilde && !a.modifiers.empty()) {
                if (a.index != 0) throw CmdNotModelled{fmt::format("%~{}{} (path modifiers of an argument)", a.modifiers, a.index)};
                return script_path_part(s.path, a.modifiers);
            }
            return std::string("%") + (a.tilde ? "~" : "") + char('0' + a.index);
        },
        [] { return std::string("%*"); });
}

bool literal(const std::string& s) { return s.find('%') == std::string::npos && s.find('!') == std::string::npos; }

void check_node(const CmdScript& s, const CmdNode& n, std::vector<std::string>& out) {
    auto problem = [&](const std::string& why) { out.push_back(fmt::format("{}: {}", n.line, why)); };
    auto not_modelled = [&](const std::string& what) { problem(what + " is not modelled by the simulator"); };
    switch (n.kind) {
        case CmdNode::Kind::chain:
            for (auto& i : n.items) check_node(s, *i, out);
            return;
        case CmdNode::Kind::block:
            for (auto& i : n.statements) check_node(s, *i, out);
            break;
        case CmdNode::Kind::if_:
            check_node(s, *n.then_branch, out);
            if (n.else_branch) check_node(s, *n.else_branch, out);
            return;
        case CmdNode::Kind::command: break;
    }
    if (std::all_of(n.redirects.begin(), n.redirects.end(), [](const CmdRedirect& r) { return literal(r.target); })) {
        try {
            redirection_of(n.redirects, {});
        } catch (const CmdNotModelled& e) {
            not_modelled(e.what);
        }
    }
    if (n.kind != CmdNode::Kind::command || !literal(n.name)) return;
    std::string key = cmd_command_key(n.name);
    std::optional<std::string> p;
    if (key == "set") p = set_not_modelled(n.args);
    else if (key == "setlocal" && literal(n.args)) p = setlocal_not_modelled(n.args);
    else if (key == "exit" && literal(n.args)) p = exit_not_modelled(n.args);
    else if (key == "call" && literal(n.args)) p = call_not_modelled(n.args);
    else if ((key == "cd" || key == "chdir" || key == "pushd" || key == "popd") && n.args.find('%') == std::string::npos)
        p = cd_not_modelled(key, n.args, s.path);
    if (p) return not_modelled(*p);
    std::string label;
    if (key == "goto") label = first_word(n.args);
    if (key == "call") label = first_word(n.args);
    if (!label.empty() && literal(label)) {
        std::string l = ascii_lower(label[0] == ':' ? label.substr(1) : label);
        bool found = l == "eof" && key == "goto";
        for (auto& line : s.lines) found = found || (line.kind == CmdLine::Kind::label && line.label == l);
        if (!found) problem("the label '" + label + "' is in no line of the script (cmd.exe would end the batch file: \"The system cannot find the batch label specified\")");
        return;
    }
    if (builtins().count(key) || native_program(n.name)) return;
    not_modelled("'" + strip_quotes(n.name) + "'");
}

}  // namespace

std::vector<std::string> cmd_script_problems(const CmdScript& s) {
    std::vector<std::string> out;
    for (auto& l : s.lines) {
        if (l.kind != CmdLine::Kind::statement) continue;
        std::string joined;
        try {
            for (auto& p : l.physical) {
                if (!joined.empty()) joined += '\n';
                joined += check_expansion(s, p);
            }
        } catch (const CmdNotModelled& e) {
            out.push_back(fmt::format("{}: {} is not modelled by the simulator", l.first, e.what));
            continue;
        }
        CmdParse p = parse_cmd_statement(joined, l.first);
        if (p.needs_more) out.push_back(fmt::format("{}: the block opened here is never closed (cmd.exe reads to the end of the file)", l.first));
        else if (!p.not_modelled.empty()) out.push_back(fmt::format("{}: {} is not modelled by the simulator", p.error_line, p.not_modelled));
        else if (!p.error.empty()) out.push_back(fmt::format("{}: cmd.exe cannot parse this: {}", p.error_line, p.error));
        else if (p.node) check_node(s, *p.node, out);
    }
    return out;
}

}  // namespace cusim::runbook
