// Canonical input literals (see input_literal.hpp): coercion of a literal as graphql-js's
// valueFromAST, then re-serialisation as its astFromValue, done in one walk over the literal.
#include "graphql/input_literal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>
#include <vector>

#include <stashql/json.hpp>
#include <stashql/parser.hpp>

namespace stashql {
namespace {

using Node = ast::ValueNode;
using NodeKind = ast::ValueNode::Kind;

// Nesting of lists and input objects, literals and filled-in defaults together.
constexpr int kMaxDepth = 64;

Node make(NodeKind kind, std::string text = {}) {
  Node node;
  node.kind = kind;
  node.text = std::move(text);
  return node;
}

bool is_integer_string(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  if (s.empty()) return false;
  if (s[0] == '0') return s.size() == 1;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<double> parse_double(const std::string& text) {
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  return d;
}

// A JavaScript number as astFromValue writes it: an Int literal when it prints as an integer.
std::optional<Node> number_node(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  std::string text = js_number_string(d);
  bool integer = is_integer_string(text);
  return make(integer ? NodeKind::integer : NodeKind::floating, std::move(text));
}

// A custom scalar's literal: graphql-js parses it untyped (numbers become JavaScript numbers,
// enum names become strings) and prints it back.
std::optional<Node> untyped(const Node& literal, int depth) {
  if (depth > kMaxDepth) return std::nullopt;
  switch (literal.kind) {
    case NodeKind::variable:
      return std::nullopt;
    case NodeKind::integer:
    case NodeKind::floating: {
      auto d = parse_double(literal.text);
      if (!d) return std::nullopt;
      return number_node(*d);
    }
    case NodeKind::string:
    case NodeKind::enumeration:
      return make(NodeKind::string, literal.text);
    case NodeKind::boolean: {
      Node node = make(NodeKind::boolean);
      node.boolean = literal.boolean;
      return node;
    }
    case NodeKind::null:
      return make(NodeKind::null);
    case NodeKind::list: {
      Node node = make(NodeKind::list);
      for (const Node& item : literal.list) {
        auto c = untyped(item, depth + 1);
        if (!c) return std::nullopt;
        node.list.push_back(std::move(*c));
      }
      return node;
    }
    case NodeKind::object: {
      Node node = make(NodeKind::object);
      for (const ast::ObjectField& field : literal.fields) {
        auto c = untyped(field.value, depth + 1);
        if (!c) return std::nullopt;
        node.fields.push_back(ast::ObjectField{ast::Name{field.name.value, {}}, std::move(*c)});
      }
      return node;
    }
  }
  return std::nullopt;
}

std::optional<Node> scalar(const Node& literal, const Type& type, int depth) {
  if (!type.built_in) return untyped(literal, depth);
  const std::string& name = type.name;
  if (name == "Int") {
    if (literal.kind != NodeKind::integer) return std::nullopt;
    std::int64_t v = 0;
    const char* first = literal.text.data();
    const char* last = first + literal.text.size();
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc{} || ptr != last) return std::nullopt;
    if (v < std::numeric_limits<std::int32_t>::min() ||
        v > std::numeric_limits<std::int32_t>::max()) {
      return std::nullopt;
    }
    return make(NodeKind::integer, std::to_string(v));
  }
  if (name == "Float") {
    if (literal.kind != NodeKind::integer && literal.kind != NodeKind::floating) {
      return std::nullopt;
    }
    auto d = parse_double(literal.text);
    if (!d) return std::nullopt;
    return number_node(*d);
  }
  if (name == "String") {
    if (literal.kind != NodeKind::string) return std::nullopt;
    return make(NodeKind::string, literal.text);
  }
  if (name == "Boolean") {
    if (literal.kind != NodeKind::boolean) return std::nullopt;
    Node node = make(NodeKind::boolean);
    node.boolean = literal.boolean;
    return node;
  }
  if (name == "ID") {
    if (literal.kind != NodeKind::string && literal.kind != NodeKind::integer) {
      return std::nullopt;
    }
    bool integer = is_integer_string(literal.text);
    return make(integer ? NodeKind::integer : NodeKind::string, literal.text);
  }
  return untyped(literal, depth);
}

// The state of one canonical_literal call.
struct Walk {
  int depth = 0;
  // The input fields whose default values are being filled in, outermost first: a default that
  // needs itself (`input A { a: A = {} }`) has no finite value.
  std::vector<const InputValue*> expanding;
  bool cyclic = false;
};

std::optional<Node> canonical(const Node& literal, const TypeRef& type, Walk& walk);

std::optional<Node> input_object(const Node& literal, const Type& type, Walk& walk) {
  if (literal.kind != NodeKind::object) return std::nullopt;
  for (const ast::ObjectField& given : literal.fields) {
    if (type.input_field(given.name.value) == nullptr) return std::nullopt;
  }
  Node node = make(NodeKind::object);
  for (const InputValue& field : type.input_fields) {
    const Node* given = nullptr;
    for (const ast::ObjectField& f : literal.fields) {
      if (f.name.value == field.name) {
        given = &f.value;
        break;
      }
    }
    std::optional<Node> c;
    if (given != nullptr) {
      c = canonical(*given, field.type, walk);
      if (!c) return std::nullopt;
    } else if (field.default_value) {
      auto& expanding = walk.expanding;
      if (std::find(expanding.begin(), expanding.end(), &field) != expanding.end()) {
        walk.cyclic = true;
        return std::nullopt;
      }
      expanding.push_back(&field);
      c = canonical(*field.default_value, field.type, walk);
      expanding.pop_back();
      if (walk.cyclic) return std::nullopt;
    }
    if (!c) {
      if (field.type.is_non_null()) return std::nullopt;
      continue;  // absent, and no usable default: the field is left out
    }
    node.fields.push_back(ast::ObjectField{ast::Name{field.name, {}}, std::move(*c)});
  }
  if (type.one_of && (node.fields.size() != 1 || node.fields[0].value.kind == NodeKind::null)) {
    return std::nullopt;  // exactly one field, and not null
  }
  return node;
}

std::optional<Node> canonical_at(const Node& literal, const TypeRef& type, Walk& walk) {
  if (type.is_non_null()) {
    if (literal.kind == NodeKind::null) return std::nullopt;
    return canonical_at(literal, type.of_type(), walk);
  }
  if (literal.kind == NodeKind::null) return make(NodeKind::null);
  if (type.is_list()) {
    TypeRef item_type = type.of_type();
    Node node = make(NodeKind::list);
    if (literal.kind == NodeKind::list) {
      for (const Node& item : literal.list) {
        auto c = canonical(item, item_type, walk);
        if (!c) return std::nullopt;
        node.list.push_back(std::move(*c));
      }
      return node;
    }
    // A single value where a list is expected is a list of one (spec §3.11 input coercion).
    auto c = canonical(literal, item_type, walk);
    if (!c) return std::nullopt;
    node.list.push_back(std::move(*c));
    return node;
  }
  const Type& named = *type.named();
  switch (named.kind) {
    case TypeKind::input_object:
      return input_object(literal, named, walk);
    case TypeKind::enumeration:
      if (literal.kind != NodeKind::enumeration || named.enum_value(literal.text) == nullptr) {
        return std::nullopt;
      }
      return make(NodeKind::enumeration, literal.text);
    case TypeKind::scalar:
      return scalar(literal, named, walk.depth);
    default:
      return std::nullopt;  // not an input type
  }
}

std::optional<Node> canonical(const Node& literal, const TypeRef& type, Walk& walk) {
  if (walk.depth >= kMaxDepth || !type.valid() || literal.kind == NodeKind::variable) {
    return std::nullopt;
  }
  ++walk.depth;
  auto c = canonical_at(literal, type, walk);
  --walk.depth;
  return c;
}

}  // namespace

std::optional<ast::ValueNode> canonical_literal(const ast::ValueNode& literal,
                                                const TypeRef& type) {
  Walk walk;
  return canonical(literal, type, walk);
}

std::optional<std::string> print_default_value(const InputValue& value) {
  if (!value.default_value) return std::nullopt;
  auto c = canonical_literal(*value.default_value, value.type);
  if (!c) return std::nullopt;
  return print_value(*c);
}

std::string js_number_string(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  std::string out;
  write_json_number(out, value);
  return out;
}

}  // namespace stashql
