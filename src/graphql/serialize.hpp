// Result coercion of leaf values (spec §3.5 and §3.9, "Result Coercion"): how a resolver's
// value for an Int, Float, String, Boolean, ID, enum or custom scalar field is written into
// the response, with graphql-js 16's serialize() rules (true -> 1 for Int, 1.5 -> "1.5" for
// String, numeric strings for Int/Float) and messages. Private to the execution layer.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <stashql/json.hpp>
#include <stashql/schema.hpp>
#include <stashql/value.hpp>

namespace stashql::detail {

// Appends the serialized non-null `value` of leaf `type` to `out` as JSON. On failure appends
// nothing, sets `error` to the field error's message and returns false.
bool serialize_leaf(const Schema& schema, const Type& type, const Value& value, std::string& out,
                    std::string& error);

// The built-in scalar a field's values are written as without serialize_leaf's coercion when
// they already have its kind (a string for String, an integer for Int, ...): most leaves of
// most answers. `none`: a list, an object, an enum or a custom scalar, always written by
// serialize_leaf.
enum class PlainLeaf : std::uint8_t { none, string, int32, boolean, id, floating };

PlainLeaf plain_leaf(const Schema& schema, TypeRef type);

inline void write_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out.append(buf, static_cast<std::size_t>(ptr - buf));
}

// Appends `value` as serialize_leaf would when it has the kind `leaf` writes plainly, and
// returns whether it did; appends nothing and returns false otherwise (null included).
inline bool write_plain_leaf(PlainLeaf leaf, const Value& value, std::string& out) {
  constexpr std::int64_t kMaxInt = std::numeric_limits<std::int32_t>::max();
  constexpr std::int64_t kMinInt = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t kMaxExact = std::int64_t{1} << 53;  // as a JavaScript Number
  switch (leaf) {
    case PlainLeaf::none:
      return false;
    case PlainLeaf::string:
    case PlainLeaf::id:
      if (value.is_string()) {
        write_json_string(out, value.as_string());
        return true;
      }
      if (leaf == PlainLeaf::id && value.is_int() && value.as_int() <= kMaxExact &&
          value.as_int() >= -kMaxExact) {
        out += '"';
        write_int(out, value.as_int());
        out += '"';
        return true;
      }
      return false;
    case PlainLeaf::int32:
      if (!value.is_int() || value.as_int() > kMaxInt || value.as_int() < kMinInt) return false;
      write_int(out, value.as_int());
      return true;
    case PlainLeaf::boolean:
      if (!value.is_bool()) return false;
      out += value.as_bool() ? "true" : "false";
      return true;
    case PlainLeaf::floating:
      if (value.is_double() && std::isfinite(value.as_double())) {
        write_json_number(out, value.as_double());
        return true;
      }
      return false;
  }
  return false;
}

// Appends `value` as JSON.stringify would write it (JavaScript number formatting and property
// order). Returns false, having appended a partial text, when `value` nests deeper than
// `max_depth`.
bool write_js_json(std::string& out, const Value& value, int max_depth);

}  // namespace stashql::detail
