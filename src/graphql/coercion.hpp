// Input coercion (spec §6.1.2 variables, §6.4.1 arguments, §3.5 scalar input rules) with
// graphql-js 16's exact results and messages: literals through its valueFromAST, request
// variables through its coerceInputValue, field and directive arguments through its
// getArgumentValues. Private to the execution layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/result.hpp>
#include <stashql/schema.hpp>
#include <stashql/value.hpp>

namespace stashql::detail {

// graphql-js's valueFromAST: the literal coerced to `type`, with variables (an object of
// coerced variables, or nullptr) substituted; nullopt when the literal is invalid.
std::optional<Value> value_from_ast(const Schema& schema, const ast::ValueNode& node, TypeRef type,
                                    const Value* variables);

// An argument's or input field's default value, coerced; nullopt when it has none (or when it
// does not coerce, which graphql-js also treats as having none).
std::optional<Value> coerced_default(const Schema& schema, const InputValue& input);

// graphql-js's getArgumentValues: the arguments of a field or directive as an object, in
// definition order, or the first error. `node_loc` is the field's or directive's location.
// `undefined_variables` names variables that are defined but hold no value (an invalid
// default, possible only in a document that skipped validation): graphql-js treats them as
// provided, yet null.
Result<Value, GraphQLError> coerce_arguments(
    const Schema& schema, const std::vector<InputValue>& definitions,
    const std::vector<ast::Argument>& arguments, Location node_loc, const Value& variables,
    const std::vector<std::string_view>& undefined_variables = {});

}  // namespace stashql::detail
