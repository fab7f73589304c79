#pragma once
// The PowerShell engine: runs a parsed script (PowerShell Language Specification 3.0, chapters 7
// and 8) against a Host that supplies the commands of a server (cmdlets, native programs) and its
// clock. The language itself (values, operators, pipelines, control flow, functions, script
// blocks, errors, the generic cmdlets Where-Object, ForEach-Object, Select-Object...) lives here,
// on sim/core alone; what a command does to a server lives with the host (sim/runbook).
//
// Two kinds of failure are kept apart:
//  - a RuntimeError is PowerShell's own error (a terminating error record), which a script's
//    try/catch sees and which stops a script that does not catch it;
//  - NotModelled is a construct, command, parameter, property or method the simulator does not
//    model: never approximated, it stops the run with the file, line and what was not modelled.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/text.hpp"
#include "sim/powershell/ast.hpp"
#include "sim/powershell/parser.hpp"
#include "sim/powershell/value.hpp"

namespace cusim::ps {

struct OperatorContext;

// An error record as the console prints it (about_Error_Handling; the layout of Windows
// PowerShell 5.1's default error view):
//   Cmdlet : message
//   At FILE:LINE char:COLUMN
//   + the line
//   + ~~~~~~~~
//       + CategoryInfo          : ...
//       + FullyQualifiedErrorId : ...
struct ErrorRecord {
    std::string message;      // "Cannot find path 'x' because it does not exist."
    std::string command;      // "Remove-Item"; "" for an error of the language itself
    std::string category;     // the CategoryInfo text, "" when the simulator does not know it
    std::string error_id;     // the FullyQualifiedErrorId, "" when not known
    std::string exception_type = "System.Management.Automation.RuntimeException";
    PsValue target;             // $_.TargetObject
    // Where: filled by the engine from the statement that raised it.
    std::string file;
    std::uint32_t line = 0, column = 0, length = 0;
    std::string line_text;
};
std::string format_error_record(const ErrorRecord& e);
// The message as "$_" or $_.Exception.Message gives it.
inline const std::string& error_message(const ErrorRecord& e) { return e.message; }

// A terminating error. PowerShell has two kinds (about_Throw, about_Preference_Variables): a
// statement-terminating error (a failed conversion, a .NET method's exception, a cmdlet's
// terminating error) ends the statement it happened in and the script goes on with the next; a
// script-terminating one (`throw`, an error under -ErrorAction Stop) ends the script. try/catch
// and trap catch both.
class RuntimeError : public std::runtime_error {
public:
    explicit RuntimeError(ErrorRecord r, bool ends_script = false)
        : std::runtime_error(r.message), record(std::move(r)), script_terminating(ends_script) {}
    ErrorRecord record;
    bool script_terminating;
};

class NotModelled : public std::runtime_error {
public:
    NotModelled(std::string what, std::string file = "", std::uint32_t line = 0, std::uint32_t column = 0)
        : std::runtime_error(what), file(std::move(file)), line(line), column(column) {}
    std::string file;
    std::uint32_t line, column;
    // "FILE:LINE:COLUMN: WHAT is not modelled by the simulator" (or without a place).
    std::string text() const;
};

// The $ErrorActionPreference / -ErrorAction values (about_Preference_Variables).
enum class ErrorAction { stop, continue_, silently_continue, ignore, inquire };

struct CommandCall;

// What a command does with -WhatIf and $WhatIfPreference (about_CommonParameters,
// about_Preference_Variables): a cmdlet that supports ShouldProcess prints "What if: Performing the
// operation ... on target ..." for what it would change and changes nothing; one that does not has
// no -WhatIf parameter (PowerShell's "A parameter cannot be found that matches parameter name
// 'WhatIf'.") and ignores $WhatIfPreference.
enum class WhatIfSupport {
    not_modelled,  // the simulator does not know: -WhatIf, or $WhatIfPreference set, is refused
    absent,        // the real cmdlet has no -WhatIf
    modelled,      // run() gets CommandCall::whatif and prints What if: lines instead of changing anything
};

// A command the host supplies: a cmdlet (its parameters bound by name, prefix or position) or a
// native program (arguments as strings, exit code into $LASTEXITCODE).
struct HostCommand {
    std::string name;                       // as Get-Command prints it: "Get-ChildItem", "netsh.exe"
    bool native = false;
    std::set<std::string> parameters;       // lower case, without '-'; every one the cmdlet models
    std::set<std::string> switches;         // those that take no value
    std::vector<std::string> positional;    // the parameters bound by position, in order
    // Parameters bound from pipeline input objects by property name (Exchange cmdlets' Identity,
    // Thumbprint), or "InputObject" for the object itself.
    std::vector<std::string> from_pipeline;
    WhatIfSupport what_if = WhatIfSupport::not_modelled;
    std::function<void(CommandCall&)> run;
};

// A cmdlet's description: its name, parameters that take a value, switches, the order of its
// positional parameters, and what it does.
HostCommand make_cmdlet(std::string name, std::set<std::string> params, std::set<std::string> switches,
                        std::vector<std::string> positional, std::function<void(CommandCall&)> run);

// One invocation of a host command: its bound arguments, its input, and where its output and
// errors go.
struct CommandCall {
    const HostCommand& command;
    Interpreter& in;
    std::string invoked_as;                       // the name as the script wrote it
    std::map<std::string, PsValue> named;           // lower-case canonical parameter name -> value
    std::vector<PsValue> positional;                // unbound positional arguments (natives: every argument)
    std::vector<std::string> native_args;         // natives: the arguments as the program gets them
    Array input;                                  // pipeline input
    Array output;
    int exit_code = 0;                            // natives
    bool whatif = false;

    bool has(const std::string& name) const { return named.count(name) > 0; }
    const PsValue* get(const std::string& name) const;
    std::string text(const std::string& name, const std::string& fallback = "") const;
    void emit(PsValue v) { output.push_back(std::move(v)); }
    // Writes a non-terminating error (it becomes terminating under -ErrorAction Stop).
    void write_error(ErrorRecord e);
    // Raises a terminating error.
    [[noreturn]] void fail(ErrorRecord e);
    // -WhatIf (or $WhatIfPreference): what ShouldProcess(target, operation) prints to the console
    // instead of doing it: `What if: Performing the operation "OPERATION" on target "TARGET".`
    // (System.Management.Automation's ShouldProcess message, about_CommonParameters).
    void what_if(const std::string& operation, const std::string& target);
};

// The key a command is found by (Host::find_command): "C:\Program Files\...\setup.exe", ".\Setup.EXE", "netsh.exe" -> "setup", "netsh".
// Views and one string, no copies: it runs for every command a script names, in the check and in each run.
inline std::string command_key_of(const std::string& name) {
    std::string_view base = name;
    auto slash = base.find_last_of("\\/");
    if (slash != std::string_view::npos) base.remove_prefix(slash + 1);
    std::string n = ascii_lower(std::string(base));
    for (std::string_view ext : {".exe", ".com", ".cmd", ".bat"})
        if (n.size() > ext.size() && std::string_view(n).substr(n.size() - ext.size()) == ext) n.resize(n.size() - ext.size());
    return n;
}

class Host {
public:
    virtual ~Host() = default;
    // `name` in lower case, without ".exe"; null if the host has no such command.
    virtual const HostCommand* find_command(const std::string& name) const = 0;
    virtual std::vector<std::string> command_names() const = 0;
    virtual SimTime now() const = 0;
    virtual void sleep(long long seconds) = 0;  // Start-Sleep: the simulated clock moves on
    virtual std::string machine_name() const = 0;
    // [System.Net.Dns]::GetHostByName/GetHostEntry: the host's DNS name for a name it answers to,
    // nullopt for any other (a name the simulated network does not know).
    virtual std::optional<std::string> dns_host_name(const std::string& name) const = 0;
    // $env:NAME; nullopt when the simulator does not model it.
    virtual std::optional<std::string> environment(const std::string& name) const = 0;
    // How a run of objects of one type prints at the end of a pipeline (Out-Default), or nullopt
    // for the generic table/list.
    virtual std::optional<std::string> format_default(const Array& objects) const = 0;
    // A file the script reads (Get-Content, switch -File, Select-String -Path, Test-Path): its
    // text, nullopt if absent; throws NotModelled (without a place: read_host_file adds it) for a
    // path whose file system the host does not model.
    virtual std::optional<std::string> read_file(const std::string& path) const = 0;
    // The same file's bytes as they are on disk ([System.IO.File]::ReadAllBytes): by default its
    // text, for a host whose files are all text.
    virtual std::optional<std::string> read_file_bytes(const std::string& path) const { return read_file(path); }
    // Read-Host: the next answer, or nullopt when there is none.
    virtual std::optional<std::string> read_host(const std::string& prompt) = 0;

    // The files a script writes (Set-Content, Add-Content, Out-File, `>` and `>>`, New-Item,
    // Remove-Item): held by the host for the run, never on the real disk. Each throws NotModelled
    // (without a place: the engine adds it) for a path where the host does not model writing.
    enum class ItemKind { none, file, directory };
    // What is at `path` (Test-Path): by default a file when read_file finds one.
    virtual ItemKind item_kind(const std::string& path) const { return read_file(path) ? ItemKind::file : ItemKind::none; }
    // The path as PowerShell shows it resolved (-WhatIf targets, error messages): by default as written.
    virtual std::string full_path(const std::string& path) const { return path; }
    // Throws NotModelled when the host does not model writing the file (before it is read to add to it).
    virtual void check_writable(const std::string& path) const { (void)path; }
    // Writes (or, with `append`, adds to) the file's bytes; its folder must exist (else false).
    virtual bool write_file(const std::string& path, const std::string& bytes, bool append) {
        (void)bytes, (void)append;
        throw NotModelled("writing the file " + path);
    }
    // New-Item -ItemType Directory; false when its parent folder does not exist.
    virtual bool create_directory(const std::string& path) { throw NotModelled("creating the folder " + path); }
    // Remove-Item of a file or an empty folder the script made.
    virtual void remove_item(const std::string& path) { throw NotModelled("removing " + path); }
};

// An error the console showed that the script did not handle (no try/catch or trap, no
// -ErrorAction SilentlyContinue, no redirection, and neither $?, $LASTEXITCODE nor $Error read in
// its statement or the next): recovery runs treat it as the script failing there.
struct UnhandledError {
    std::string text;           // as the console showed it
    std::string first_line;     // the message line
    std::uint32_t line = 0;
};

class Interpreter {
public:
    Interpreter(Host& host, std::string script_path);
    Interpreter(const Interpreter&) = delete;

    Host& host() { return *host_; }
    void set_host(Host& host) { host_ = &host; }

    // Loads a parsed script: its functions are defined when their statements run. Keeps `script`
    // alive for as long as values made from it (script blocks, functions) are.
    void bind_script_parameters(const ScriptBlock& script, const std::vector<std::string>& args);

    // Runs one top-level statement of a script (a runbook step) and prints its output through
    // Out-Default. Throws NotModelled; RuntimeError escapes only if not caught (then it has been
    // written to the console and recorded as unhandled). ExitRequested for `exit`.
    void run_top_statement(const Stmt& s, const std::vector<StmtPtr>& block, std::size_t index,
                           std::shared_ptr<const ParsedScript> owner);

    // What the console showed since the last take (Write-Host, formatted output, errors).
    std::string take_console();
    std::vector<UnhandledError> take_unhandled();

    // Variables (lower-case names), for hosts and tests.
    PsValue get_variable(const std::string& name) const;
    void set_variable(const std::string& name, PsValue v);
    // What earlier statements defined (lower case): a console's later lines may use them.
    std::set<std::string> variable_names() const;
    std::set<std::string> function_names() const;

    // Used by commands.
    void write_console(const std::string& text);
    ErrorAction error_action_for(const CommandCall* call) const;
    void record_error(const ErrorRecord& e);  // $Error
    const std::string& script_path() const { return script_path_; }
    // Invokes a script block value ({ ... } of Where-Object, ForEach-Object, Sort-Object) with $_.
    Array invoke_block(const ScriptBlockValue& block, const PsValue& dollar_under, const std::vector<PsValue>& args = {});
    // The text Out-Default prints for these objects (used by Out-String and the console).
    std::string format_default(const Array& objects);
    // Raise a terminating error of the language at the current position.
    [[noreturn]] void throw_error(std::string message, std::string error_id = "",
                                  std::string exception_type = "System.Management.Automation.RuntimeException");
    [[noreturn]] void not_modelled(const std::string& what) const;
    // Raise this error record, placed at the current position when it has no place yet.
    [[noreturn]] void raise(ErrorRecord e);

    struct ExitRequested {
        int code;
    };

    struct Impl;

private:
    Host* host_;
    std::string script_path_;
    std::unique_ptr<Impl> impl_;
    friend struct Impl;

public:
    ~Interpreter();
    Impl& impl() { return *impl_; }
    // What the operators report through (errors at the current position, $Matches): the cmdlets' too.
    OperatorContext& operator_context();
};

// Checks a parsed script before it runs: every command it names (that is not a function it
// defines) must be one the host or the engine knows, with parameters it models, and every
// construct one the engine runs. Returns every problem as "LINE:COLUMN: text", in order.
// `defined_functions`: functions an earlier input defined (lower case; a console session's).
std::vector<std::string> check_script(const ParsedScript& script, const Host& host,
                                      const std::set<std::string>& defined_functions = {});

}  // namespace cusim::ps
