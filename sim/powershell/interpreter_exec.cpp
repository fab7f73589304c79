// Statements, pipelines, commands and parameter binding (PowerShell Language Specification 3.0,
// chapter 8, and about_Parameters, about_Splatting, about_Redirection, about_Try_Catch_Finally).
#include <fmt/format.h>

#include <algorithm>

#include "sim/core/text.hpp"
#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/powershell/file_text.hpp"
#include "sim/powershell/interpreter_impl.hpp"
#include "sim/powershell/members.hpp"

namespace cusim::ps {

int call_depth_limit();

namespace {

// break/continue name their loop by a bare word (spec 8.5.1); a computed label is not modelled.
std::string label_of(Interpreter& in, const FlowControl& f) {
    if (!f.label) return "";
    if (f.label->kind != NodeKind::string_constant) in.not_modelled("a break or continue label that is not a word");
    return lower_name(static_cast<const StringConstantExpr&>(*f.label).value);
}

bool label_matches(const std::string& signal, const std::string& loop) { return signal.empty() || lower_name(loop) == signal; }

bool to_null(const Redirection& r) {
    return r.target && r.target->kind == NodeKind::variable && iequals(static_cast<const VariableExpr&>(*r.target).name, "null");
}

}  // namespace

// ---------------------------------------------------------------- statements

void Interpreter::Impl::exec_block(const std::vector<StmtPtr>& statements, Array& out) {
    bool trap_here = std::any_of(statements.begin(), statements.end(),
                                 [](const StmtPtr& s) { return s->kind == NodeKind::trap_statement; });
    frames.push_back({&statements, 0});
    struct Pop {
        std::vector<Frame>& f;
        ~Pop() { f.pop_back(); }
    } pop{frames};
    for (size_t i = 0; i < statements.size(); ++i) {
        frames.back().index = i;
        try {
            exec_statement(*statements[i], out);
        } catch (RuntimeError& e) {
            if (trap_here) {
                TrapOutcome t = run_trap(statements, e, out);
                if (t == TrapOutcome::stop) throw;
                if (t == TrapOutcome::go_on) continue;
            }
            // Inside a try, the try's catch takes it; a script-terminating error goes up.
            if (e.script_terminating || try_depth > 0) throw;
            // A statement-terminating error ends this statement only (about_Throw).
            statement_failed(e.record);
        }
    }
}

Interpreter::Impl::TrapOutcome Interpreter::Impl::run_trap(const std::vector<StmtPtr>& block, const RuntimeError& e, Array& out) {
    // about_Trap: the first trap of the block whose type the error is (or that names none) runs with
    // $_; `break` in it passes the error on, `continue` goes on quietly, otherwise the error is shown
    // and the block goes on. Either way the trap has handled it.
    for (auto& st : block) {
        if (st->kind != NodeKind::trap_statement) continue;
        auto& trap = static_cast<const TrapStatement&>(*st);
        if (trap.has_type && !value_is_type(PsValue(ObjectPtr(std::make_shared<ExceptionObject>(e.record))), trap.type.name).value_or(false))
            continue;
        add_to_error_list(e.record);
        scopes.emplace_back();
        scopes.back()["_"] = PsValue(ObjectPtr(std::make_shared<ErrorRecordObject>(e.record)));
        TrapOutcome outcome = TrapOutcome::go_on;
        bool quiet = false;
        try {
            exec_block(trap.body->statements, out);
        } catch (BreakSignal&) {
            outcome = TrapOutcome::stop;
        } catch (ContinueSignal&) {
            quiet = true;
        } catch (...) {
            scopes.pop_back();
            throw;
        }
        scopes.pop_back();
        if (outcome == TrapOutcome::go_on && !quiet) console += format_error_record(e.record);
        return outcome;
    }
    return TrapOutcome::none;
}

void Interpreter::Impl::statement_failed(const ErrorRecord& e) {
    add_to_error_list(e);
    failed = true;
    dollar_question = false;
    if (!stderr_suppressed) show_error(e, false);
}

void Interpreter::Impl::exec_statement(const Stmt& s, Array& out) {
    AtNode here(current, &s);
    switch (s.kind) {
        case NodeKind::pipeline: {
            Array r = run_pipeline(static_cast<const Pipeline&>(s));
            for (auto& v : r) out.push_back(std::move(v));
            return;
        }
        case NodeKind::assignment: return exec_assignment(static_cast<const Assignment&>(s), nullptr);
        case NodeKind::if_statement: return exec_if(static_cast<const IfStatement&>(s), out);
        case NodeKind::foreach_statement: return exec_foreach(static_cast<const ForEachStatement&>(s), out);
        case NodeKind::for_statement: {
            auto& f = static_cast<const ForStatement&>(s);
            if (f.initializer) {
                Array ignored;
                exec_statement(*f.initializer, ignored);
            }
            return exec_loop(f.label, [&] { return !f.condition || to_bool(statement_value(*f.condition)); }, f.iterator.get(), *f.body,
                             out, true, false);
        }
        case NodeKind::while_statement: {
            auto& w = static_cast<const WhileStatement&>(s);
            return exec_loop(w.label, [&] { return to_bool(statement_value(*w.condition)); }, nullptr, *w.body, out, true, false);
        }
        case NodeKind::do_statement: {
            auto& d = static_cast<const DoStatement&>(s);
            return exec_loop(d.label, [&] { return to_bool(statement_value(*d.condition)); }, nullptr, *d.body, out, false, d.until);
        }
        case NodeKind::switch_statement: return exec_switch(static_cast<const SwitchStatement&>(s), out);
        case NodeKind::flow_control: return exec_flow(static_cast<const FlowControl&>(s), out);
        case NodeKind::try_statement: return exec_try(static_cast<const TryStatement&>(s), out);
        case NodeKind::trap_statement: return;  // handled by its block
        case NodeKind::function_definition: {
            auto& f = static_cast<const FunctionDefinition&>(s);
            functions[lower_name(f.name)] = {&f, owner, source};
            return;
        }
        case NodeKind::statement_block: return exec_block(static_cast<const StatementBlock&>(s).statements, out);
        default: self.not_modelled("this statement");
    }
}

void Interpreter::Impl::exec_assignment(const Assignment& a, Array*) {
    const Expr* target = a.target.get();
    // [int]$x = ... : the value converted (the constraint on later assignments is not kept).
    std::string cast;
    bool cast_array = false;
    if (target->kind == NodeKind::convert) {
        auto& c = static_cast<const ConvertExpr&>(*target);
        cast = c.type.name;
        cast_array = !c.type.array_ranks.empty();
        target = c.operand.get();
    }
    PsValue value = statement_value(*a.value);
    if (a.op != "=") {
        PsValue old = eval(*target);
        std::string op = a.op.substr(0, 1);
        current = &a;
        auto r = apply_binary(op, old, value, *this);
        if (!r) self.not_modelled("the operator " + a.op);
        value = std::move(*r);
    }
    if (!cast.empty()) {
        auto c = convert_to_type(value, cast, cast_array, *this);
        if (!c) self.not_modelled("a conversion to [" + cast + "]");
        value = std::move(*c);
    }
    current = &a;
    switch (target->kind) {
        case NodeKind::variable: return assign_variable(static_cast<const VariableExpr&>(*target), std::move(value));
        case NodeKind::member: {
            auto& m = static_cast<const MemberExpr&>(*target);
            if (m.is_static) self.not_modelled("assigning a static member");
            PsValue obj = eval(*m.target);
            std::string name = member_name(*m.member);
            current = &a;
            if (obj.is_hashtable()) {
                obj.as_hashtable()->set(PsValue(name), std::move(value));
                return;
            }
            if (obj.is_object()) {
                if (obj.as_object()->set_property(name, value)) return;
                if (obj.as_object()->type_name() == "System.Management.Automation.PSCustomObject")
                    self.throw_error(fmt::format("The property '{}' cannot be found on this object. Verify that the property exists "
                                                 "and can be set.", name), "PropertyAssignmentException");
                self.not_modelled(fmt::format("setting the property {} of [{}]", name, obj.as_object()->type_name()));
            }
            if (obj.is_null()) self.throw_error(fmt::format("The property '{}' cannot be found on this object. Verify that the property "
                                                            "exists and can be set.", name), "PropertyNotFound");
            self.not_modelled(fmt::format("setting the property {} of [{}]", name, type_name_of(obj)));
        }
        case NodeKind::index: {
            auto& ix = static_cast<const IndexExpr&>(*target);
            PsValue obj = eval(*ix.target);
            PsValue index = eval(*ix.index);
            current = &a;
            if (obj.is_hashtable()) {
                obj.as_hashtable()->set(index, std::move(value));
                return;
            }
            if (obj.is_array()) {
                auto n = to_number(index);
                auto& arr = *obj.as_array();
                long long k = n && n->is_int() ? n->as_int() : -1;
                if (k < 0) k += (long long)arr.size();
                if (k < 0 || k >= (long long)arr.size())
                    self.throw_error("Index was outside the bounds of the array.", "System.IndexOutOfRangeException");
                arr[size_t(k)] = std::move(value);
                return;
            }
            if (obj.is_null()) self.throw_error("Cannot index into a null array.", "NullArray");
            self.not_modelled("assigning an element of [" + type_name_of(obj) + "]");
        }
        case NodeKind::array_literal: {
            // $a, $b = 1, 2, 3: the last variable takes the rest (about_Assignment_Operators).
            auto& targets = static_cast<const ArrayLiteralExpr&>(*target).elements;
            Array items = enumerate(value);
            for (size_t i = 0; i < targets.size(); ++i) {
                if (targets[i]->kind != NodeKind::variable) self.not_modelled("this assignment target");
                PsValue v;
                if (i + 1 == targets.size() && items.size() > targets.size())
                    v = make_array(Array(items.begin() + long(i), items.end()));
                else if (i < items.size())
                    v = items[i];
                assign_variable(static_cast<const VariableExpr&>(*targets[i]), std::move(v));
            }
            return;
        }
        default: self.not_modelled("this assignment target");
    }
}

void Interpreter::Impl::exec_if(const IfStatement& s, Array& out) {
    for (auto& c : s.clauses)
        if (to_bool(statement_value(*c.condition))) return exec_block(c.body->statements, out);
    if (s.else_body) exec_block(s.else_body->statements, out);
}

bool Interpreter::Impl::loop_body(const std::string& label, const StatementBlock& body, Array& out) {
    try {
        exec_block(body.statements, out);
    } catch (BreakSignal& b) {
        if (label_matches(b.label, label)) return false;
        throw;
    } catch (ContinueSignal& c) {
        if (!label_matches(c.label, label)) throw;
    }
    return true;
}

void Interpreter::Impl::exec_foreach(const ForEachStatement& s, Array& out) {
    // Spec 8.4.4: the collection is worked out once, then each element in turn.
    Array items = enumerate(statement_value(*s.iterable));
    for (auto& item : items) {
        assign_variable(*s.variable, item);
        if (!loop_body(s.label, *s.body, out)) break;
    }
}

void Interpreter::Impl::exec_loop(const std::string& label, const std::function<bool()>& condition, const Stmt* iterator,
                                  const StatementBlock& body, Array& out, bool test_first, bool until) {
    // The simulator bounds every loop: a script that spins (waiting for a service that never
    // starts) stops with an error instead of hanging the run.
    constexpr long long max_iterations = 1'000'000;
    for (long long n = 0;; ++n) {
        if (n >= max_iterations) self.not_modelled("a loop of more than 1,000,000 iterations");
        if (test_first && !condition()) break;
        if (!loop_body(label, body, out)) break;
        if (iterator) {
            Array ignored;
            exec_statement(*iterator, ignored);
        }
        if (!test_first) {
            bool c = condition();
            if (until ? c : !c) break;
        }
    }
}

void Interpreter::Impl::exec_switch(const SwitchStatement& s, Array& out) {
    if (s.parallel) self.not_modelled("switch -Parallel");
    Array items;
    if (s.file) {
        // switch -File: each line of the file is a value (about_Switch). A file that cannot be read
        // is a terminating error (INFERRED wording, PowerShell's ParserStrings.FileReadError).
        std::string path = to_string(eval(*s.file));
        auto text = read_host_file(self, path);
        if (!text) self.throw_error(fmt::format("The file could not be read: Could not find file '{}'.", path), "FileReadError");
        for (auto& line : file_lines(*text)) items.push_back(PsValue(line));
    } else {
        items = enumerate(statement_value(*s.condition));
        if (items.empty() && !statement_value(*s.condition).is_array()) items.push_back(PsValue());
    }
    for (auto& item : items) {
        bool matched = false;
        scopes.back()["_"] = item;
        try {
            for (auto& c : s.clauses) {
                bool hit;
                if (c.condition->kind == NodeKind::script_block_expression) {
                    PsValue sb = eval(*c.condition);
                    hit = to_bool(collapse(self.invoke_block(*sb.as_scriptblock(), item)));
                } else {
                    PsValue want = eval(*c.condition);
                    if (s.regex) hit = to_bool(*apply_binary(s.case_sensitive ? "-cmatch" : "-match", PsValue(to_string(item)), want, *this));
                    else if (s.wildcard) hit = to_bool(*apply_binary(s.case_sensitive ? "-clike" : "-like", PsValue(to_string(item)), want, *this));
                    else hit = ps_equals(item, want, s.case_sensitive);
                }
                if (!hit) continue;
                matched = true;
                scopes.back()["_"] = item;
                exec_block(c.body->statements, out);
            }
            if (!matched && s.default_body) exec_block(s.default_body->statements, out);
        } catch (BreakSignal& b) {
            if (label_matches(b.label, s.label)) return;
            throw;
        } catch (ContinueSignal& c) {
            if (!label_matches(c.label, s.label)) throw;
        }
    }
}

void Interpreter::Impl::exec_flow(const FlowControl& f, Array& out) {
    switch (f.flow) {
        case FlowControl::Kind::break_: throw BreakSignal{label_of(self, f)};
        case FlowControl::Kind::continue_: throw ContinueSignal{label_of(self, f)};
        case FlowControl::Kind::return_:
            if (f.pipeline) exec_statement(*f.pipeline, out);
            throw ReturnSignal{};
        case FlowControl::Kind::exit: {
            int code = 0;
            if (f.pipeline) {
                auto n = to_number(statement_value(*f.pipeline));
                code = n && n->is_int() ? int(n->as_int()) : 0;
            }
            scopes[0]["lastexitcode"] = PsValue(code);
            throw ExitRequested{code};
        }
        case FlowControl::Kind::throw_: {
            PsValue v = f.pipeline ? statement_value(*f.pipeline) : PsValue();
            current = &f;
            if (v.is_object() && v.as_object()->type_name() == "System.Management.Automation.ErrorRecord")
                throw RuntimeError(static_cast<const ErrorRecordObject&>(*v.as_object()).record, true);
            ErrorRecord e;
            // `throw "text"`: a RuntimeException whose message and error id are the text (about_Throw).
            e.message = v.is_null() ? "ScriptHalted" : to_string(v);
            e.error_id = e.message;
            e.category = fmt::format("OperationStopped: ({}:{}) [], RuntimeException", e.message.substr(0, 20),
                                     v.is_null() ? "" : type_name_of(v).substr(7));
            e.target = v;
            place(e, &f);
            throw RuntimeError(std::move(e), true);
        }
    }
}

namespace {

// A catch clause's types match the exception type or one of its bases (about_Try_Catch_Finally).
bool catch_matches(const std::vector<TypeName>& types, const ErrorRecord& e) {
    if (types.empty()) return true;
    std::string actual = lower_name(e.exception_type);
    for (auto& t : types) {
        std::string want = lower_name(t.name);
        if (want.rfind("system.", 0) != 0) want = "system." + want;
        if (want == actual || want == "system.exception") return true;
        // Every error of the engine and of cmdlets derives from RuntimeException here.
        if (want == "system.management.automation.runtimeexception" &&
            actual.rfind("system.management.automation.", 0) == 0)
            return true;
        if (want == "system.systemexception" && actual.find("cryptographicexception") == std::string::npos) return true;
    }
    return false;
}

}  // namespace

void Interpreter::Impl::exec_try(const TryStatement& t, Array& out) {
    auto run_finally = [&] {
        if (t.finally_body) exec_block(t.finally_body->statements, out);
    };
    try {
        ++try_depth;
        struct Leave {
            int& d;
            bool left = false;
            void leave() {
                if (!left) --d;
                left = true;
            }
            ~Leave() { leave(); }
        } leave{try_depth};
        try {
            exec_block(t.body->statements, out);
        } catch (...) {
            leave.leave();
            throw;
        }
    } catch (RuntimeError& e) {
        add_to_error_list(e.record);
        for (auto& c : t.catches) {
            if (!catch_matches(c.types, e.record)) continue;
            scopes.back()["_"] = PsValue(ObjectPtr(std::make_shared<ErrorRecordObject>(e.record)));
            try {
                exec_block(c.body->statements, out);
            } catch (...) {
                run_finally();
                throw;
            }
            run_finally();
            return;
        }
        run_finally();
        throw;
    } catch (...) {
        run_finally();
        throw;
    }
    run_finally();
}

// ---------------------------------------------------------------- pipelines

Array Interpreter::Impl::run_pipeline(const Pipeline& p) {
    // $? is the success of the last pipeline (about_Automatic_Variables): read while this one
    // runs, set when it ends.
    bool outer_failed = failed;
    failed = false;
    struct SetQuestion {
        Interpreter::Impl& im;
        bool outer;
        ~SetQuestion() {
            im.dollar_question = !im.failed;
            im.failed = outer || im.failed;
        }
    } set_question{*this, outer_failed};
    Array input;
    bool has_input = false;
    for (auto& el : p.elements) {
        current = el.get();
        if (el->kind == NodeKind::command_expression) {
            auto& ce = static_cast<const CommandExpression&>(*el);
            bool discard = false;
            const Redirection* file = file_redirection(ce.redirections);
            current = el.get();
            for (auto& r : ce.redirections) {
                if (r.get() == file) continue;
                if (r->merge_to || !to_null(*r)) self.not_modelled("this redirection");
                if (r->from == '1' || r->from == '*') discard = true;
            }
            PsValue v = eval(*ce.expression);
            // $i++ or ++$i as a statement writes nothing (spec 7.1.5: the value is discarded).
            auto k = ce.expression->kind;
            if (p.elements.size() == 1 && (k == NodeKind::postfix ||
                                           (k == NodeKind::unary && (static_cast<const UnaryExpr&>(*ce.expression).op == "++" ||
                                                                     static_cast<const UnaryExpr&>(*ce.expression).op == "--"))))
                discard = true;
            input = discard ? Array{} : enumerate(v);
            if (file) {
                // "text" > FILE, $lines >> FILE: the value goes to the file, not down the pipeline.
                redirect_to_file(*file, input);
                input.clear();
            }
            has_input = true;
            continue;
        }
        input = invoke_command(static_cast<const CommandAst&>(*el), std::move(input), has_input);
        has_input = true;
    }
    return input;
}

std::vector<RawArgument> Interpreter::Impl::raw_arguments(const CommandAst& c) {
    std::vector<RawArgument> args;
    for (size_t i = 1; i < c.elements.size(); ++i) {
        const Node& n = *c.elements[i];
        RawArgument r;
        r.node = &n;
        if (n.kind == NodeKind::command_parameter) {
            auto& p = static_cast<const CommandParameter&>(n);
            r.is_parameter = true;
            r.name = p.name;
            if (p.argument) {
                r.has_value = true;
                r.value = eval(*p.argument);
            }
        } else if (n.kind == NodeKind::variable && static_cast<const VariableExpr&>(n).splatted) {
            auto& v = static_cast<const VariableExpr&>(n);
            PsValue table = read_var(v.name, v.scope);
            if (table.is_hashtable()) {
                // @params: each key a parameter, each value its argument (about_Splatting).
                for (auto& [k, value] : table.as_hashtable()->entries) {
                    RawArgument s;
                    s.is_parameter = true;
                    s.name = to_string(k);
                    s.has_value = true;
                    s.value = value;
                    s.splatted_hashtable = true;
                    s.node = &n;
                    args.push_back(std::move(s));
                }
                continue;
            }
            for (auto& item : enumerate(table)) {
                RawArgument s;
                s.has_value = true;
                s.value = item;
                s.node = &n;
                args.push_back(std::move(s));
            }
            continue;
        } else {
            r.has_value = true;
            r.value = eval(static_cast<const Expr&>(n));
        }
        args.push_back(std::move(r));
    }
    return args;
}

const Redirection* Interpreter::Impl::file_redirection(const std::vector<RedirectionPtr>& redirections) {
    const Redirection* file = nullptr;
    for (auto& r : redirections) {
        if (r->merge_to || !r->target || to_null(*r)) continue;
        current = r.get();
        // `> FILE` and `>> FILE` send the output to Out-File (about_Redirection); the error and other
        // streams to a file are not modelled, nor two files.
        if (r->from != '1') self.not_modelled(fmt::format("the redirection {}> to a file", r->from));
        if (file) self.not_modelled("two redirections to files");
        file = r.get();
    }
    // 2>&1 with a file sends the errors there too (about_Redirection): not modelled.
    if (file)
        for (auto& r : redirections)
            if (r->merge_to) {
                current = r.get();
                self.not_modelled("2>&1 with a redirection to a file");
            }
    return file;
}

// about_Redirection: `> FILE` is `| Out-File FILE` and `>> FILE` `| Out-File FILE -Append`, so the
// file is UTF-16LE with a BOM in 5.1 (about_Character_Encoding). With no output, Out-File in a
// redirection opens the file and writes nothing (Out-File.cs: EndProcessing returns when
// ProcessRecord never ran, and the StreamWriter holding the BOM is never flushed): an empty file.
void Interpreter::Impl::redirect_to_file(const Redirection& r, const Array& output) {
    current = &r;
    std::string path = to_string(eval(*r.target));
    current = &r;
    if (what_if_preference()) self.not_modelled("a redirection to a file while $WhatIfPreference is $true");
    if (output.empty()) {
        try {
            if (!self.host().write_file(path, "", r.append))
                self.throw_error(fmt::format("Could not find a part of the path '{}'.", self.host().full_path(path)),
                                 "FileOpenFailure,Microsoft.PowerShell.Commands.OutFileCommand", "System.IO.DirectoryNotFoundException");
        } catch (const NotModelled& n) {
            if (!n.file.empty()) throw;
            self.not_modelled(n.what());
        }
        return;
    }
    const HostCommand& out_file = builtins.at("out-file");
    CommandCall call{out_file, self, "Out-File", {}, {}, {}, {}, {}, 0, false};
    out_file_text(call, path, output, r.append, FileEncoding::utf16le);
}

// `. .\helpers.ps1`, `. "$PSScriptRoot\helpers.ps1"`: the file's statements run in the caller's
// scope, so the functions and variables it defines stay (about_Scripts, "Script scope and dot
// sourcing"); its errors name its own file and line. The file is one the host lets a script read
// (the script's own folder); a missing one is PowerShell's CommandNotFoundException.
Array Interpreter::Impl::dot_source(const std::string& path, const CommandAst& c) {
    current = &c;
    if (c.elements.size() > 1) self.not_modelled("dot sourcing " + path + " with arguments");
    auto text = read_host_file(self, path);
    if (!text) {
        ErrorRecord e;
        e.message = fmt::format("The term '{}' is not recognized as the name of a cmdlet, function, script file, or operable program. "
                                "Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
                                path);
        e.category = fmt::format("ObjectNotFound: ({}:String) [], CommandNotFoundException", path);
        e.error_id = "CommandNotFoundException";
        e.exception_type = "System.Management.Automation.CommandNotFoundException";
        self.raise(std::move(e));
    }
    std::string lf;
    for (char ch : *text)
        if (ch != '\r') lf += ch;
    auto parsed = std::make_shared<const ParsedScript>(parse_script(self.host().full_path(path), std::move(lf)));
    if (!parsed->ok()) self.not_modelled("dot sourcing " + path + ", which does not parse:\n" + parsed->error_text());
    if (parsed->script->param_block || parsed->script->named_blocks)
        self.not_modelled("dot sourcing " + path + " (a script with param() or begin/process/end blocks)");
    const SourceText* saved_source = source;
    auto saved_owner = owner;
    source = parsed->source.get();
    owner = parsed;
    struct Restore {
        Interpreter::Impl& im;
        const SourceText* s;
        std::shared_ptr<const ParsedScript> o;
        ~Restore() {
            im.source = s;
            im.owner = o;
        }
    } restore{*this, saved_source, saved_owner};
    Array out;
    if (parsed->script->end_block) {
        try {
            exec_block(parsed->script->end_block->statements, out);
        } catch (ReturnSignal&) {
        }
    }
    return out;
}

Array Interpreter::Impl::invoke_command(const CommandAst& c, Array input, bool has_input) {
    current = &c;
    const Redirection* file = file_redirection(c.redirections);
    if (!file) return invoke_command_body(c, std::move(input), has_input, nullptr);
    Array out = invoke_command_body(c, std::move(input), has_input, file);
    redirect_to_file(*file, out);
    return {};
}

Array Interpreter::Impl::invoke_command_body(const CommandAst& c, Array input, bool has_input, const Redirection* file) {
    current = &c;
    // Redirections: to $null, 2>&1 (the errors join the output), and the output to a file (invoke_command).
    int suppress = 0;
    bool discard_output = false;
    for (auto& r : c.redirections) {
        if (r.get() == file) continue;
        if (r->merge_to) {
            if (r->from == '2' && r->merge_to == '1') continue;  // errors still reach the console here
            self.not_modelled("this redirection");
        }
        if (!r->target || r->target->kind != NodeKind::variable || !iequals(static_cast<const VariableExpr&>(*r->target).name, "null"))
            self.not_modelled("a redirection to a file");
        if (r->from == '1') discard_output = true;
        else if (r->from == '*') discard_output = true, suppress = 1;
        else if (r->from == '2') suppress = 1;
    }
    stderr_suppressed += suppress;
    struct Unsuppress {
        int& n;
        int k;
        ~Unsuppress() { n -= k; }
    } unsuppress{stderr_suppressed, suppress};

    const Node& name_node = *c.elements[0];
    std::string name;
    if (c.invocation != CommandAst::Invocation::none || name_node.kind != NodeKind::string_constant) {
        PsValue target = eval(static_cast<const Expr&>(name_node));
        if (target.is_scriptblock()) {
            Array out = call_script_block(*target.as_scriptblock(), raw_arguments(c), std::move(input), has_input,
                                          c.invocation == CommandAst::Invocation::dot);
            return discard_output ? Array{} : out;
        }
        name = to_string(target);
        if (c.invocation == CommandAst::Invocation::dot) {
            std::string key = command_key_of(name);
            if (key == "remoteexchange.ps1" || key == "remoteexchange") {
                // ". $env:ExchangeInstallPath\bin\RemoteExchange.ps1; Connect-ExchangeServer -auto": EMS in a plain shell.
                if (const HostCommand* h = self.host().find_command("remoteexchange.ps1"))
                    return call_host(*h, name, raw_arguments(c), std::move(input), has_input, c);
            }
            if (key.size() > 4 && key.compare(key.size() - 4, 4, ".ps1") == 0) {
                Array out = dot_source(name, c);
                return discard_output ? Array{} : out;
            }
            self.not_modelled("dot sourcing " + name);
        }
    } else {
        name = static_cast<const StringConstantExpr&>(name_node).value;
    }
    std::string key = command_key_of(name);
    if (auto a = aliases().find(key); a != aliases().end() && !functions.count(key)) key = a->second;
    Array out;
    if (auto f = functions.find(key); f != functions.end()) {
        out = call_function(f->second, name, raw_arguments(c), std::move(input), has_input);
    } else if (auto b = builtins.find(key); b != builtins.end()) {
        out = call_host(b->second, name, raw_arguments(c), std::move(input), has_input, c);
    } else if (const HostCommand* h = self.host().find_command(key)) {
        out = call_host(*h, name, raw_arguments(c), std::move(input), has_input, c);
    } else {
        current = &c;
        self.not_modelled("the command '" + name + "'");
    }
    return discard_output ? Array{} : out;
}

namespace {

// Resolves a parameter as written (-Thumb) to the command's (thumbprint): the exact name, or the
// only one it begins (about_Parameters: "you can abbreviate a parameter name"). "" when none.
std::string resolve_parameter(const std::set<std::string>& params, const std::string& written, std::string& ambiguous) {
    std::string w = lower_name(written);
    if (params.count(w)) return w;
    std::vector<std::string> hits;
    for (auto& p : params)
        if (p.rfind(w, 0) == 0) hits.push_back(p);
    if (hits.size() == 1) return hits[0];
    if (hits.size() > 1) ambiguous = join(hits, ", ");
    return "";
}

}  // namespace

Array Interpreter::Impl::call_host(const HostCommand& cmd, const std::string& invoked_as, std::vector<RawArgument> args, Array input,
                                   bool has_input, const CommandAst& c) {
    CommandCall call{cmd, self, invoked_as, {}, {}, {}, std::move(input), {}, 0, false};
    if (cmd.native) {
        // A native program gets its arguments as strings (about_Parsing): -name stays text.
        for (auto& a : args) {
            if (a.is_parameter) {
                call.native_args.push_back("-" + a.name + (a.has_value ? ":" + to_string(a.value) : ""));
                continue;
            }
            for (auto& item : a.value.is_array() ? *a.value.as_array() : Array{a.value}) {
                // Windows PowerShell 5.1 (the "Legacy" argument passing of later versions) drops an
                // argument that is $null or empty: `certutil -store my $t` with $t unset is
                // `certutil -store my` (github.com/PowerShell/PowerShell/pull/16639,
                // $PSNativeCommandArgumentPassing in about_Preference_Variables).
                std::string text = to_string(item);
                if (!text.empty()) call.native_args.push_back(std::move(text));
            }
        }
        current = &c;
        cmd.run(call);
        scopes[0]["lastexitcode"] = PsValue(call.exit_code);
        if (call.exit_code != 0) failed = true;
        if (call.exit_code != 0 && !outcome_checked()) {
            // A native program that failed, and the script never looks at $LASTEXITCODE or $?.
            std::string text;
            for (auto& o : call.output) text += to_string(o) + "\n";
            std::string first = text.substr(0, text.find('\n'));
            unhandled.push_back({text, first.empty() ? fmt::format("{} exited with code {}", invoked_as, call.exit_code) : first,
                                 c.pos.line});
        }
        return std::move(call.output);
    }
    std::set<std::string> all = cmd.parameters;
    for (auto& s : cmd.switches) all.insert(s);
    size_t positional_index = 0;
    for (size_t i = 0; i < args.size(); ++i) {
        RawArgument& a = args[i];
        current = a.node ? a.node : &c;
        if (!a.is_parameter) {
            // Bound by position to the next positional parameter not yet named.
            while (positional_index < cmd.positional.size() && call.named.count(cmd.positional[positional_index])) ++positional_index;
            if (positional_index < cmd.positional.size()) call.named[cmd.positional[positional_index++]] = a.value;
            else call.positional.push_back(a.value);
            continue;
        }
        std::string ambiguous;
        std::string p = resolve_parameter(all, a.name, ambiguous);
        if (p.empty()) {
            if (auto common = common_parameter(lower_name(a.name))) {
                p = *common;
                // A cmdlet without ShouldProcess has no -WhatIf: PowerShell's binding error; one
                // the simulator does not know is refused.
                if (p == "whatif" && cmd.what_if == WhatIfSupport::not_modelled) self.not_modelled(cmd.name + " -WhatIf");
                // The FullyQualifiedErrorId names the cmdlet's .NET class, which the simulator does not know.
                if (p == "whatif" && cmd.what_if == WhatIfSupport::absent) parameter_not_found(cmd.name, a.name, "");
                if (p == "errorvariable" || p == "outvariable" || p == "warningvariable" || p == "pipelinevariable" || p == "outbuffer")
                    self.not_modelled("the common parameter -" + a.name);
            } else if (!ambiguous.empty()) {
                self.throw_error(fmt::format("Parameter cannot be processed because the parameter name '{}' is ambiguous. Possible "
                                             "matches include: {}.", a.name, ambiguous), "AmbiguousParameter," + cmd.name);
            } else {
                self.not_modelled(fmt::format("{} -{}", cmd.name, a.name));
            }
        }
        bool is_switch = cmd.switches.count(p) || p == "verbose" || p == "debug" || p == "whatif" || p == "confirm";
        if (a.has_value) {
            call.named[p] = a.value;
        } else if (is_switch) {
            call.named[p] = PsValue(true);
        } else if (i + 1 < args.size() && !args[i + 1].is_parameter) {
            call.named[p] = args[++i].value;
        } else {
            self.throw_error(fmt::format("Missing an argument for parameter '{}'. Specify a parameter of type 'System.Object' and try "
                                         "again.", a.name), "MissingArgument," + cmd.name);
        }
    }
    current = &c;
    if (const PsValue* ea = call.get("erroraction"))
        if (!parse_error_action(to_string(*ea)))
            self.throw_error(fmt::format("Cannot bind parameter 'ErrorAction'. Cannot convert value \"{}\" to type "
                                         "\"System.Management.Automation.ActionPreference\".", to_string(*ea)),
                             "CannotConvertArgumentNoMessage," + cmd.name);
    // -WhatIf, or else $WhatIfPreference (about_Preference_Variables): only a cmdlet that supports
    // ShouldProcess looks at it; -WhatIf:$false runs the command even while the preference is set.
    if (call.has("whatif")) {
        call.whatif = to_bool(*call.get("whatif"));
        call.named.erase("whatif");
    } else if (what_if_preference()) {
        if (cmd.what_if == WhatIfSupport::not_modelled) self.not_modelled(cmd.name + " while $WhatIfPreference is $true");
        call.whatif = cmd.what_if == WhatIfSupport::modelled;
    }
    (void)has_input;
    cmd.run(call);
    return std::move(call.output);
}

Array Interpreter::Impl::call_function(const FunctionInfo& f, const std::string& name, std::vector<RawArgument> args, Array input,
                                       bool has_input) {
    std::vector<ParameterAst*> params;
    for (auto& p : f.def->parameters) params.push_back(p.get());
    if (f.def->body->param_block)
        for (auto& p : f.def->body->param_block->parameters) params.push_back(p.get());
    if (++depth > call_depth_limit()) {
        depth = 0;
        self.throw_error("The script failed due to call depth overflow.", "CallDepthOverflow");
    }
    scopes.emplace_back();
    // Errors inside the function name the file that defined it (a dot-sourced helper's).
    struct SourceAt {
        const SourceText*& s;
        const SourceText* saved;
        ~SourceAt() { s = saved; }
    } source_at{source, source};
    if (f.source) source = f.source;
    Array out;
    try {
        out = run_script_block_body(*f.def->body, params, std::move(args), std::move(input), has_input, name);
    } catch (ReturnSignal&) {
    } catch (...) {
        scopes.pop_back();
        --depth;
        throw;
    }
    scopes.pop_back();
    --depth;
    return out;
}

Array Interpreter::Impl::call_script_block(const ScriptBlockValue& b, std::vector<RawArgument> args, Array input, bool has_input,
                                           bool dot) {
    std::vector<ParameterAst*> params;
    if (b.block->param_block)
        for (auto& p : b.block->param_block->parameters) params.push_back(p.get());
    if (!dot) scopes.emplace_back();
    Array out;
    try {
        out = run_script_block_body(*b.block, params, std::move(args), std::move(input), has_input, "");
    } catch (ReturnSignal&) {
    } catch (...) {
        if (!dot) scopes.pop_back();
        throw;
    }
    if (!dot) scopes.pop_back();
    return out;
}

namespace {

struct ParamInfo {
    const ParameterAst* ast;
    std::string name;           // lower case
    std::string type;           // "" when untyped
    bool array_type = false;
    bool is_switch = false;
    bool mandatory = false;
    int position = -1;
    bool from_pipeline = false;
};

ParamInfo describe(const ParameterAst& p, Interpreter::Impl&) {
    ParamInfo info{&p, lower_name(p.variable->name), "", false, false, false, -1, false};
    for (auto& a : p.attributes) {
        if (a->is_type_constraint) {
            info.type = a->type.name;
            info.array_type = !a->type.array_ranks.empty();
            if (iequals(a->type.name, "switch") || iequals(a->type.name, "System.Management.Automation.SwitchParameter"))
                info.is_switch = true;
            continue;
        }
        if (!iequals(a->type.name, "Parameter")) continue;
        for (auto& n : a->named) {
            std::string key = lower_name(n.name);
            bool truth = !n.value || (n.value->kind == NodeKind::variable && iequals(static_cast<const VariableExpr&>(*n.value).name, "true"));
            if (key == "mandatory") info.mandatory = truth;
            if (key == "valuefrompipeline") info.from_pipeline = truth;
            if (key == "position" && n.value && n.value->kind == NodeKind::number)
                info.position = int(static_cast<const NumberExpr&>(*n.value).int_value);
        }
    }
    return info;
}

}  // namespace

namespace {

// $PSCmdlet of an advanced function or script: ShouldProcess(target) and ShouldProcess(target,
// operation) (https://learn.microsoft.com/en-us/dotnet/api/system.management.automation.cmdlet.shouldprocess):
// under $WhatIfPreference (the function's -WhatIf) the What if: line and $false; otherwise $true, as
// no confirmation is asked while $ConfirmPreference is High and the command's ConfirmImpact Medium
// (about_Preference_Variables). A confirmation prompt, and the other members, are not modelled.
class PSCmdletObject : public PsObject {
public:
    PSCmdletObject(std::string n, bool s) : name(std::move(n)), supports(s) {}
    std::string name;
    bool supports;
    std::string type_name() const override { return "System.Management.Automation.PSScriptCmdlet"; }
    std::vector<std::string> property_names() const override { return {}; }
    std::optional<PsValue> property(const std::string&) const override { return std::nullopt; }
    std::optional<PsValue> call(const std::string& method, const std::vector<PsValue>& args, Interpreter& in) override {
        if (!iequals(method, "ShouldProcess") || args.empty() || args.size() > 2) return std::nullopt;
        if (!supports) in.not_modelled("$PSCmdlet.ShouldProcess in " + name + ", which does not declare SupportsShouldProcess");
        std::string confirm = lower_name(ps::to_string(in.get_variable("confirmpreference")));
        if (confirm != "high" && confirm != "none") in.not_modelled("$PSCmdlet.ShouldProcess while $ConfirmPreference is " + confirm);
        if (!in.impl().what_if_preference()) return PsValue(true);
        std::string target = ps::to_string(args[0]);
        std::string operation = args.size() == 2 ? ps::to_string(args[1]) : name;
        in.write_console(fmt::format("What if: Performing the operation \"{}\" on target \"{}\".\n", operation, target));
        return PsValue(false);
    }
};

}  // namespace

Array Interpreter::Impl::run_script_block_body(const ScriptBlock& block, const std::vector<ParameterAst*>& params,
                                               std::vector<RawArgument> args, Array input, bool has_input, const std::string& name,
                                               const ParamBlock* attributes) {
    const ParamBlock* binding = attributes ? attributes : block.param_block.get();
    std::vector<ParamInfo> infos;
    std::set<std::string> names;
    for (auto* p : params) {
        infos.push_back(describe(*p, *this));
        names.insert(infos.back().name);
    }
    std::map<std::string, PsValue> bound;
    Array rest;
    for (size_t i = 0; i < args.size(); ++i) {
        RawArgument& a = args[i];
        if (!a.is_parameter) {
            rest.push_back(a.value);
            continue;
        }
        std::string ambiguous;
        std::string p = resolve_parameter(names, a.name, ambiguous);
        if (p.empty()) {
            if (common_parameter(lower_name(a.name))) {
                if (*common_parameter(lower_name(a.name)) == "whatif") {
                    // -WhatIf: a script or function with SupportsShouldProcess runs with $WhatIfPreference
                    // set, so the cmdlets it calls print What if: instead of acting; any other has no
                    // such parameter, and a simple function without param() gets it in $args
                    // (about_Functions_CmdletBindingAttribute, about_Functions_Advanced_Parameters).
                    if (supports_should_process(binding)) {
                        scopes.back()["whatifpreference"] = PsValue(a.has_value ? to_bool(a.value) : true);
                        continue;
                    }
                    if (params.empty() && !binding) {
                        rest.push_back(PsValue("-" + a.name));
                        continue;
                    }
                    current = a.node;
                    parameter_not_found(name, a.name, "NamedParameterNotFound," + name);
                }
                // An advanced function takes the common parameters; -ErrorAction is honoured for its body.
                if (lower_name(*common_parameter(lower_name(a.name))) == "erroraction") {
                    PsValue v = a.has_value ? a.value : (i + 1 < args.size() ? args[++i].value : PsValue());
                    scopes.back()["erroractionpreference"] = v;
                } else if (!a.has_value && i + 1 < args.size() && !args[i + 1].is_parameter &&
                           *common_parameter(lower_name(a.name)) != "verbose" && *common_parameter(lower_name(a.name)) != "whatif" &&
                           *common_parameter(lower_name(a.name)) != "confirm" && *common_parameter(lower_name(a.name)) != "debug") {
                    ++i;
                }
                continue;
            }
            current = a.node;
            if (!ambiguous.empty())
                self.throw_error(fmt::format("Parameter cannot be processed because the parameter name '{}' is ambiguous. Possible "
                                             "matches include: {}.", a.name, ambiguous), "AmbiguousParameter," + name);
            if (params.empty()) {
                rest.push_back(PsValue("-" + a.name));  // a simple function's $args keeps it as text
                continue;
            }
            self.throw_error(fmt::format("A parameter cannot be found that matches parameter name '{}'.", a.name),
                             "NamedParameterNotFound," + name);
        }
        auto& info = *std::find_if(infos.begin(), infos.end(), [&](auto& x) { return x.name == p; });
        if (a.has_value) bound[p] = a.value;
        else if (info.is_switch) bound[p] = PsValue(true);
        else if (i + 1 < args.size() && !args[i + 1].is_parameter) bound[p] = args[++i].value;
        else {
            current = a.node;
            self.throw_error(fmt::format("Missing an argument for parameter '{}'. Specify a parameter of type '{}' and try again.",
                                         a.name, info.type.empty() ? "System.Object" : full_type_name(info.type)),
                             "MissingArgument," + name);
        }
    }
    // Positional: explicit Position= first, in order, then declaration order (about_Functions).
    std::vector<ParamInfo*> positional;
    bool any_position = std::any_of(infos.begin(), infos.end(), [](auto& x) { return x.position >= 0; });
    for (auto& info : infos)
        if (!info.is_switch && (!any_position || info.position >= 0)) positional.push_back(&info);
    std::stable_sort(positional.begin(), positional.end(), [](auto* a, auto* b) { return a->position < b->position; });
    size_t next = 0;
    Array unbound;
    for (auto& v : rest) {
        while (next < positional.size() && bound.count(positional[next]->name)) ++next;
        if (next < positional.size()) bound[positional[next++]->name] = v;
        else unbound.push_back(v);
    }
    if (!unbound.empty() && !params.empty() && block.param_block)
        self.throw_error(fmt::format("A positional parameter cannot be found that accepts argument '{}'.", to_string(unbound[0])),
                         "PositionalParameterNotFound," + name);
    // Pipeline input to a ValueFromPipeline parameter is bound per object in the process block.
    const ParamInfo* pipeline_param = nullptr;
    for (auto& info : infos)
        if (info.from_pipeline) pipeline_param = &info;
    for (auto& info : infos) {
        PsValue v;
        if (auto b = bound.find(info.name); b != bound.end()) {
            v = b->second;
        } else if (info.ast->default_value) {
            v = eval(*info.ast->default_value);
        } else if (info.mandatory && !(pipeline_param == &info && has_input)) {
            ErrorRecord e;
            e.message = fmt::format("Cannot process command because of one or more missing mandatory parameters: {}.",
                                    info.ast->variable->name);
            e.category = fmt::format("InvalidArgument: (:) [{}], ParameterBindingException", name);
            e.error_id = "MissingMandatoryParameter," + name;
            self.raise(std::move(e));
        } else if (info.is_switch) {
            v = PsValue(false);
        }
        if (!info.type.empty() && !info.is_switch && !(v.is_null() && !bound.count(info.name))) {
            current = info.ast;
            auto c = convert_to_type(v, info.type, info.array_type, *this);
            if (!c) self.not_modelled("a parameter of type [" + info.type + "]");
            v = *c;
        }
        scopes.back()[info.name] = v;
    }
    scopes.back()["args"] = make_array(unbound);
    if (is_advanced(binding)) {
        std::string command = name.substr(name.find_last_of("\\/") == std::string::npos ? 0 : name.find_last_of("\\/") + 1);
        scopes.back()["pscmdlet"] = PsValue(ObjectPtr(std::make_shared<PSCmdletObject>(command, supports_should_process(binding))));
    }
    Array out;
    auto run = [&](const StatementBlock* b) {
        if (b) exec_block(b->statements, out);
    };
    try {
        if (!block.named_blocks) {
            if (has_input) scopes.back()["input"] = make_array(input);
            run(block.end_block.get());
            return out;
        }
        if (block.dynamicparam_block) self.not_modelled("dynamicparam");
        run(block.begin_block.get());
        if (block.process_block) {
            if (!has_input) {
                run(block.process_block.get());
            } else {
                for (auto& item : input) {
                    scopes.back()["_"] = item;
                    if (pipeline_param) scopes.back()[pipeline_param->name] = item;
                    run(block.process_block.get());
                }
            }
        }
        if (has_input && !block.process_block) scopes.back()["input"] = make_array(input);
        run(block.end_block.get());
    } catch (ReturnSignal&) {
    }
    return out;
}

}  // namespace cusim::ps
