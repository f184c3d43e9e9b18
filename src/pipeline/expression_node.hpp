// The compiled form of an expression: a tree of nodes built once by the parser and walked per
// request by the evaluator. Constant subtrees are folded into literals at compile time, and
// path keys are stored as strings here so that reading `stash.user.name` allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/expression.hpp>
#include <stashql/value.hpp>

namespace stashql::expr::detail {

enum class Op : std::uint8_t {
  literal,      // value
  path,         // root (or children[0]) followed by segments
  list,         // children
  object,       // keys[i]: children[i]
  call,         // function(children…)
  conditional,  // children[0] ? children[1] : children[2]
  coalesce,     // children[0] ?? children[1]
  logical_and,
  logical_or,
  logical_not,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  in,
  not_in,
  add,
  subtract,
  multiply,
  divide,
  remainder,
  negate,
};

struct Node;
struct Function;

// One step of a path: `.name`, `["key"]`, `[0]`, `[-1]` or `[expr]`.
struct Segment {
  enum class Kind : std::uint8_t { name, key, index, expression };
  Kind kind = Kind::name;
  std::string key;                         // name, key
  std::int64_t index = 0;                  // index
  std::unique_ptr<const Node> expression;  // expression
  std::size_t end = 0;  // length of the path's text up to and including this segment
};

struct Node {
  Op op = Op::literal;
  bool constant = true;           // reads no root and calls nothing whose value changes
  bool folding_failed = false;    // constant, but evaluating it gives an EvalError
  std::uint16_t height = 1;       // of the tree below: bounds the evaluator's recursion
  std::size_t offset = 0;         // in the expression's text
  Value value;                    // literal
  std::optional<Root> root;       // path: the root it starts at; otherwise children[0] is the base
  std::vector<Segment> segments;  // path
  std::string text;               // path: its source text, for messages
  std::vector<std::unique_ptr<const Node>> children;
  std::vector<std::string> keys;       // object
  const Function* function = nullptr;  // call
};

// Strings and lists built while evaluating are bounded, so that nested growth
// (`json(json(json(…)))`, `replace(s, 'a', s)`) fails with an EvalError instead of exhausting
// memory: text from an expression is at most 16 MiB, a list from split() 1M items.
inline constexpr std::size_t kMaxBuiltBytes = std::size_t{16} << 20;
inline constexpr std::size_t kMaxBuiltItems = std::size_t{1} << 20;

// A function of the library. Arguments arrive evaluated; a function may move out of those it
// owns. max_args == kVariadic takes any number from min_args up.
enum class Purity : std::uint8_t { pure, changing };
inline constexpr std::uint8_t kVariadic = 255;
using FunctionImpl = EvalResult (*)(std::span<Evaluated> args);
struct Function {
  std::string_view name;
  std::uint8_t min_args;
  std::uint8_t max_args;
  Purity purity;
  FunctionImpl impl;
};

// nullptr when there is no function of that name.
const Function* find_function(std::string_view name);

// Evaluates a compiled node against the scope.
EvalResult evaluate_node(const Node& node, const Scope& scope);

// Deep equality: 1 == 1.0, objects equal whatever their member order.
bool deep_equal(const Value& a, const Value& b);

}  // namespace stashql::expr::detail
