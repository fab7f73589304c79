#include "sim/runbook/script_fix.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "sim/core/input_error.hpp"
#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_decode.hpp"
#include "sim/powershell/parser.hpp"
#include "sim/runbook/commands.hpp"
#include "sim/runbook/engine_session.hpp"
#include "sim/runbook/fix_metadata.hpp"

namespace cusim {
namespace {

// One run of the script: the engine, and whether an earlier statement ended the script.
struct ScriptRun : runbook::EngineSession {
    bool stopped = false;
    std::string stopped_why;
    ScriptRun(const InputFolder& f, const std::string& path) : EngineSession(f, path) {}
};

struct LoadedScript {
    std::shared_ptr<const ps::ParsedScript> parsed;
    std::shared_ptr<const InputFolder> folder;
    std::vector<std::string> args;
    std::string path;
    std::vector<std::string> answers;
};

// Header comments carry the fix's metadata, as for every runbook: "# title: ...",
// "# when: before-cu", "# source: ...", "# id: ..."; the first comment is the title otherwise.
// Comment-based help (about_Comment_Based_Help) at the top counts too, as admins write it: the
// paragraph of .SYNOPSIS is the title and the first address under .LINK the source, unless a
// "title:" or "source:" line says otherwise; "when: before-cu" may stand in the block.
void read_metadata(const std::string& path, const std::string& text, Fix& fix) {
    int number = 0;
    bool first_comment = true, in_help = false;
    std::string keyword, synopsis, link;  // the help keyword whose paragraph is being read
    // Line by line as split_lines cuts them, up to the first statement only: a long script's
    // other lines are not copied.
    for (size_t start = 0; start < text.size();) {
        size_t end_of_line = std::min(text.find('\n', start), text.size());
        std::string line = text.substr(start, end_of_line - start);
        start = end_of_line + 1;
        ++number;
        size_t b = line.find_first_not_of(" \t\r");
        line = b == std::string::npos ? "" : line.substr(b);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (in_help) {
            size_t end = line.find("#>");
            std::string body = line.substr(0, end);
            if (!body.empty() && body[0] == '.') keyword = ascii_lower(body.substr(1, body.find(' ') - 1));
            else if (body.empty() && !synopsis.empty() && keyword == "synopsis") keyword.clear();  // its paragraph ended
            else if (!body.empty() && keyword == "synopsis") synopsis += (synopsis.empty() ? "" : " ") + body;
            else if (!body.empty() && keyword == "link" && link.empty()) link = body;
            else if (!body.empty()) {
                bool first = false;  // a line of the block is metadata only when it is "key: value"
                read_metadata_comment(body, fix, first, path, number, true);
            }
            if (end != std::string::npos) in_help = false;
            continue;
        }
        if (line.empty()) continue;
        if (line.rfind("<#", 0) == 0) {
            in_help = line.find("#>", 2) == std::string::npos;
            first_comment = false;
            continue;
        }
        if (line[0] != '#') break;  // metadata only in the comments before the first statement
        read_metadata_comment(line.substr(1), fix, first_comment, path, number);
    }
    if (!synopsis.empty() && fix.title == fix.id) fix.title = synopsis;
    if (!link.empty() && fix.source.empty()) fix.source = link;
}

// The statement as the report shows the step: its first line.
std::string step_text(const ps::ParsedScript& p, const ps::Stmt& s) {
    std::string_view t = p.source->text().substr(s.pos.offset, s.end - s.pos.offset);
    std::string first(t.substr(0, t.find('\n')));
    while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.pop_back();
    if (t.find('\n') != std::string_view::npos) first += " ...";
    return first;
}

// The tool a statement uses, for the report: the first command it names that a runbook knows.
std::string step_tool(const ps::Stmt& s) {
    if (s.kind != ps::NodeKind::pipeline) return "PowerShell";
    auto& p = static_cast<const ps::Pipeline&>(s);
    if (p.elements.empty() || p.elements[0]->kind != ps::NodeKind::command) return "PowerShell";
    auto& c = static_cast<const ps::CommandAst&>(*p.elements[0]);
    if (c.elements.empty() || c.elements[0]->kind != ps::NodeKind::string_constant) return "PowerShell";
    auto it = runbook::commands().find(runbook::command_key(static_cast<const ps::StringConstantExpr&>(*c.elements[0]).value));
    return it == runbook::commands().end() ? "PowerShell" : it->second.tool;
}

ActionResult run_statement(const LoadedScript& script, size_t index, ActionContext& ctx) {
    if (!ctx.script_run) {
        auto run = std::make_shared<ScriptRun>(*script.folder, script.path);
        run->host.attach(ctx, run->folder);
        run->host.answers = script.answers;
        try {
            run->in.bind_script_parameters(*script.parsed->script, script.args);
        } catch (const ps::RuntimeError& e) {
            ctx.script_run = run;
            run->stopped = true;
            run->stopped_why = "its parameters could not be bound";
            return {false, ps::format_error_record(e.record), "", "", "", e.record.message};
        } catch (const ps::NotModelled& e) {
            ctx.script_run = run;
            run->stopped = true;
            run->stopped_why = "its parameters could not be bound";
            ActionResult r{false, e.text(), "", "", "", e.text()};
            r.not_modelled = true;
            return r;
        }
        ctx.script_run = run;
    }
    auto& run = *std::static_pointer_cast<ScriptRun>(ctx.script_run);
    run.host.attach(ctx, run.folder);
    if (run.stopped) return {true, "(not run: " + run.stopped_why + ")"};
    auto outcome = runbook::run_statement(run, script.parsed, index, ctx);
    if (outcome.script_stopped) {
        run.stopped = true;
        run.stopped_why = *outcome.script_stopped;
    }
    return outcome.result;
}

}  // namespace

Fix load_script_fix(const std::string& path, const std::vector<std::string>& args, const std::vector<std::string>& answers) {
    // PowerShell ISE saves UTF-8 with a BOM, Out-File UTF-16LE: decoded to UTF-8 either way.
    std::string text = read_text_file(path);
    Fix fix;
    fix.path = path;
    fix.id = std::filesystem::path(path).stem().string();
    fix.title = fix.id;
    read_metadata(path, text, fix);
    // A script is text (tests/fuzz found a -DnsName of bytes that no certificate can hold). Lines
    // end at an ASCII byte, inside no UTF-8 sequence: the whole text is UTF-8 when every line is,
    // so the lines are looked at only to name the first bad one.
    if (!is_utf8(text)) {
        int number = 0;
        for (auto& line : split_lines(text)) {
            ++number;
            if (!is_utf8(line)) throw InputError(path, fmt::format("line {}", number), "the line is not UTF-8 text (save the runbook as UTF-8)");
        }
    }
    auto parsed = std::make_shared<ps::ParsedScript>(ps::parse_script(path, text));
    if (!parsed->ok()) {
        std::uint32_t line = parsed->errors.empty() ? 1 : parsed->source->position(parsed->errors[0].offset).line;
        throw InputError(path, fmt::format("line {}", line), "the script does not parse:\n" + parsed->error_text());
    }
    const ps::ScriptBlock& script = *parsed->script;
    if (script.named_blocks) throw InputError(path, "line 1", "a script with begin/process/end blocks is not modelled by the simulator");
    auto folder = std::make_shared<const InputFolder>(path);
    runbook::ServerHost checker;
    checker.set_folder(*folder);  // the files it dot sources are read when it is checked
    if (auto slash = path.find_last_of("\\/"); slash != std::string::npos) checker.script_root = path.substr(0, slash);
    auto problems = ps::check_script(*parsed, checker);
    if (!problems.empty()) throw_load_problems(path, problems);
    LoadedScript loaded{parsed, folder, args, path, answers};
    static const std::vector<ps::StmtPtr> no_statements;
    const auto& block = script.end_block ? script.end_block->statements : no_statements;
    std::string file = std::filesystem::path(path).filename().string();
    for (size_t i = 0; i < block.size(); ++i) {
        const ps::Stmt& s = *block[i];
        FixStep step;
        step.action = step_text(*parsed, s);
        step.tool = step_tool(s);
        step.summary = fmt::format("{}:{}: {}", file, s.pos.line, step.action);
        step.run = [loaded, i](ActionContext& ctx) { return run_statement(loaded, i, ctx); };
        fix.steps.push_back(std::move(step));
    }
    return fix;
}

}  // namespace cusim
