// The check of a script before it runs (interpreter.hpp, check_script): what cusim can tell from
// the text alone, so that a script it cannot run is refused with every reason at once, with its
// line and column, instead of stopping halfway through a recovery.
#include <fmt/format.h>

#include "sim/core/text.hpp"
#include "sim/powershell/ast_walk.hpp"
#include "sim/powershell/interpreter_impl.hpp"

namespace cusim::ps {

namespace {

auto at = [](const Node& n) { return fmt::format("{}:{}", n.pos.line, n.pos.column); };

// The path of `. PATH` as the script writes it, when it can be told before the script runs: a
// constant, or a string of constants and $PSScriptRoot (the script's folder, as the engine gives it).
std::optional<std::string> static_dot_path(const Expr& e, const std::string& script_file) {
    if (e.kind == NodeKind::string_constant) return static_cast<const StringConstantExpr&>(e).value;
    if (e.kind != NodeKind::expandable_string) return std::nullopt;
    std::string out;
    for (auto& part : static_cast<const ExpandableStringExpr&>(e).parts) {
        if (part->kind == NodeKind::string_constant) {
            out += static_cast<const StringConstantExpr&>(*part).value;
        } else if (part->kind == NodeKind::variable && iequals(static_cast<const VariableExpr&>(*part).name, "PSScriptRoot")) {
            auto slash = script_file.find_last_of("\\/");
            out += slash == std::string::npos ? std::string(".") : script_file.substr(0, slash);
        } else {
            return std::nullopt;
        }
    }
    return out;
}

// Every command the script names, and its parameters and redirections.
void check_commands(const ParsedScript& script, const Host& host, const std::set<std::string>& functions,
                    std::vector<std::string>& problems) {
    // A { } given to a native program is not run: the program gets its text (netsh's
    // appid={guid} unquoted, a classic): nothing in it is checked.
    std::set<const Node*> not_run;
    walk(*script.script, [&](const Node& n) {
        if (not_run.count(&n)) return false;
        if (n.kind == NodeKind::script_block && static_cast<const ScriptBlock&>(n).dynamicparam_block)
            problems.push_back(at(n) + ": dynamicparam is not modelled by the simulator");
        if (n.kind != NodeKind::command) return true;
        auto& c = static_cast<const CommandAst&>(n);
        // `> FILE` and `>> FILE` are Out-File's (the host says at run time where a script may write);
        // the other streams to a file are not modelled.
        for (auto& r : c.redirections)
            if (!r->merge_to && r->from != '1' && (!r->target || r->target->kind != NodeKind::variable ||
                                                   !iequals(static_cast<const VariableExpr&>(*r->target).name, "null")))
                problems.push_back(fmt::format("{}: the redirection {}> to a file is not modelled by the simulator", at(*r), r->from));
        if (c.invocation != CommandAst::Invocation::none || c.elements.empty() || c.elements[0]->kind != NodeKind::string_constant)
            return true;
        std::string name = static_cast<const StringConstantExpr&>(*c.elements[0]).value;
        std::string key = command_key_of(name);
        if (functions.count(key)) return true;
        if (auto a = aliases().find(key); a != aliases().end()) key = a->second;
        const HostCommand* cmd = nullptr;
        if (auto b = builtin_commands().find(key); b != builtin_commands().end()) cmd = &b->second;
        else cmd = host.find_command(key);
        if (!cmd) {
            problems.push_back(fmt::format("{}: the command '{}' is not modelled by the simulator", at(c), name));
            return true;
        }
        if (cmd->native) {
            for (size_t i = 1; i < c.elements.size(); ++i)
                if (c.elements[i]->kind == NodeKind::script_block_expression) not_run.insert(c.elements[i].get());
            return true;
        }
        for (size_t i = 1; i < c.elements.size(); ++i) {
            if (c.elements[i]->kind != NodeKind::command_parameter) continue;
            std::string p = lower_name(static_cast<const CommandParameter&>(*c.elements[i]).name);
            bool known = cmd->parameters.count(p) > 0 || cmd->switches.count(p) > 0;
            size_t prefixes = 0;
            for (const auto* names : {&cmd->parameters, &cmd->switches})
                for (auto it = names->lower_bound(p); it != names->end() && it->compare(0, p.size(), p) == 0; ++it) ++prefixes;
            if (known || prefixes == 1) continue;
            if (auto common = common_parameter(p)) {
                if (*common == "whatif" && cmd->what_if == WhatIfSupport::not_modelled)
                    problems.push_back(fmt::format("{}: {} -WhatIf is not modelled by the simulator", at(*c.elements[i]), cmd->name));
                continue;
            }
            if (prefixes > 1) continue;  // ambiguous: PowerShell's own error when it runs
            problems.push_back(fmt::format("{}: {} -{} is not modelled by the simulator", at(*c.elements[i]), cmd->name,
                                           static_cast<const CommandParameter&>(*c.elements[i]).name));
        }
        return true;
    });
}

// The files the script dot sources (about_Scripts): their functions are the script's, and what
// they call is checked as the script's own lines are, its problems placed at the `. FILE` line.
void check_dot_sourced(const ParsedScript& script, const Host& host, std::set<std::string>& functions,
                       std::vector<std::string>& problems, std::set<std::string>& visited, int depth) {
    walk(*script.script, [&](const Node& n) {
        if (n.kind != NodeKind::command) return true;
        auto& c = static_cast<const CommandAst&>(n);
        if (c.invocation != CommandAst::Invocation::dot || c.elements.empty()) return true;
        auto path = static_dot_path(static_cast<const Expr&>(*c.elements[0]), script.source->file());
        if (!path) return true;
        std::string key = command_key_of(*path);
        if (key.size() <= 4 || key.compare(key.size() - 4, 4, ".ps1") != 0 || key == "remoteexchange.ps1") return true;
        if (!visited.insert(ascii_lower(*path)).second) return true;
        if (depth > 10) {
            problems.push_back(at(c) + ": dot sourcing more than 10 files deep is not modelled by the simulator");
            return true;
        }
        std::optional<std::string> text;
        try {
            text = host.read_file(*path);
        } catch (const NotModelled& e) {
            problems.push_back(fmt::format("{}: dot sourcing {}: {}", at(c), *path, NotModelled(e.what()).text()));
            return true;
        }
        if (!text) return true;  // PowerShell's CommandNotFoundException when the line runs
        std::string lf;
        for (char ch : *text)
            if (ch != '\r') lf += ch;
        ParsedScript helper = parse_script(host.full_path(*path), std::move(lf));
        if (!helper.ok()) {
            problems.push_back(fmt::format("{}: dot sourcing {}, which does not parse:\n{}", at(c), *path, helper.error_text()));
            return true;
        }
        walk(*helper.script, [&](const Node& m) {
            if (m.kind == NodeKind::function_definition) functions.insert(lower_name(static_cast<const FunctionDefinition&>(m).name));
            return true;
        });
        check_dot_sourced(helper, host, functions, problems, visited, depth + 1);
        std::vector<std::string> inner;
        check_commands(helper, host, functions, inner);
        for (auto& p : inner) problems.push_back(fmt::format("{}: in {}: {}", at(c), *path, p));
        return true;
    });
}

}  // namespace

std::vector<std::string> check_script(const ParsedScript& script, const Host& host,
                                      const std::set<std::string>& defined_functions) {
    std::vector<std::string> problems;
    if (!script.script) return problems;
    std::set<std::string> functions = defined_functions;
    walk(*script.script, [&](const Node& n) {
        if (n.kind == NodeKind::function_definition) functions.insert(lower_name(static_cast<const FunctionDefinition&>(n).name));
        return true;
    });
    std::set<std::string> visited;
    check_dot_sourced(script, host, functions, problems, visited, 0);
    check_commands(script, host, functions, problems);
    return problems;
}

}  // namespace cusim::ps
