#pragma once
// Walks a syntax tree: the direct children of a node, in source order, and a whole subtree. The
// tree's depth is bounded by the parser's nesting limit (ast.hpp), so the walk's recursion is too.
#include <functional>

#include "sim/powershell/ast.hpp"

namespace cusim::ps {

void for_each_child(const Node& n, const std::function<void(const Node&)>& visit);
// Visits `n` and every node under it; `visit` returns false to skip a node's children.
void walk(const Node& n, const std::function<bool(const Node&)>& visit);
// Whether the subtree reads one of these variables (names in lower case, without '$').
bool mentions_variable(const Node& n, std::initializer_list<const char*> names);

}  // namespace cusim::ps
