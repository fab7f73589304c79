// The check of a script before it runs (interpreter.hpp, check_script): what cusim can tell from
// the text alone, so that a script it cannot run is refused with every reason at once, with its
// line and column, instead of stopping halfway through a recovery.
#include <fmt/format.h>

#include "sim/core/text.hpp"
#include "sim/powershell/ast_walk.hpp"
#include "sim/powershell/interpreter_impl.hpp"

namespace cusim::ps {

std::vector<std::string> check_script(const ParsedScript& script, const Host& host,
                                      const std::set<std::string>& defined_functions) {
    std::vector<std::string> problems;
    if (!script.script) return problems;
    std::set<std::string> functions = defined_functions;
    walk(*script.script, [&](const Node& n) {
        if (n.kind == NodeKind::function_definition) functions.insert(lower_name(static_cast<const FunctionDefinition&>(n).name));
        return true;
    });
    auto at = [](const Node& n) { return fmt::format("{}:{}", n.pos.line, n.pos.column); };
    // A { } given to a native program is not run: the program gets its text (netsh's
    // appid={guid} unquoted, a classic): nothing in it is checked.
    std::set<const Node*> not_run;
    walk(*script.script, [&](const Node& n) {
        if (not_run.count(&n)) return false;
        if (n.kind == NodeKind::script_block && static_cast<const ScriptBlock&>(n).dynamicparam_block)
            problems.push_back(at(n) + ": dynamicparam is not modelled by the simulator");
        if (n.kind != NodeKind::command) return true;
        auto& c = static_cast<const CommandAst&>(n);
        for (auto& r : c.redirections)
            if (!r->merge_to && (!r->target || r->target->kind != NodeKind::variable ||
                                 !iequals(static_cast<const VariableExpr&>(*r->target).name, "null")))
                problems.push_back(at(*r) + ": a redirection to a file is not modelled by the simulator");
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
                if (*common == "whatif" && !cmd->supports_whatif)
                    problems.push_back(fmt::format("{}: {} -WhatIf is not modelled by the simulator", at(*c.elements[i]), cmd->name));
                continue;
            }
            if (prefixes > 1) continue;  // ambiguous: PowerShell's own error when it runs
            problems.push_back(fmt::format("{}: {} -{} is not modelled by the simulator", at(*c.elements[i]), cmd->name,
                                           static_cast<const CommandParameter&>(*c.elements[i]).name));
        }
        return true;
    });
    return problems;
}

}  // namespace cusim::ps
