#include "sim/powershell/interpreter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "sim/core/regex.hpp"
#include "sim/core/text.hpp"
#include "sim/powershell/ast_walk.hpp"
#include "sim/powershell/interpreter_impl.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/powershell/format_output.hpp"
#include "sim/powershell/members.hpp"
#include "sim/powershell/operators.hpp"

namespace cusim::ps {

// ---------------------------------------------------------------- error records

std::string format_error_record(const ErrorRecord& e) {
    std::string out = (e.command.empty() ? std::string() : e.command + " : ") + e.message + "\n";
    if (e.line) {
        out += fmt::format("At {}:{} char:{}\n", e.file.empty() ? "line" : e.file, e.line, e.column);
        out += "+ " + e.line_text + "\n";
        size_t col = e.column ? e.column - 1 : 0;
        size_t len = std::max<size_t>(1, std::min<size_t>(e.length, e.line_text.size() > col ? e.line_text.size() - col : 1));
        out += "+ " + std::string(col, ' ') + std::string(len, '~') + "\n";
    }
    if (!e.category.empty()) out += "    + CategoryInfo          : " + e.category + "\n";
    if (!e.error_id.empty()) out += "    + FullyQualifiedErrorId : " + e.error_id + "\n";
    return out;
}

std::string NotModelled::text() const {
    std::string what_text = what();
    if (file.empty()) return what_text + " is not modelled by the simulator";
    return fmt::format("{}:{}:{}: {} is not modelled by the simulator", file, line, column, what_text);
}

HostCommand make_cmdlet(std::string name, std::set<std::string> params, std::set<std::string> switches,
                        std::vector<std::string> positional, std::function<void(CommandCall&)> run) {
    HostCommand h;
    h.name = std::move(name);
    h.parameters = std::move(params);
    h.switches = std::move(switches);
    h.positional = std::move(positional);
    h.run = std::move(run);
    return h;
}

const PsValue* CommandCall::get(const std::string& name) const {
    auto it = named.find(name);
    return it == named.end() ? nullptr : &it->second;
}

std::string CommandCall::text(const std::string& name, const std::string& fallback) const {
    const PsValue* v = get(name);
    return v ? to_string(*v) : fallback;
}

// ---------------------------------------------------------------- Interpreter

Interpreter::Interpreter(Host& host, std::string script_path)
    : host_(&host), script_path_(std::move(script_path)), impl_(std::make_unique<Impl>(*this)) {}
Interpreter::~Interpreter() = default;

std::string Interpreter::take_console() {
    std::string s = std::move(impl_->console);
    impl_->console.clear();
    return s;
}

std::vector<UnhandledError> Interpreter::take_unhandled() {
    auto v = std::move(impl_->unhandled);
    impl_->unhandled.clear();
    return v;
}

PsValue Interpreter::get_variable(const std::string& name) const {
    auto* v = impl_->find_var(lower_name(name));
    return v ? *v : PsValue();
}
void Interpreter::set_variable(const std::string& name, PsValue v) { impl_->scopes[0][lower_name(name)] = std::move(v); }
std::set<std::string> Interpreter::variable_names() const {
    std::set<std::string> names;
    for (auto& scope : impl_->scopes)
        for (auto& [name, value] : scope) names.insert(name);
    return names;
}
std::set<std::string> Interpreter::function_names() const {
    std::set<std::string> names;
    for (auto& [name, f] : impl_->functions) names.insert(name);
    return names;
}

void Interpreter::write_console(const std::string& text) { impl_->console += text; }

ErrorAction Interpreter::error_action_for(const CommandCall* call) const {
    if (call)
        if (const PsValue* v = call->get("erroraction"))
            if (auto a = parse_error_action(to_string(*v))) return *a;
    PsValue* pref = impl_->find_var("erroractionpreference");
    if (pref)
        if (auto a = parse_error_action(to_string(*pref))) return *a;
    return ErrorAction::continue_;
}

OperatorContext& Interpreter::operator_context() { return *impl_; }

void Interpreter::record_error(const ErrorRecord& e) { impl_->add_to_error_list(e); }

namespace {
// The CategoryInfo line of the language's own errors, by their error id (what Windows PowerShell
// 5.1 prints for each: a failed cast is InvalidArgument, a method on $null InvalidOperation, an
// exception of a .NET method a MethodInvocationException).
std::string category_of(const std::string& id) {
    if (id.rfind("InvalidCast", 0) == 0 || id.rfind("ConvertToFinalInvalidCast", 0) == 0) return "InvalidArgument: (:) [], RuntimeException";
    if (id == "InvokeMethodOnNull" || id == "NullArray" || id == "VariableNotWritable") return "InvalidOperation: (:) [], RuntimeException";
    if (id.rfind("MethodArgumentConversion", 0) == 0 || id.rfind("MethodCount", 0) == 0 || id == "MethodNotFound")
        return "NotSpecified: (:) [], MethodException";
    if (id.find("Exception") != std::string::npos && id.find(',') == std::string::npos)
        return "NotSpecified: (:) [], MethodInvocationException";
    if (id == "RuntimeException") return "NotSpecified: (:) [], RuntimeException";
    return "";
}
}  // namespace

void Interpreter::throw_error(std::string message, std::string error_id, std::string exception_type) {
    ErrorRecord e;
    e.category = category_of(error_id);
    e.message = std::move(message);
    e.error_id = std::move(error_id);
    e.exception_type = std::move(exception_type);
    impl_->place(e, impl_->current);
    throw RuntimeError(std::move(e));
}

void Interpreter::raise(ErrorRecord e) {
    if (e.line == 0) impl_->place(e, impl_->current);
    throw RuntimeError(std::move(e));
}

void Interpreter::not_modelled(const std::string& what) const {
    const Node* n = impl_->current;
    if (n && impl_->source) throw NotModelled(what, impl_->source->file(), n->pos.line, n->pos.column);
    throw NotModelled(what);
}

std::string Interpreter::format_default(const Array& objects) {
    std::string out;
    size_t i = 0;
    while (i < objects.size()) {
        if (objects[i].is_object())
            if (auto* f = dynamic_cast<const FormattedText*>(objects[i].as_object().get())) {
                out += f->text;  // Format-List / Format-Table output prints as it is
                ++i;
                continue;
            }
        // Runs of host objects of one type go to the host's formatter; the rest is generic.
        if (objects[i].is_object()) {
            std::string type = objects[i].as_object()->type_name();
            Array group;
            for (; i < objects.size() && objects[i].is_object() && objects[i].as_object()->type_name() == type &&
                   !dynamic_cast<const FormattedText*>(objects[i].as_object().get());
                 ++i)
                group.push_back(objects[i]);
            if (dynamic_cast<const MatchInfoObject*>(group[0].as_object().get())) out += format_match_infos(group);
            else if (auto text = host_->format_default(group)) out += *text;
            else out += format_generic(group);
            continue;
        }
        Array group;
        for (; i < objects.size() && !objects[i].is_object(); ++i) group.push_back(objects[i]);
        out += format_generic(group);
    }
    return out;
}

void CommandCall::write_error(ErrorRecord e) {
    if (e.line == 0) in.impl().place(e, in.impl().current);
    ErrorAction a = in.error_action_for(this);
    if (a == ErrorAction::stop) throw RuntimeError(std::move(e), true);
    if (a == ErrorAction::ignore) return;
    in.impl().add_to_error_list(e);
    in.impl().failed = true;
    if (a == ErrorAction::silently_continue || in.impl().stderr_suppressed) return;
    in.impl().show_error(e, false);
}

void CommandCall::fail(ErrorRecord e) {
    if (e.line == 0) in.impl().place(e, in.impl().current);
    throw RuntimeError(std::move(e));
}

void CommandCall::what_if(const std::string& operation, const std::string& target) {
    in.write_console(fmt::format("What if: Performing the operation \"{}\" on target \"{}\".\n", operation, target));
}

Array Interpreter::invoke_block(const ScriptBlockValue& block, const PsValue& dollar_under, const std::vector<PsValue>& args) {
    auto& im = *impl_;
    im.scopes.emplace_back();
    im.scopes.back()["_"] = dollar_under;
    std::vector<RawArgument> raw;
    for (auto& a : args) {
        RawArgument r;
        r.has_value = true;
        r.value = a;
        raw.push_back(std::move(r));
    }
    Array out;
    try {
        std::vector<ParameterAst*> params;
        if (block.block->param_block)
            for (auto& p : block.block->param_block->parameters) params.push_back(p.get());
        out = im.run_script_block_body(*block.block, params, std::move(raw), {}, false, "");
    } catch (...) {
        im.scopes.pop_back();
        throw;
    }
    im.scopes.pop_back();
    return out;
}

namespace {
bool has_trap(const std::vector<StmtPtr>& block) {
    for (auto& st : block)
        if (st->kind == NodeKind::trap_statement) return true;
    return false;
}
}  // namespace

void Interpreter::run_top_statement(const Stmt& s, const std::vector<StmtPtr>& block, std::size_t index,
                                    std::shared_ptr<const ParsedScript> owner) {
    auto& im = *impl_;
    im.owner = owner;
    im.source = owner->source.get();
    im.frames = {{&block, index}};
    im.current = &s;
    Array out;
    try {
        im.exec_statement(s, out);
    } catch (RuntimeError& e) {
        im.console += format_default(out);
        Array trap_out;
        Impl::TrapOutcome trapped = has_trap(block) ? im.run_trap(block, e, trap_out) : Impl::TrapOutcome::none;
        im.console += format_default(trap_out);
        if (trapped == Impl::TrapOutcome::go_on) return;
        if (trapped == Impl::TrapOutcome::none && !e.script_terminating) {
            // A statement-terminating error: shown, and the script goes on with the next statement.
            im.statement_failed(e.record);
            return;
        }
        if (trapped == Impl::TrapOutcome::none) im.add_to_error_list(e.record);
        im.show_error(e.record, true);
        throw ExitRequested{1};
    } catch (ReturnSignal&) {
        im.console += format_default(out);
        throw ExitRequested{0};
    } catch (BreakSignal&) {
        // break outside a loop stops the script (spec 8.5.1).
        im.console += format_default(out);
        throw ExitRequested{0};
    } catch (ContinueSignal&) {
        im.console += format_default(out);
        throw ExitRequested{0};
    }
    im.console += format_default(out);
}

void Interpreter::bind_script_parameters(const ScriptBlock& script, const std::vector<std::string>& args) {
    auto& im = *impl_;
    std::vector<RawArgument> raw;
    for (auto& a : args) {
        RawArgument r;
        if (a.size() > 1 && a[0] == '-' && std::isalpha(static_cast<unsigned char>(a[1]))) {
            r.is_parameter = true;
            auto colon = a.find(':');
            r.name = a.substr(1, colon == std::string::npos ? std::string::npos : colon - 1);
            if (colon != std::string::npos) {
                r.has_value = true;
                r.value = PsValue(a.substr(colon + 1));
            }
        } else {
            r.has_value = true;
            r.value = PsValue(a);
        }
        raw.push_back(std::move(r));
    }
    if (!script.param_block) {
        if (!raw.empty()) {
            Array a;
            for (auto& r : raw) a.push_back(r.is_parameter ? PsValue("-" + r.name) : r.value);
            im.scopes[0]["args"] = make_array(std::move(a));
        }
        return;
    }
    // Binding writes the parameters into the current (script) scope; the body runs step by step.
    std::vector<ParameterAst*> params;
    for (auto& p : script.param_block->parameters) params.push_back(p.get());
    ScriptBlock empty;
    im.run_script_block_body(empty, params, std::move(raw), {}, false, script_path_, script.param_block.get());
}

}  // namespace cusim::ps
