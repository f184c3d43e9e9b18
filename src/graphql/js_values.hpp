// JavaScript's way with values, as graphql-js's messages show them: inspect() (how a value
// is printed in an error message), String(number), Number(string), own-property order, and
// types printed as written. Private to the execution layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/value.hpp>

namespace stashql::detail {

// A value as graphql-js's inspect() prints it in messages: strings quoted, objects as
// `{ a: 1 }`, nesting beyond two levels as `[Object]` / `[Array]`, long lists shortened.
std::string inspect(const Value& value);

// A number as JavaScript's String(n) writes it; integers beyond 2^53 are rounded as a
// JavaScript number would be.
std::string js_number(const Value& number);

// JavaScript's Number(string): trims white space, accepts decimal, 0x/0o/0b and Infinity
// forms; nullopt where JavaScript gives NaN.
std::optional<double> js_string_to_number(std::string_view text);

// The members of an object in JavaScript's own-property order (inspect, JSON.stringify and
// Object.keys use it): array index keys ("0", "17") first in numeric order, then the rest in
// insertion order.
std::vector<const Member*> js_property_order(const Object& object);
bool has_array_index_key(const Object& object);

// An AST type reference as written: `[Int!]`.
std::string print_type(const ast::Type& type);

}  // namespace stashql::detail
