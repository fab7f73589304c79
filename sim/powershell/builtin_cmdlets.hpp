#pragma once
// The cmdlets of the language itself, which need no server: Where-Object, ForEach-Object,
// Select-Object, Sort-Object, Measure-Object, Group-Object, Format-List, Format-Table, Out-String,
// Out-Null, Out-Host, Write-Host/-Output/-Warning/-Verbose/-Debug/-Error/-Progress, Get-Date,
// Start-Sleep (the simulated clock moves on), ConvertTo-SecureString, Read-Host, Clear-Host,
// New-Object PSObject, Select-String. Keyed by lower-case name; the host's commands come after them.
#include <map>
#include <string>

#include "sim/powershell/file_text.hpp"
#include "sim/powershell/interpreter.hpp"

namespace cusim::ps {

const std::map<std::string, HostCommand>& builtin_commands();

// A file through the host (Host::read_file, or read_file_bytes when `bytes`), a path the host
// does not model refused at the statement that named it.
std::optional<std::string> read_host_file(Interpreter& in, const std::string& path, bool bytes = false);
// A text file's lines as Get-Content and switch -File read them: CRLF or LF ends a line.
std::vector<std::string> file_lines(const std::string& text);
// The error of a provider cmdlet for a path that does not exist (Get-Content, Get-Item...):
// "Cannot find path 'P' because it does not exist.", ItemNotFoundException.
ErrorRecord path_not_found(const std::string& path, const std::string& cmdlet);
// The files a cmdlet's -Path (or -LiteralPath) names, each with its text, in order; a missing one
// is the cmdlet's non-terminating path_not_found error. nullopt when neither parameter is given.
struct PathFile {
    std::string path, text;
};
std::optional<std::vector<PathFile>> read_path_files(CommandCall& c, const std::string& cmdlet);

// What Out-File and `>`/`>>` write for the objects: Out-String's text with CRLF line ends, in `e`
// (appended when `append`); with -WhatIf (c.whatif) the What if: line instead.
void out_file_text(CommandCall& c, const std::string& path, const Array& objects, bool append, FileEncoding e);

// What Format-List and Format-Table emit: the text, printed as it is by Out-Default.
class FormattedText : public PsObject {
public:
    explicit FormattedText(std::string t) : text(std::move(t)) {}
    std::string text;
    std::string type_name() const override { return "Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData"; }
    std::vector<std::string> property_names() const override { return {}; }
    std::optional<PsValue> property(const std::string&) const override { return std::nullopt; }
    std::string to_string() const override { return type_name(); }
};

// What Select-String emits (select_string.cpp): a matching line, where it was, and its matches.
class MatchInfoObject : public PsObject {
public:
    bool ignore_case = true;
    long long line_number = 0;
    std::string line, path, pattern;  // path: "InputStream" for piped text
    Array matches;
    std::string type_name() const override { return "Microsoft.PowerShell.Commands.MatchInfo"; }
    std::vector<std::string> property_names() const override;
    std::optional<PsValue> property(const std::string& name) const override;
    std::string to_string() const override;
};
void add_select_string(std::map<std::string, HostCommand>& m);
// How a run of MatchInfo objects prints at the end of a pipeline.
std::string format_match_infos(const Array& run);

}  // namespace cusim::ps
