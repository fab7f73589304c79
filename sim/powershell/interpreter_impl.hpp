#pragma once
// The engine's inner state, shared by its three files: interpreter.cpp (the public face, error
// records, top-level statements), interpreter_eval.cpp (expressions) and interpreter_exec.cpp
// (statements, pipelines, commands and parameter binding). Nothing outside sim/powershell
// includes it.
#include <functional>
#include <map>

#include "sim/powershell/builtin_cmdlets.hpp"
#include "sim/powershell/interpreter.hpp"
#include "sim/powershell/operators.hpp"
#include "sim/core/text.hpp"
#include <fmt/format.h>

namespace cusim::ps {

namespace detail {

// Flow control (spec 8.5) travels as exceptions through the evaluator.
struct BreakSignal {
    std::string label;
};
struct ContinueSignal {
    std::string label;
};
struct ReturnSignal {};

// $_ of a catch block and $Error's entries: an ErrorRecord object.
class ErrorRecordObject : public PsObject {
public:
    explicit ErrorRecordObject(ErrorRecord r) : record(std::move(r)) {}
    ErrorRecord record;
    std::string type_name() const override { return "System.Management.Automation.ErrorRecord"; }
    std::vector<std::string> property_names() const override {
        return {"Exception", "TargetObject", "CategoryInfo", "FullyQualifiedErrorId"};
    }
    std::optional<PsValue> property(const std::string& name) const override;
    std::string to_string() const override { return record.message; }
};

class ExceptionObject : public PsObject {
public:
    explicit ExceptionObject(ErrorRecord r) : record(std::move(r)) {}
    ErrorRecord record;
    std::string type_name() const override { return record.exception_type; }
    std::vector<std::string> base_type_names() const override { return {"System.Exception"}; }
    std::vector<std::string> property_names() const override { return {"Message"}; }
    std::optional<PsValue> property(const std::string& name) const override {
        if (iequals(name, "Message")) return PsValue(record.message);
        if (iequals(name, "InnerException")) return PsValue();
        return std::nullopt;
    }
    std::string to_string() const override { return record.exception_type + ": " + record.message; }
};

inline std::optional<PsValue> ErrorRecordObject::property(const std::string& name) const {
    if (iequals(name, "Exception")) return PsValue(ObjectPtr(std::make_shared<ExceptionObject>(record)));
    if (iequals(name, "TargetObject")) return record.target;
    if (iequals(name, "FullyQualifiedErrorId")) return PsValue(record.error_id);
    if (iequals(name, "CategoryInfo")) return PsValue(record.category);
    return std::nullopt;
}

inline std::string lower_name(std::string s) { return ascii_lower(std::move(s)); }

// Aliases of Windows PowerShell 5.1 (Get-Alias) for the commands the engine and hosts know.
inline const std::map<std::string, std::string>& aliases() {
    static const std::map<std::string, std::string> a = {
        {"?", "where-object"},   {"where", "where-object"},     {"%", "foreach-object"}, {"foreach", "foreach-object"},
        {"select", "select-object"}, {"sort", "sort-object"},  {"measure", "measure-object"}, {"group", "group-object"},
        {"fl", "format-list"},   {"ft", "format-table"},       {"echo", "write-output"}, {"write", "write-output"},
        {"dir", "get-childitem"}, {"ls", "get-childitem"},     {"gci", "get-childitem"}, {"gi", "get-item"},
        {"ri", "remove-item"},   {"del", "remove-item"},       {"rm", "remove-item"},    {"cls", "clear-host"},
        {"clear", "clear-host"}, {"gc", "get-content"},        {"cat", "get-content"},   {"type", "get-content"},
        {"sleep", "start-sleep"}, {"ipmo", "import-module"},   {"gcm", "get-command"},   {"cd", "set-location"},
        {"sl", "set-location"},  {"chdir", "set-location"},    {"pwd", "get-location"},  {"gl", "get-location"},
        {"oh", "out-host"},      {"sasv", "start-service"},    {"spsv", "stop-service"}, {"gsv", "get-service"},
        {"epcsv", "export-csv"}, {"iex", "invoke-expression"}, {"icm", "invoke-command"}, {"copy", "copy-item"},
        {"cp", "copy-item"},     {"ni", "new-item"},           {"sp", "set-itemproperty"}, {"gp", "get-itemproperty"}};
    return a;
}

// PowerShell's common parameters (about_CommonParameters) and their aliases.
inline std::optional<std::string> common_parameter(const std::string& n) {
    static const std::map<std::string, std::string> c = {
        {"erroraction", "erroraction"}, {"ea", "erroraction"}, {"warningaction", "warningaction"}, {"wa", "warningaction"},
        {"informationaction", "informationaction"}, {"infa", "informationaction"}, {"verbose", "verbose"}, {"vb", "verbose"},
        {"debug", "debug"}, {"db", "debug"}, {"whatif", "whatif"}, {"wi", "whatif"}, {"confirm", "confirm"}, {"cf", "confirm"},
        {"errorvariable", "errorvariable"}, {"ev", "errorvariable"}, {"outvariable", "outvariable"}, {"ov", "outvariable"},
        {"warningvariable", "warningvariable"}, {"wv", "warningvariable"}, {"outbuffer", "outbuffer"}, {"ob", "outbuffer"},
        {"pipelinevariable", "pipelinevariable"}, {"pv", "pipelinevariable"}};
    auto it = c.find(n);
    if (it == c.end()) return std::nullopt;
    return it->second;
}

inline std::optional<ErrorAction> parse_error_action(const std::string& s) {
    std::string l = lower_name(s);
    if (l == "stop") return ErrorAction::stop;
    if (l == "continue") return ErrorAction::continue_;
    if (l == "silentlycontinue") return ErrorAction::silently_continue;
    if (l == "ignore") return ErrorAction::ignore;
    if (l == "inquire") return ErrorAction::inquire;
    return std::nullopt;
}

struct FunctionInfo {
    const FunctionDefinition* def = nullptr;
    std::shared_ptr<const void> owner;
    const SourceText* source = nullptr;  // the file it was defined in (a dot-sourced one's errors name it)
};

// [CmdletBinding(SupportsShouldProcess)] or [CmdletBinding(SupportsShouldProcess = $true)]: the
// script or function takes -WhatIf and -Confirm (about_Functions_CmdletBindingAttribute).
inline bool supports_should_process(const ParamBlock* p) {
    if (!p) return false;
    for (auto& a : p->attributes) {
        if (!iequals(a->type.name, "CmdletBinding")) continue;
        for (auto& n : a->named)
            if (iequals(n.name, "SupportsShouldProcess"))
                return !n.value || (n.value->kind == NodeKind::variable && iequals(static_cast<const VariableExpr&>(*n.value).name, "true"));
    }
    return false;
}
// An advanced function or script ([CmdletBinding()] or a [Parameter()] attribute) takes the common
// parameters; a simple one does not (about_Functions_Advanced).
inline bool is_advanced(const ParamBlock* p) {
    if (!p) return false;
    for (auto& a : p->attributes)
        if (iequals(a->type.name, "CmdletBinding")) return true;
    for (auto& param : p->parameters)
        for (auto& a : param->attributes)
            if (!a->is_type_constraint && iequals(a->type.name, "Parameter")) return true;
    return false;
}

// An argument of a command as written, before it is bound: a parameter name (with its value when
// written -Name:value) or a value.
struct RawArgument {
    bool is_parameter = false;
    std::string name;            // as written, without '-'
    bool has_value = false;      // -Name:value, or a value
    PsValue value;
    bool splatted_hashtable = false;
    const Node* node = nullptr;
};

// Makes `n` the node errors are placed at while it runs, and the one before it again after.
struct AtNode {
    const Node*& current;
    const Node* saved;
    AtNode(const Node*& c, const Node* n) : current(c), saved(c) { current = n; }
    ~AtNode() { current = saved; }
    AtNode(const AtNode&) = delete;
    AtNode& operator=(const AtNode&) = delete;
};

}  // namespace detail

using namespace detail;

// ---------------------------------------------------------------- the engine's state

struct Interpreter::Impl : OperatorContext {
    Interpreter& self;
    std::vector<std::map<std::string, PsValue>> scopes;
    std::map<std::string, FunctionInfo> functions;
    std::string console;
    std::vector<UnhandledError> unhandled;
    std::shared_ptr<Array> errors = std::make_shared<Array>();
    const SourceText* source = nullptr;
    std::shared_ptr<const ParsedScript> owner;
    const Node* current = nullptr;       // the command or expression being run, for error positions
    struct Frame {
        const std::vector<StmtPtr>* block;
        std::size_t index;
    };
    std::vector<Frame> frames;
    int stderr_suppressed = 0;
    int try_depth = 0;
    bool failed = false;                 // an error or a failed native program in the pipeline running now
    bool dollar_question = true;         // $?                   // inside a try block: terminating errors go to its catch           // inside 2>$null / *>$null
    const std::map<std::string, HostCommand>& builtins = builtin_commands();
    int depth = 0;

    explicit Impl(Interpreter& s) : self(s) {
        scopes.emplace_back();
        auto& g = scopes[0];
        g["erroractionpreference"] = PsValue("Continue");
        g["warningpreference"] = PsValue("Continue");
        g["verbosepreference"] = PsValue("SilentlyContinue");
        g["debugpreference"] = PsValue("SilentlyContinue");
        g["confirmpreference"] = PsValue("High");
        g["whatifpreference"] = PsValue(false);
        g["ofs"] = PsValue(" ");
        g["lastexitcode"] = PsValue(0);
    }

    // ---- OperatorContext
    [[noreturn]] void error(const std::string& message, const std::string& error_id) override { self.throw_error(message, error_id); }
    [[noreturn]] void not_modelled(const std::string& what) override { self.not_modelled(what); }
    void set_matches(PsValue m) override { set_var("matches", std::move(m)); }

    // ---- variables
    PsValue* find_var(const std::string& name) {
        for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
            auto f = it->find(name);
            if (f != it->end()) return &f->second;
        }
        return nullptr;
    }
    void set_var(const std::string& name, PsValue v) { scopes.back()[name] = std::move(v); }

    PsValue read_variable(const VariableExpr& v) { return read_var(v.name, v.scope); }
    PsValue read_var(const std::string& written_name, const std::string& written_scope) {
        std::string scope_text = lower_name(written_scope);
        std::string name_text = lower_name(written_name);
        // Compared as views: against literals a std::string measures each one first (this runs
        // for every variable a script reads).
        std::string_view scope = scope_text, name = name_text;
        if (scope == "env") {
            // A variable the simulated server's environment does not model: on a real server it may
            // well be set, so $null would be a guess.
            auto e = self.host().environment(written_name);
            if (!e) self.not_modelled("$env:" + written_name);
            return PsValue(*e);
        }
        if (!scope.empty() && scope != "script" && scope != "global" && scope != "local" && scope != "private" && scope != "using")
            self.not_modelled(fmt::format("the variable ${}:{} (a drive's item as a variable)", written_scope, written_name));
        if (name == "true") return PsValue(true);
        if (name == "false") return PsValue(false);
        if (name == "null") return PsValue();
        if (name == "psitem") {
            name_text = "_";
            name = name_text;
        }
        if (name == "error") return PsValue(errors);
        if (name == "?") return PsValue(dollar_question);
        if (name == "pscommandpath") return PsValue(self.script_path());
        if (name == "psscriptroot") {
            auto p = self.script_path().find_last_of("\\/");
            return PsValue(p == std::string::npos ? std::string(".") : self.script_path().substr(0, p));
        }
        if (name == "host" || name == "executioncontext" || name == "myinvocation" || name == "psboundparameters" ||
            name == "pshome" || name == "profile" || name == "psversiontable" || name == "pscmdlet")
            if (!find_var(name_text)) self.not_modelled("$" + written_name);
        if (scope == "script" || scope == "global") {
            auto f = scopes[0].find(name_text);
            return f == scopes[0].end() ? PsValue() : f->second;
        }
        PsValue* p = find_var(name_text);
        return p ? *p : PsValue();
    }

    void assign_variable(const VariableExpr& v, PsValue value) {
        std::string scope_text = lower_name(v.scope);
        std::string name_text = lower_name(v.name);
        std::string_view scope = scope_text, name = name_text;
        if (scope == "env") self.not_modelled("setting $env:" + v.name);
        if (name == "true" || name == "false" || name == "null") {
            if (name == "null") return;  // $null = ... discards
            self.throw_error(fmt::format("Cannot overwrite variable {} because it is read-only or constant.", v.name), "VariableNotWritable");
        }
        if (name == "erroractionpreference" && !parse_error_action(to_string(value)))
            self.throw_error(fmt::format("Cannot convert value \"{}\" to type \"System.Management.Automation.ActionPreference\".",
                                         to_string(value)), "InvalidCastFromStringToEnum");
        if (scope == "script" || scope == "global") scopes[0][std::move(name_text)] = std::move(value);
        else scopes.back()[std::move(name_text)] = std::move(value);
    }

    // $WhatIfPreference as the innermost scope has it (a function run with -WhatIf sets its own).
    bool what_if_preference() {
        PsValue* v = find_var("whatifpreference");
        return v && to_bool(*v);
    }
    // PowerShell's binding error for a parameter the command does not have (about_Parameters).
    [[noreturn]] void parameter_not_found(const std::string& command, const std::string& written, const std::string& error_id) {
        ErrorRecord e;
        e.message = fmt::format("A parameter cannot be found that matches parameter name '{}'.", written);
        e.command = command;
        e.category = fmt::format("InvalidArgument: (:) [{}], ParameterBindingException", command);
        e.error_id = error_id;
        e.exception_type = "System.Management.Automation.ParameterBindingException";
        self.raise(std::move(e));
    }

    // ---- positions
    void place(ErrorRecord& e, const Node* n) const {
        if (!n || !source) return;
        e.file = source->file();
        e.line = n->pos.line;
        e.column = n->pos.column;
        e.length = n->end > n->pos.offset ? n->end - n->pos.offset : 1;
        e.line_text = std::string(source->line_text(n->pos.line));
    }

    // Whether the script looks at the outcome of what it just ran: $?, $LASTEXITCODE or $Error
    // in the statement that ran it or in the statement after (the innermost one that exists).
    bool outcome_checked() {
        for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
            const auto& block = *it->block;
            if (it->index < block.size() && reads_outcome(*block[it->index])) return true;
            if (it->index + 1 < block.size()) return reads_outcome(*block[it->index + 1]);
        }
        return false;
    }
    // Whether a statement reads $?, $LASTEXITCODE or $Error: worked out once per statement.
    std::map<const Node*, bool> reads_outcome_memo;
    bool reads_outcome(const Node& s) {
        auto [it, fresh] = reads_outcome_memo.try_emplace(&s, false);
        if (fresh) it->second = mentions_variable(s, {"?", "lastexitcode", "error"});
        return it->second;
    }

    void show_error(const ErrorRecord& e, bool terminating) {
        std::string text = format_error_record(e);
        console += text;
        if (terminating || !outcome_checked()) {
            std::string first = (e.command.empty() ? "" : e.command + " : ") + e.message;
            unhandled.push_back({text, first, e.line});
        }
    }

    void add_to_error_list(const ErrorRecord& e) {
        errors->insert(errors->begin(), PsValue(ObjectPtr(std::make_shared<ErrorRecordObject>(e))));
        if (errors->size() > 256) errors->pop_back();  // $MaximumErrorCount
    }

    // ---- statements
    enum class TrapOutcome { none, go_on, stop };
    TrapOutcome run_trap(const std::vector<StmtPtr>& block, const RuntimeError& e, Array& out);
    // A statement-terminating error that nothing caught: recorded, shown, and $? false.
    void statement_failed(const ErrorRecord& e);
    void exec_block(const std::vector<StmtPtr>& statements, Array& out);
    void exec_statement(const Stmt& s, Array& out);
    Array run_pipeline(const Pipeline& p);
    void exec_assignment(const Assignment& a, Array* out);
    PsValue statement_value(const Stmt& s);
    void exec_if(const IfStatement& s, Array& out);
    void exec_foreach(const ForEachStatement& s, Array& out);
    void exec_loop(const std::string& label, const std::function<bool()>& condition, const Stmt* iterator, const StatementBlock& body,
                   Array& out, bool test_first, bool until);
    void exec_switch(const SwitchStatement& s, Array& out);
    void exec_flow(const FlowControl& f, Array& out);
    void exec_try(const TryStatement& t, Array& out);
    bool loop_body(const std::string& label, const StatementBlock& body, Array& out);

    // ---- expressions
    PsValue eval(const Expr& e);
    PsValue eval_binary(const BinaryExpr& b);
    PsValue eval_unary(const UnaryExpr& u);
    PsValue eval_member(const MemberExpr& m);
    PsValue eval_invoke(const InvokeMemberExpr& m);
    PsValue eval_index(const IndexExpr& ix);
    PsValue eval_convert(const ConvertExpr& c);
    PsValue eval_hashtable(const HashtableExpr& h);
    std::string member_name(const Expr& m);
    PsValue increment(const Expr& target, long long delta, bool postfix);

    // ---- commands
    Array invoke_command(const CommandAst& c, Array input, bool has_input);
    Array invoke_command_body(const CommandAst& c, Array input, bool has_input, const Redirection* file);
    // The redirection of the output to a file among these (nullptr when none); refuses the rest.
    const Redirection* file_redirection(const std::vector<RedirectionPtr>& redirections);
    void redirect_to_file(const Redirection& r, const Array& output);
    // `. FILE`: the file beside the script run in the caller's scope.
    Array dot_source(const std::string& path, const CommandAst& c);
    std::vector<RawArgument> raw_arguments(const CommandAst& c);
    Array call_host(const HostCommand& cmd, const std::string& invoked_as, std::vector<RawArgument> args, Array input,
                    bool has_input, const CommandAst& c);
    Array call_function(const FunctionInfo& f, const std::string& name, std::vector<RawArgument> args, Array input, bool has_input);
    Array call_script_block(const ScriptBlockValue& b, std::vector<RawArgument> args, Array input, bool has_input, bool dot);
    // `attributes`: the param block whose [CmdletBinding()] applies when `block` has none (a script's own).
    Array run_script_block_body(const ScriptBlock& block, const std::vector<ParameterAst*>& params, std::vector<RawArgument> args,
                                Array input, bool has_input, const std::string& name, const ParamBlock* attributes = nullptr);
};


}  // namespace cusim::ps
