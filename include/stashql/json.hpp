// JSON text <-> Value. The parser is strict RFC 8259 (no comments, no trailing commas), bounds
// nesting so hostile input cannot exhaust the stack, and reports line:column. The writer
// appends to a caller's buffer so responses are built in place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <stashql/result.hpp>
#include <stashql/value.hpp>

namespace stashql {

struct JsonError {
  std::string message;  // e.g. "unexpected character '}'"
  std::size_t offset = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

struct JsonLimits {
  std::size_t max_depth = 256;
};

// Parses exactly one JSON value (surrounding whitespace allowed). Integers that fit in int64
// become integers; other numbers become doubles.
Result<Value, JsonError> parse_json(std::string_view text, JsonLimits limits = {});

// Appends the compact JSON text of `v` to `out`. Doubles are written in the shortest form
// that reads back the same, as JavaScript writes them; non-finite doubles are written as null.
void write_json(std::string& out, const Value& v);
// Appends a double as JavaScript writes it (Number#toString, JSON.stringify): "1", "0.5",
// "1e+21", "1.5e-7" — responses read the same as a JavaScript server's. Non-finite: null.
void write_json_number(std::string& out, double d);
// Appends `s` as a quoted, escaped JSON string.
void write_json_string(std::string& out, std::string_view s);
std::string to_json(const Value& v);

}  // namespace stashql
