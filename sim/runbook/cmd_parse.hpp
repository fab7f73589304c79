#pragma once
// The cmd.exe batch language's syntax (Windows cmd.exe, as Microsoft's command reference
// https://learn.microsoft.com/windows-server/administration/windows-commands/ and ss64.com/nt/
// describe it): a batch file as lines (labels, comments, statements; a statement whose block
// is open goes on over the next lines, as cmd reads it), and one statement as a tree after cmd's
// second phase (quotes, ^ escapes, & && || chains, ( ) blocks, if/else, redirections).
//
// Percent expansion comes before this (cmd_run.cpp): cmd expands %VAR% in the whole statement
// when it reads it, then parses the result, so the parse runs again on the expanded text.
#include <memory>
#include <string>
#include <vector>

namespace cusim::runbook {

// `>nul`, `2>nul`, `2>&1`, `>>file`, `<file`: the handle, the target as written ("nul", "&1").
struct CmdRedirect {
    int handle = 1;
    std::string op;  // ">", ">>", "<"
    std::string target;
};

struct CmdCondition {
    enum class Kind { errorlevel, compare, defined, exist, cmdextversion };
    Kind kind = Kind::compare;
    bool negate = false, ignore_case = false;
    std::string op;  // "==", "equ", "neq", "lss", "leq", "gtr", "geq"
    std::string left, right;
    std::string number;  // errorlevel N, as written
};

struct CmdNode;
using CmdNodePtr = std::shared_ptr<const CmdNode>;

struct CmdNode {
    enum class Kind { command, block, if_, chain };
    Kind kind = Kind::command;
    int line = 0;
    // command: its name as written (quotes kept), the text after the name (the delimiter that
    // ended the name included, escapes done, quotes kept: what echo and set read), redirections.
    std::string name, args;
    std::vector<CmdRedirect> redirects;
    // block: one statement per line (or per & group inside it)
    std::vector<CmdNodePtr> statements;
    // if
    CmdCondition condition;
    CmdNodePtr then_branch, else_branch;
    // chain: items[i] ops[i] items[i+1] ..., ops "&", "&&", "||"
    std::vector<CmdNodePtr> items;
    std::vector<std::string> ops;
};

// The result of parsing one statement's text: a tree, or why cmd cannot parse it, or "the
// block is still open" (cmd reads the next line into it).
struct CmdParse {
    CmdNodePtr node;
    bool needs_more = false;
    std::string error;       // a syntax error
    std::string not_modelled;  // parsed by cmd, but a construct the simulator does not model
    int error_line = 0;
};
CmdParse parse_cmd_statement(const std::string& text, int first_line);

// A line of a batch file as cmd sees it.
struct CmdLine {
    enum class Kind { blank, comment, label, statement };
    Kind kind = Kind::blank;
    int first = 0, last = 0;  // physical lines (1-based); a statement with a block spans several
    std::vector<std::string> physical;  // its physical lines (^ continuations joined)
    std::string label;      // a label's name, lower case
    std::string comment;    // a comment's text (after :: or rem)
};
// Splits a batch file's text into lines; a block still open at the end of the file is a
// statement whose parse says so (needs_more).
std::vector<CmdLine> split_cmd_lines(const std::string& text);

// The command name cmd looks up: quotes removed, lower case ("ECHO" -> "echo").
std::string cmd_command_key(const std::string& name);

// A native program's argument vector from the text after its name, by the rules of the
// Microsoft C runtime that programs use (quotes group and are removed, 2n backslashes before a
// quote are n and the quote toggles, 2n+1 are n and a literal quote):
// https://learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments
std::vector<std::string> cmd_native_arguments(const std::string& args);

}  // namespace cusim::runbook
