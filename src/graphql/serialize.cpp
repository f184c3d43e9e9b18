// Leaf serialization with graphql-js 16's rules and messages (see serialize.hpp).
#include "graphql/serialize.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include <stashql/json.hpp>

#include "graphql/js_values.hpp"

namespace stashql::detail {
namespace {

constexpr double kMaxInt = std::numeric_limits<std::int32_t>::max();
constexpr double kMinInt = std::numeric_limits<std::int32_t>::min();
// Custom scalar values come from resolvers and may be built by hand: bound their nesting.
constexpr int kMaxCustomScalarDepth = 512;

bool is_integral(double d) {
  return std::isfinite(d) && std::trunc(d) == d;
}

// The number serializeObject(value) becomes for Int and Float: booleans count as 1 and 0,
// non-empty strings go through Number(). nullopt: not a number (NaN or another kind).
std::optional<double> numeric(const Value& value) {
  switch (value.kind()) {
    case Kind::boolean:
      return value.as_bool() ? 1.0 : 0.0;
    case Kind::integer:
    case Kind::number:
      return value.as_number();
    case Kind::string:
      if (value.as_string().empty()) return std::nullopt;
      return js_string_to_number(value.as_string());
    default:
      return std::nullopt;
  }
}

bool serialize_int(const Value& value, std::string& out, std::string& error) {
  if (value.is_int()) {  // the common case, exact for all of int64
    std::int64_t i = value.as_int();
    if (i > static_cast<std::int64_t>(kMaxInt) || i < static_cast<std::int64_t>(kMinInt)) {
      error = "Int cannot represent non 32-bit signed integer value: " + inspect(value);
      return false;
    }
    write_int(out, i);
    return true;
  }
  std::optional<double> num = numeric(value);
  if (!num || !is_integral(*num)) {
    error = "Int cannot represent non-integer value: " + inspect(value);
    return false;
  }
  if (*num > kMaxInt || *num < kMinInt) {
    error = "Int cannot represent non 32-bit signed integer value: " + inspect(value);
    return false;
  }
  write_int(out, static_cast<std::int64_t>(*num));
  return true;
}

bool serialize_float(const Value& value, std::string& out, std::string& error) {
  if (value.is_int()) {
    write_json_number(out, static_cast<double>(value.as_int()));  // as JavaScript's Number
    return true;
  }
  std::optional<double> num = numeric(value);
  if (!num || !std::isfinite(*num)) {
    error = "Float cannot represent non numeric value: " + inspect(value);
    return false;
  }
  write_json_number(out, *num);  // straight into the response: no string per field
  return true;
}

bool serialize_string(const Value& value, std::string& out, std::string& error) {
  switch (value.kind()) {
    case Kind::string:
      write_json_string(out, value.as_string());
      return true;
    case Kind::boolean:
      out += value.as_bool() ? "\"true\"" : "\"false\"";
      return true;
    case Kind::integer:
    case Kind::number:
      if (std::isfinite(value.as_number())) {
        out += '"';
        out += js_number(value);
        out += '"';
        return true;
      }
      break;
    default:
      break;
  }
  error = "String cannot represent value: " + inspect(value);
  return false;
}

bool serialize_boolean(const Value& value, std::string& out, std::string& error) {
  if (value.is_bool()) {
    out += value.as_bool() ? "true" : "false";
    return true;
  }
  if (value.is_number() && std::isfinite(value.as_number())) {
    out += value.as_number() != 0 ? "true" : "false";
    return true;
  }
  error = "Boolean cannot represent a non boolean value: " + inspect(value);
  return false;
}

bool serialize_id(const Value& value, std::string& out, std::string& error) {
  if (value.is_string()) {
    write_json_string(out, value.as_string());
    return true;
  }
  if (value.is_int() || (value.is_double() && is_integral(value.as_double()))) {
    out += '"';
    out += js_number(value);
    out += '"';
    return true;
  }
  error = "ID cannot represent value: " + inspect(value);
  return false;
}

}  // namespace

bool write_js_json(std::string& out, const Value& value, int max_depth) {
  switch (value.kind()) {
    case Kind::null:
      out += "null";
      return true;
    case Kind::boolean:
      out += value.as_bool() ? "true" : "false";
      return true;
    case Kind::integer:
      write_int(out, value.as_int());
      return true;
    case Kind::number:
      write_json_number(out, value.as_double());  // non-finite: null, as JSON.stringify
      return true;
    case Kind::string:
      write_json_string(out, value.as_string());
      return true;
    case Kind::list: {
      if (max_depth <= 0) return false;
      out += '[';
      bool first = true;
      for (const Value& item : value.as_list()) {
        if (!first) out += ',';
        first = false;
        if (!write_js_json(out, item, max_depth - 1)) return false;
      }
      out += ']';
      return true;
    }
    case Kind::object: {
      if (max_depth <= 0) return false;
      const Object& object = value.as_object();
      auto write_member = [&](const Member& m) {
        write_json_string(out, m.first);
        out += ':';
        return write_js_json(out, m.second, max_depth - 1);
      };
      out += '{';
      bool first = true;
      if (has_array_index_key(object)) {
        for (const Member* m : js_property_order(object)) {
          if (!first) out += ',';
          first = false;
          if (!write_member(*m)) return false;
        }
      } else {
        for (const Member& m : object) {
          if (!first) out += ',';
          first = false;
          if (!write_member(m)) return false;
        }
      }
      out += '}';
      return true;
    }
  }
  return false;
}

PlainLeaf plain_leaf(const Schema& schema, TypeRef type) {
  if (type.is_non_null()) type = type.of_type();
  if (type.is_list()) return PlainLeaf::none;
  const Type* named = type.named();
  if (named == schema.string_type()) return PlainLeaf::string;
  if (named == schema.int_type()) return PlainLeaf::int32;
  if (named == schema.boolean_type()) return PlainLeaf::boolean;
  if (named == schema.id_type()) return PlainLeaf::id;
  if (named == schema.float_type()) return PlainLeaf::floating;
  return PlainLeaf::none;
}

bool serialize_leaf(const Schema& schema, const Type& type, const Value& value, std::string& out,
                    std::string& error) {
  if (type.kind == TypeKind::enumeration) {
    // An SDL enum's internal values are its names.
    if (value.is_string() && type.enum_value(value.as_string()) != nullptr) {
      out += '"';
      out += value.as_string();  // a GraphQL name: nothing to escape
      out += '"';
      return true;
    }
    error = "Enum \"" + type.name + "\" cannot represent value: " + inspect(value);
    return false;
  }
  if (&type == schema.string_type()) return serialize_string(value, out, error);
  if (&type == schema.int_type()) return serialize_int(value, out, error);
  if (&type == schema.boolean_type()) return serialize_boolean(value, out, error);
  if (&type == schema.id_type()) return serialize_id(value, out, error);
  if (&type == schema.float_type()) return serialize_float(value, out, error);
  // A custom scalar's serialize is the identity.
  std::size_t start = out.size();
  if (!write_js_json(out, value, kMaxCustomScalarDepth)) {
    out.resize(start);
    error = "Scalar \"" + type.name + "\" cannot represent a value nested this deeply.";
    return false;
  }
  return true;
}

}  // namespace stashql::detail
