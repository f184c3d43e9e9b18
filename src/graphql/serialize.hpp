// Result coercion of leaf values (spec §3.5 and §3.9, "Result Coercion"): how a resolver's
// value for an Int, Float, String, Boolean, ID, enum or custom scalar field is written into
// the response, with graphql-js 16's serialize() rules (true -> 1 for Int, 1.5 -> "1.5" for
// String, numeric strings for Int/Float) and messages. Private to the execution layer.
#pragma once

#include <string>

#include <stashql/schema.hpp>
#include <stashql/value.hpp>

namespace stashql::detail {

// Appends the serialized non-null `value` of leaf `type` to `out` as JSON. On failure appends
// nothing, sets `error` to the field error's message and returns false.
bool serialize_leaf(const Schema& schema, const Type& type, const Value& value, std::string& out,
                    std::string& error);

// Appends `value` as JSON.stringify would write it (JavaScript number formatting and property
// order). Returns false, having appended a partial text, when `value` nests deeper than
// `max_depth`.
bool write_js_json(std::string& out, const Value& value, int max_depth);

}  // namespace stashql::detail
