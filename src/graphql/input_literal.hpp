// Input literals checked against their types at load time (SDL default values and directive
// arguments), and their canonical form: what graphql-js prints for a default value in SDL and
// introspection (its valueFromAST followed by astFromValue), e.g. `Float = 1.0` prints `1`,
// `[Int] = 1` prints `[1]`, and input object defaults gain their fields' own defaults.
#pragma once

#include <optional>
#include <string>

#include <stashql/ast.hpp>
#include <stashql/schema.hpp>

namespace stashql {

// The canonical literal of `literal` as a value of `type`, or nullopt if the literal is not a
// valid value of that type (variables are never valid here).
std::optional<ast::ValueNode> canonical_literal(const ast::ValueNode& literal, const TypeRef& type);

// The default value as introspection's `defaultValue` and the SDL printer show it; nullopt when
// there is none.
std::optional<std::string> print_default_value(const InputValue& value);

// A double as JavaScript's Number#toString writes it: "1", "0.5", "1e+21", "1.5e-7".
std::string js_number_string(double value);

}  // namespace stashql
