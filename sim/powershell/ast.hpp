#pragma once
// The syntax tree of a PowerShell script (PowerShell Language Specification 3.0, chapter 8,
// "Statements", and chapter 7, "Expressions"). Every node keeps where it starts (offset, line,
// column) and where it ends (offset); the file is the SourceText's, kept once by ParsedScript.
//
// The tree's depth is bounded by the parser's nesting limit, never by the input's length: a long
// chain of operators at one precedence is one BinaryExpr with a list of operands, a comma list one
// ArrayLiteral, a pipeline one list of elements, a block one list of statements. So walking the
// tree recursively (dump, evaluation, destruction) cannot overflow the stack.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/powershell/source_text.hpp"
#include "sim/powershell/token.hpp"

namespace cusim::ps {

enum class NodeKind {
    // expressions
    number, string_constant, expandable_string, variable, type_expression, convert, unary, postfix,
    binary, array_literal, array_expression, sub_expression, paren_expression, hashtable,
    script_block_expression, member, invoke_member, index,
    // pipeline elements
    command, command_expression, command_parameter, redirection,
    // statements
    pipeline, assignment, if_statement, foreach_statement, for_statement, while_statement, do_statement,
    switch_statement, flow_control, try_statement, trap_statement, function_definition, statement_block,
    // blocks
    script_block, param_block, parameter, attribute,
};

struct Node {
    explicit Node(NodeKind k) : kind(k) {}
    virtual ~Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    NodeKind kind;
    SourcePos pos;               // where it starts
    std::uint32_t end = 0;       // offset just past it
};
using NodePtr = std::unique_ptr<Node>;

struct Expr : Node {
    using Node::Node;
};
using ExprPtr = std::unique_ptr<Expr>;

struct Stmt : Node {
    using Node::Node;
};
using StmtPtr = std::unique_ptr<Stmt>;

// A type name as written in [...] (spec 7.1.10, type-literal): "System.Collections.Generic.List"
// with generic arguments, and array ranks: [string[]] is name "string", ranks {1}.
struct TypeName {
    std::string name;
    std::vector<TypeName> generic_args;
    std::vector<int> array_ranks;   // one entry per [] / [,]: its rank
    std::string text() const;       // as PowerShell prints it: System.String[], List[string]
};

// ---- expressions ----

struct NumberExpr : Expr {
    NumberExpr() : Expr(NodeKind::number) {}
    std::string text;               // as written
    NumberType type = NumberType::int32;
    long long int_value = 0;        // int32, int64
    double double_value = 0;        // every type
};

enum class StringQuote { bare, single, double_, here_single, here_double };

struct StringConstantExpr : Expr {
    StringConstantExpr() : Expr(NodeKind::string_constant) {}
    std::string value;
    StringQuote quote = StringQuote::bare;
};

struct ExpandableStringExpr : Expr {
    ExpandableStringExpr() : Expr(NodeKind::expandable_string) {}
    std::string raw;                // the source text, quotes included
    StringQuote quote = StringQuote::double_;
    // In order: StringConstantExpr (text), VariableExpr, SubExpressionExpr.
    std::vector<ExprPtr> parts;
};

struct VariableExpr : Expr {
    VariableExpr() : Expr(NodeKind::variable) {}
    std::string name;               // "x", "_", "?", "PSItem", "ComputerName"
    std::string scope;              // "", "script", "global", "local", "private", "using", "env", other drives
    bool braced = false;            // ${...}
    bool splatted = false;          // @name (only as a command argument)
};

struct TypeExpr : Expr {
    TypeExpr() : Expr(NodeKind::type_expression) {}
    TypeName type;
};

// [type]operand (spec 7.2.9, cast); [ordered]@{...} is one with type "ordered".
struct ConvertExpr : Expr {
    ConvertExpr() : Expr(NodeKind::convert) {}
    TypeName type;
    ExprPtr operand;
};

// -not ! - + -bnot , -split -join ++ -- before the operand (spec 7.2).
struct UnaryExpr : Expr {
    UnaryExpr() : Expr(NodeKind::unary) {}
    std::string op;                 // "-not", "!", "-", "+", "-bnot", ",", "-split", "-join", "++", "--"
    ExprPtr operand;
};

// $i++ and $i-- (spec 7.1.5).
struct PostfixExpr : Expr {
    PostfixExpr() : Expr(NodeKind::postfix) {}
    std::string op;                 // "++" or "--"
    ExprPtr operand;
};

// Operands joined by operators of one precedence level, left to right (spec 7.3-7.10):
// operands.size() == ops.size() + 1; "$a -gt 5 -and $b" is two BinaryExprs, one per level.
struct BinaryExpr : Expr {
    BinaryExpr() : Expr(NodeKind::binary) {}
    struct Op {
        std::string op;             // "+", "-eq", "-ceq", "..", "-f", "-and", ...
        SourcePos pos;
    };
    std::vector<ExprPtr> operands;
    std::vector<Op> ops;
};

// a, b, c (spec 7.3, array-literal-expression)
struct ArrayLiteralExpr : Expr {
    ArrayLiteralExpr() : Expr(NodeKind::array_literal) {}
    std::vector<ExprPtr> elements;
};

struct StatementBlock;
using BlockPtr = std::unique_ptr<StatementBlock>;

// @( statements ) (spec 7.1.7)
struct ArrayExpr : Expr {
    ArrayExpr() : Expr(NodeKind::array_expression) {}
    std::vector<StmtPtr> statements;
};

// $( statements ) (spec 7.1.6)
struct SubExpressionExpr : Expr {
    SubExpressionExpr() : Expr(NodeKind::sub_expression) {}
    std::vector<StmtPtr> statements;
};

// ( pipeline ) (spec 7.1.1)
struct ParenExpr : Expr {
    ParenExpr() : Expr(NodeKind::paren_expression) {}
    StmtPtr pipeline;
};

// @{ key = value; ... } (spec 7.1.9); values are statements ("a = if ($x) {1} else {2}").
struct HashtableExpr : Expr {
    HashtableExpr() : Expr(NodeKind::hashtable) {}
    struct Pair {
        ExprPtr key;                // a bare key is a StringConstantExpr with quote bare
        StmtPtr value;
    };
    std::vector<Pair> pairs;
};

struct ScriptBlock;
using ScriptBlockPtr = std::unique_ptr<ScriptBlock>;

// { ... } as a value (spec 7.1.8)
struct ScriptBlockExpr : Expr {
    ScriptBlockExpr() : Expr(NodeKind::script_block_expression) {}
    ScriptBlockPtr block;
};

// target.Member and [Type]::Member (spec 7.1.2); the member is a bare StringConstantExpr for a
// name, or any expression ($x.$name, $x."a b").
struct MemberExpr : Expr {
    MemberExpr() : Expr(NodeKind::member) {}
    ExprPtr target;
    ExprPtr member;
    bool is_static = false;
};

// target.Method(args) and [Type]::Method(args) (spec 7.1.3)
struct InvokeMemberExpr : Expr {
    InvokeMemberExpr() : Expr(NodeKind::invoke_member) {}
    ExprPtr target;
    ExprPtr member;
    bool is_static = false;
    std::vector<ExprPtr> arguments;
};

// target[index] (spec 7.1.4); "$a[0,2]" has an ArrayLiteralExpr index.
struct IndexExpr : Expr {
    IndexExpr() : Expr(NodeKind::index) {}
    ExprPtr target;
    ExprPtr index;
};

// ---- pipelines ----

// > file, >> file, 2> $null, 2>&1, *> file (spec 7.12)
struct Redirection : Node {
    Redirection() : Node(NodeKind::redirection) {}
    char from = '1';                // '1'-'6' or '*'
    bool append = false;
    char merge_to = 0;              // '1' for 2>&1; 0 for a file
    ExprPtr target;                 // the file, when not a merge
};
using RedirectionPtr = std::unique_ptr<Redirection>;

// -Name, or -Name:value (spec 8.2 command-parameter)
struct CommandParameter : Node {
    CommandParameter() : Node(NodeKind::command_parameter) {}
    std::string name;               // without '-' and ':'
    bool colon = false;
    ExprPtr argument;               // with -Name:value only
};

// name arguments... (spec 8.2): elements[0] is the command name (a bare StringConstantExpr, or
// any expression after & or .); the others are CommandParameters and argument expressions (a
// splat is a VariableExpr with splatted set). Bare words stay StringConstantExprs with quote bare,
// or ExpandableStringExprs when they hold a $.
struct CommandAst : Node {
    CommandAst() : Node(NodeKind::command) {}
    enum class Invocation { none, call, dot } invocation = Invocation::none;  // "", "&", "."
    std::vector<NodePtr> elements;
    std::vector<RedirectionPtr> redirections;
    bool stop_parsing = false;      // --% : the last element is the rest of the line, verbatim
};

// An expression as a pipeline's first element (spec 8.2: "$a | Out-Host", "5 > file").
struct CommandExpression : Node {
    CommandExpression() : Node(NodeKind::command_expression) {}
    ExprPtr expression;
    std::vector<RedirectionPtr> redirections;
};

// ---- statements ----

struct Pipeline : Stmt {
    Pipeline() : Stmt(NodeKind::pipeline) {}
    std::vector<NodePtr> elements;  // CommandAst or CommandExpression (only first)
};

// target op value (spec 7.11): op is "=", "+=", "-=", "*=", "/=", "%=".
struct Assignment : Stmt {
    Assignment() : Stmt(NodeKind::assignment) {}
    ExprPtr target;
    std::string op;
    StmtPtr value;
};

struct StatementBlock : Stmt {
    StatementBlock() : Stmt(NodeKind::statement_block) {}
    std::vector<StmtPtr> statements;
};

struct IfStatement : Stmt {
    IfStatement() : Stmt(NodeKind::if_statement) {}
    struct Clause {
        StmtPtr condition;          // a pipeline
        BlockPtr body;
    };
    std::vector<Clause> clauses;    // if, then each elseif
    BlockPtr else_body;
};

struct ForEachStatement : Stmt {
    ForEachStatement() : Stmt(NodeKind::foreach_statement) {}
    std::string label;
    std::unique_ptr<VariableExpr> variable;
    StmtPtr iterable;
    BlockPtr body;
};

struct ForStatement : Stmt {
    ForStatement() : Stmt(NodeKind::for_statement) {}
    std::string label;
    StmtPtr initializer, condition, iterator;  // each may be null
    BlockPtr body;
};

struct WhileStatement : Stmt {
    WhileStatement() : Stmt(NodeKind::while_statement) {}
    std::string label;
    StmtPtr condition;
    BlockPtr body;
};

// do { } while ( ) and do { } until ( ) (spec 8.4.3)
struct DoStatement : Stmt {
    DoStatement() : Stmt(NodeKind::do_statement) {}
    std::string label;
    BlockPtr body;
    StmtPtr condition;
    bool until = false;
};

// switch [-regex|-wildcard|-exact] [-casesensitive] [-file path] (value) { clauses } (spec 8.6)
struct SwitchStatement : Stmt {
    SwitchStatement() : Stmt(NodeKind::switch_statement) {}
    std::string label;
    bool regex = false, wildcard = false, exact = false, case_sensitive = false, parallel = false;
    ExprPtr file;                   // with -file
    StmtPtr condition;              // the ( value ), when not -file
    struct Clause {
        ExprPtr condition;          // a bare word, string, number, variable, ( ), or { script block }
        BlockPtr body;
    };
    std::vector<Clause> clauses;
    BlockPtr default_body;
};

// break, continue [label]; return, exit, throw [pipeline] (spec 8.5)
struct FlowControl : Stmt {
    FlowControl() : Stmt(NodeKind::flow_control) {}
    enum class Kind { break_, continue_, return_, exit, throw_ } flow = Kind::break_;
    ExprPtr label;                  // break/continue: a bare word or an expression
    StmtPtr pipeline;               // return/exit/throw
};

struct TryStatement : Stmt {
    TryStatement() : Stmt(NodeKind::try_statement) {}
    BlockPtr body;
    struct Catch {
        SourcePos pos;
        std::vector<TypeName> types;  // empty: catches everything
        BlockPtr body;
    };
    std::vector<Catch> catches;
    BlockPtr finally_body;
};

struct TrapStatement : Stmt {
    TrapStatement() : Stmt(NodeKind::trap_statement) {}
    bool has_type = false;
    TypeName type;
    BlockPtr body;
};

// [Name(positional, Named = value, Flag)] or, with is_type_constraint, [type] (spec 12).
struct AttributeAst : Node {
    AttributeAst() : Node(NodeKind::attribute) {}
    TypeName type;
    bool is_type_constraint = false;
    std::vector<ExprPtr> positional;
    struct Named {
        std::string name;
        ExprPtr value;              // null: "Mandatory" alone means $true
    };
    std::vector<Named> named;
};
using AttributePtr = std::unique_ptr<AttributeAst>;

struct ParameterAst : Node {
    ParameterAst() : Node(NodeKind::parameter) {}
    std::vector<AttributePtr> attributes;  // attributes and type constraints, in order
    std::unique_ptr<VariableExpr> variable;
    ExprPtr default_value;
};
using ParameterPtr = std::unique_ptr<ParameterAst>;

struct ParamBlock : Node {
    ParamBlock() : Node(NodeKind::param_block) {}
    std::vector<AttributePtr> attributes;  // [CmdletBinding()] and the like
    std::vector<ParameterPtr> parameters;
};

// A script, a function's body or a { } value (spec 8.10 and 7.1.8): a param block, then named
// blocks (begin, process, end, dynamicparam) or statements, which are the end block.
struct ScriptBlock : Node {
    ScriptBlock() : Node(NodeKind::script_block) {}
    std::unique_ptr<ParamBlock> param_block;
    BlockPtr begin_block, process_block, end_block, dynamicparam_block;
    bool named_blocks = false;      // false: end_block holds the statements written without a name
};

struct FunctionDefinition : Stmt {
    FunctionDefinition() : Stmt(NodeKind::function_definition) {}
    std::string name;
    bool is_filter = false;
    std::vector<ParameterPtr> parameters;  // function f($a, $b) { }
    ScriptBlockPtr body;
};

}  // namespace cusim::ps
