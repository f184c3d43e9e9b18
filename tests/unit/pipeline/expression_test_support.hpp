// Shared helpers of the expression tests: one scope built from JSON that every case reads, and
// short ways to compile and evaluate or to get the error.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

namespace stashql::expr::testing {

inline constexpr std::string_view kScopeJson = R"({
  "args": {"input": {"title": "Hello", "tags": ["a", "b"]}, "id": "p1", "n": 3,
           "key-with-dash": "dash", "x": 1},
  "source": {"id": 7, "name": "Src"},
  "identity": {"sub": "u1", "username": "alice", "groups": ["admin", "dev"]},
  "headers": {"x-request-id": "r-1"},
  "info": {"fieldName": "createPost", "parentTypeName": "Mutation"},
  "stash": {"count": 5, "user": {"name": "Alice", "maxPosts": 10, "nick": null},
            "items": [1, 2, 3], "empty": [], "s": "héllo", "f": 1.5, "zero": 0, "t": true,
            "obj": {}, "big": 9223372036854775807, "k": "name"},
  "prev": {"a": 1, "b": [10, 20]},
  "item": {"price": 2.5, "qty": 4}
})";

// The scope's data lives as long as the test binary: references into it stay valid.
inline const Value& scope_data() {
  static const Value data = [] {
    auto parsed = parse_json(kScopeJson);
    if (!parsed) std::abort();
    return *parsed;
  }();
  return data;
}

inline const Scope& test_scope() {
  static const Scope scope = [] {
    Scope s;
    for (std::size_t i = 0; i < kRootCount; ++i) {
      const auto root = static_cast<Root>(i);
      s.set(root, scope_data().find(root_name(root)));
    }
    return s;
  }();
  return scope;
}

// Compiles and evaluates; the result's compact JSON, or "ERROR: <message>".
inline std::string eval_json(std::string_view text) {
  auto compiled = Expression::compile(text);
  if (!compiled) return "COMPILE ERROR: " + compiled.error().message;
  auto result = compiled->evaluate(test_scope());
  if (!result) return "ERROR: " + result.error().message;
  return to_json(result->get());
}

inline Value eval_value(std::string_view text) {
  auto compiled = Expression::compile(text);
  EXPECT_TRUE(compiled.has_value()) << text << ": " << (compiled ? "" : compiled.error().message);
  if (!compiled) return Value();
  auto result = compiled->evaluate(test_scope());
  EXPECT_TRUE(result.has_value()) << text << ": " << (result ? "" : result.error().message);
  if (!result) return Value();
  return std::move(*result).take();
}

// The run-time error of an expression that compiles.
inline std::string eval_error(std::string_view text) {
  auto compiled = Expression::compile(text);
  EXPECT_TRUE(compiled.has_value()) << text << ": " << (compiled ? "" : compiled.error().message);
  if (!compiled) return "";
  auto result = compiled->evaluate(test_scope());
  EXPECT_FALSE(result.has_value()) << text << " evaluated to " << to_json(result->get());
  return result ? "" : result.error().message;
}

inline CompileError compile_error(std::string_view text) {
  auto compiled = Expression::compile(text);
  EXPECT_FALSE(compiled.has_value()) << text;
  return compiled ? CompileError{} : compiled.error();
}

// A row of a table: an expression and the compact JSON of its value (or of its error).
struct EvalCase {
  std::string_view text;
  std::string_view expected;
};

// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks it up by this name
inline void PrintTo(const EvalCase& c, std::ostream* os) {
  *os << c.text;
}

}  // namespace stashql::expr::testing
