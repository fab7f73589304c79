#include "sim/runbook/cmd_fix.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sim/core/input_error.hpp"
#include "sim/core/text.hpp"
#include "sim/core/text_decode.hpp"
#include "sim/runbook/cmd_run.hpp"
#include "sim/runbook/commands.hpp"
#include "sim/runbook/fix_metadata.hpp"

namespace cusim {
namespace {

using runbook::CmdLine;

// `@echo off` alone: it changes what the console echoes, which the report does not show, so it
// is no step of its own (it runs with the step after it).
bool echo_switch_only(const CmdLine& l) {
    std::string t = ascii_lower(l.physical[0]);
    t.erase(0, t.find_first_not_of(" \t@"));
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
    return l.physical.size() == 1 && (t == "echo off" || t == "echo on");
}

// The tool of a step, for the report: the native program its first command runs, else cmd.
std::string step_tool(const CmdLine& l) {
    std::string t = l.physical[0];
    t.erase(0, t.find_first_not_of(" \t@"));
    auto args = runbook::cmd_native_arguments(t);
    if (args.empty()) return "cmd";
    auto it = runbook::commands().find(runbook::command_key(args[0]));
    if (it == runbook::commands().end() || !runbook::is_native_program(it->first, it->second)) return "cmd";
    return it->second.tool;
}

std::string step_text(const CmdLine& l) {
    std::string t = l.physical[0];
    t.erase(0, t.find_first_not_of(" \t"));
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
    if (l.physical.size() > 1) t += " ...";
    return t;
}

}  // namespace

Fix load_cmd_fix(const std::string& path) {
    // Notepad saves UTF-8 (with or without a BOM) or UTF-16LE: decoded to UTF-8 either way.
    std::string text = read_text_file(path);
    Fix fix;
    fix.path = path;
    fix.id = std::filesystem::path(path).stem().string();
    fix.title = fix.id;
    int number = 0;
    for (auto& line : split_lines(text)) {
        ++number;
        // A runbook is text (tests/fuzz found a -DnsName of bytes that no certificate can hold).
        if (!is_utf8(line)) throw InputError(path, fmt::format("line {}", number), "the line is not UTF-8 text (save the runbook as UTF-8)");
    }
    auto script = std::make_shared<runbook::CmdScript>(runbook::read_cmd_script(path, text));
    // Header comments (before the first statement but @echo off) carry the metadata.
    bool first_comment = true;
    for (auto& l : script->lines) {
        if (l.kind == CmdLine::Kind::comment) read_metadata_comment(l.comment, fix, first_comment, path, l.first);
        else if (l.kind == CmdLine::Kind::statement && !echo_switch_only(l)) break;
        else if (l.kind == CmdLine::Kind::label) break;
    }
    auto problems = runbook::cmd_script_problems(*script);
    if (!problems.empty()) throw_load_problems(path, problems);
    auto folder = std::make_shared<const InputFolder>(path);
    std::string file = std::filesystem::path(path).filename().string();
    for (size_t i = 0; i < script->lines.size(); ++i) {
        const CmdLine& l = script->lines[i];
        if (l.kind != CmdLine::Kind::statement || echo_switch_only(l)) continue;
        FixStep step;
        step.action = step_text(l);
        step.tool = step_tool(l);
        step.summary = fmt::format("{}:{}: {}", file, l.first, step.action);
        // The run's cmd state lives in its ActionContext: a fix runs on several scenarios at once.
        step.run = [script, folder, i](ActionContext& ctx) {
            if (!ctx.script_run) ctx.script_run = std::make_shared<runbook::CmdRun>(script, *folder);
            return std::static_pointer_cast<runbook::CmdRun>(ctx.script_run)->run_until(i, ctx);
        };
        fix.steps.push_back(std::move(step));
    }
    return fix;
}

}  // namespace cusim
