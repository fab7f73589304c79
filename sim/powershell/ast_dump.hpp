#pragma once
// A stable, readable text form of the syntax tree, for golden tests and for reading what the
// parser made of a script: S-expressions, each node with its line:column, a node on one line when
// it fits in 100 columns, otherwise its children indented below it.
//   (pipeline @3:1
//     (command @3:1 (bare "Get-ChildItem" @3:1) (bare "Cert:\LocalMachine\My" @3:15))
//     (command @3:40 (bare "Where-Object" @3:40) (scriptblock @3:53 ...)))
#include <string>

#include "sim/powershell/ast.hpp"
#include "sim/powershell/parser.hpp"

namespace cusim::ps {

std::string dump_ast(const ScriptBlock& script);

// A short account of a script, for scripts too long to read as a tree: statement counts by
// kind, functions, the commands called (with counts), variables assigned, the deepest nesting.
std::string summarize_script(const ScriptBlock& script);

}  // namespace cusim::ps
