// The parser of the expression language: tokens to a tree of Nodes, checking names, function
// arities and nesting, recording which roots are read and where, and folding constant
// subtrees. Precedence, lowest first: ?: , ??, or, and, not, comparisons and `in`, + -,
// * / %, unary -, then paths and calls.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <stashql/expression.hpp>
#include <stashql/result.hpp>

#include "pipeline/expression_node.hpp"

namespace stashql::expr::detail {

struct Parsed {
  std::unique_ptr<const Node> root;
  RootSet roots = 0;
  std::vector<Reference> references;
  bool changes = false;  // it calls a function whose value changes (uuid, now)
};

// How deep brackets, calls and unary operators may nest, and how tall the tree may grow
// (a long `a + b + c + …` chain is tall but not nested).
inline constexpr int kMaxNesting = 64;
inline constexpr int kMaxHeight = 256;

Result<Parsed, CompileError> parse(std::string_view text);

}  // namespace stashql::expr::detail
