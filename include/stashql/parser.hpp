// The GraphQL lexer and parser (spec October 2021, §2 and §3). One entry point parses any
// document — executable definitions, SDL, or both — and the caller decides what it accepts
// (validation rejects type definitions in requests; the schema builder rejects operations).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <stashql/ast.hpp>
#include <stashql/result.hpp>

namespace stashql {

// A syntax error, with graphql-js's wording: "Syntax Error: Expected Name, found \"}\"."
struct SyntaxError {
  std::string message;
  Location loc;
};

struct ParseLimits {
  std::size_t max_tokens = 100'000;  // hostile documents are refused before they cost much
  std::size_t max_depth = 128;       // nesting of selections, values and types
};

Result<ast::Document, SyntaxError> parse(std::string_view source, ParseLimits limits = {});

// Parses a single input value literal, with no variables (e.g. a default value in config).
Result<ast::ValueNode, SyntaxError> parse_value(std::string_view source, ParseLimits limits = {});

// Prints a value literal as GraphQL source (for introspection's defaultValue): `{a: [1, "x"]}`.
std::string print_value(const ast::ValueNode& value);

}  // namespace stashql
