#pragma once
// A PowerShell console on the simulated server, as the training lab's trainee types at it: every
// input is PowerShell (a line, or several lines the console asked for with ">>"), run at once on
// the PowerShell engine with the same host as `.ps1` runbooks (sim/runbook/server_host), so the
// lab, runbooks and check-tool share one language and one implementation of every command.
// Variables and functions carry over from input to input, as in a console window.
//
// Unlike a runbook, an error does not end anything: the console shows it and waits for the next
// line. An input that does not parse, or names something the simulator does not model, is refused
// before anything runs, with the reason.
#include <memory>
#include <string>
#include <vector>

#include "sim/formats/input_paths.hpp"
#include "sim/recovery/fix.hpp"

namespace cusim {

class ShellSession {
public:
    // `folder_file`: a (possibly virtual) file whose folder relative paths start from.
    explicit ShellSession(const std::string& folder_file);
    ShellSession(ShellSession&&) noexcept;
    ShellSession& operator=(ShellSession&&) noexcept;
    ~ShellSession();

    // True when PowerShell's console would ask for more lines before running `text`: it ends
    // inside an open brace, parenthesis, string, here-string or block comment, or after a pipe
    // or an operator with nothing after it (ParseError.IncompleteInput).
    static bool needs_more_input(const std::string& text);

    // Runs the input. ok: it parsed, everything in it is modelled, and no error was shown;
    // `refused` tells a refused input (nothing ran) from one that ran and failed.
    struct Outcome {
        ActionResult result;
        bool refused = false;
    };
    Outcome run(const std::string& text, ActionContext& ctx);

    // The console's prompt, "PS <location>> " (about_Prompts: the default prompt function prints
    // "PS $($executionContext.SessionState.Path.CurrentLocation)$('>' * ($nestedPromptLevel + 1)) ").
    std::string prompt() const;

    // The files inputs have read so far (Import-PfxCertificate -FilePath, certutil -importpfx).
    const std::vector<InputFolder::ResolvedFile>& files_read() const;

    // Tab completion of the word the line ends with, as PowerShell's console offers it: command
    // names first in a pipeline element, parameters of the command after '-', paths on the Cert:
    // and IIS: drives, variables after '$', and thumbprints of the server's certificates (after
    // certhash=, or a hex prefix). `word_start` is where the completed word begins.
    struct Completion {
        std::size_t word_start = 0;
        std::vector<std::string> candidates;
    };
    Completion complete(const std::string& line, const ServerState& state) const;

    // The characters that end a word for completion (the terminal's line editor splits the same way).
    static const char* word_breaks();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cusim
