// Whether an input literal fits an input type, with graphql-js's messages: Int within 32
// bits, Float, String, Boolean, ID (a string or an integer), enum values by name, input
// objects (required fields present, no unknown ones), lists (a single item stands for a
// list of one), null only where nullable, and any literal for a custom scalar. Shared by the
// ValuesOfCorrectType rule, which applies it node by node during the walk, and by whoever
// needs to check one literal (check_literal).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/schema.hpp>

namespace stashql::validation {

using LiteralErrorSink = std::function<void(std::string message, Location loc)>;

// The error graphql-js's parseLiteral gives for `value` where the leaf type `leaf` (a scalar
// or an enum) is expected, or nullopt when it fits.
std::optional<std::string> leaf_literal_error(const Type& leaf, const ast::ValueNode& value);

// The checks ValuesOfCorrectType makes on entering `value`, given what TypeInfo holds there:
// `input_type` (for a list, the type of its items) and `parent_input_type`. Returns false
// when the rule does not look inside the value.
bool check_value_node(const ast::ValueNode& value, const TypeRef& input_type,
                      const TypeRef& parent_input_type, const LiteralErrorSink& sink);

// The check on entering an object field: `field_type` is invalid when the input object
// (`object_type`) has no such field.
void check_object_field(const ast::ObjectField& field, const TypeRef& field_type,
                        const TypeRef& object_type, const LiteralErrorSink& sink);

// Every error ValuesOfCorrectType reports for `value` at a position of type `type`, in its
// order, with locations; variables are taken as fitting. Empty when the literal fits.
std::vector<GraphQLError> check_literal(const ast::ValueNode& value, const TypeRef& type);

}  // namespace stashql::validation
