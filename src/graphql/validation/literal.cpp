// Literal-versus-type checks with graphql-js's messages; see literal.hpp.
#include "graphql/validation/literal.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include <stashql/parser.hpp>

#include "graphql/validation/suggestions.hpp"

namespace stashql::validation {
namespace {

using ValueKind = ast::ValueNode::Kind;

bool fits_32_bits(const std::string& text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.size() > 10) return false;
  std::int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc{}) return false;
  return number >= INT32_MIN && number <= INT32_MAX;
}

std::optional<std::string> enum_literal_error(const Type& type, const ast::ValueNode& value) {
  auto suggestions = [&](const std::string& printed) {
    std::vector<std::string_view> names;
    names.reserve(type.enum_values.size());
    for (const EnumValue& candidate : type.enum_values)
      names.emplace_back(candidate.name);
    return did_you_mean("the enum value", suggestion_list(printed, names));
  };
  if (value.kind != ValueKind::enumeration) {
    const std::string printed = print_value(value);
    return "Enum \"" + type.name + "\" cannot represent non-enum value: " + printed + "." +
           suggestions(printed);
  }
  if (type.enum_value(value.text) != nullptr) return std::nullopt;
  const std::string printed = print_value(value);
  return "Value \"" + printed + "\" does not exist in \"" + type.name + "\" enum." +
         suggestions(printed);
}

// Mirrors TypeInfo's input type stack: `top` is the type expected at `value`, `second` the
// one below it.
void visit_literal(const ast::ValueNode& value, const TypeRef& top, const TypeRef& second,
                   const LiteralErrorSink& sink) {
  if (value.kind == ValueKind::list) {
    const TypeRef list_type = top.nullable();
    const TypeRef item_type = list_type.is_list() ? list_type.of_type() : list_type;
    if (!check_value_node(value, item_type, top, sink)) return;
    for (const ast::ValueNode& item : value.list)
      visit_literal(item, item_type, top, sink);
    return;
  }
  if (!check_value_node(value, top, second, sink)) return;
  if (value.kind != ValueKind::object) return;
  const Type* object_type = top.named();
  for (const ast::ObjectField& field : value.fields) {
    const InputValue* definition =
        object_type != nullptr ? object_type->input_field(field.name.value) : nullptr;
    const TypeRef field_type = definition != nullptr ? definition->type : TypeRef{};
    check_object_field(field, field_type, top, sink);
    visit_literal(field.value, field_type, top, sink);
  }
}

// A @oneOf input object literal names exactly one field, and not as null.
void check_one_of(const Type& type, const ast::ValueNode& value, const LiteralErrorSink& sink) {
  std::vector<const ast::ObjectField*> distinct;  // the last field of each name, in first order
  for (const ast::ObjectField& field : value.fields) {
    auto same = std::find_if(distinct.begin(), distinct.end(), [&](const ast::ObjectField* seen) {
      return seen->name.value == field.name.value;
    });
    if (same == distinct.end()) {
      distinct.push_back(&field);
    } else {
      *same = &field;
    }
  }
  if (distinct.size() != 1) {
    sink("OneOf Input Object \"" + type.name + "\" must specify exactly one key.", value.loc);
  } else if (distinct.front()->value.kind == ValueKind::null) {
    sink("Field \"" + type.name + "." + distinct.front()->name.value + "\" must be non-null.",
         value.loc);
  }
}

// graphql-js's isValidValueNode: a literal where a leaf (or a mistaken composite) is expected.
void check_leaf_position(const ast::ValueNode& value, const TypeRef& location_type,
                         const LiteralErrorSink& sink) {
  if (!location_type.valid()) return;
  const Type* named = location_type.named();
  if (!named->is_leaf()) {
    sink("Expected value of type \"" + location_type.to_string() + "\", found " +
             print_value(value) + ".",
         value.loc);
    return;
  }
  if (auto error = leaf_literal_error(*named, value)) sink(std::move(*error), value.loc);
}

}  // namespace

std::optional<std::string> leaf_literal_error(const Type& leaf, const ast::ValueNode& value) {
  if (leaf.kind == TypeKind::enumeration) return enum_literal_error(leaf, value);
  if (!leaf.built_in) return std::nullopt;  // a custom scalar takes any literal
  const std::string& name = leaf.name;
  if (name == "Int") {
    if (value.kind != ValueKind::integer) {
      return "Int cannot represent non-integer value: " + print_value(value);
    }
    if (!fits_32_bits(value.text)) {
      return "Int cannot represent non 32-bit signed integer value: " + value.text;
    }
  } else if (name == "Float") {
    if (value.kind != ValueKind::floating && value.kind != ValueKind::integer) {
      return "Float cannot represent non numeric value: " + print_value(value);
    }
  } else if (name == "String") {
    if (value.kind != ValueKind::string) {
      return "String cannot represent a non string value: " + print_value(value);
    }
  } else if (name == "Boolean") {
    if (value.kind != ValueKind::boolean) {
      return "Boolean cannot represent a non boolean value: " + print_value(value);
    }
  } else if (name == "ID") {
    if (value.kind != ValueKind::string && value.kind != ValueKind::integer) {
      return "ID cannot represent a non-string and non-integer value: " + print_value(value);
    }
  }
  return std::nullopt;
}

bool check_value_node(const ast::ValueNode& value, const TypeRef& input_type,
                      const TypeRef& parent_input_type, const LiteralErrorSink& sink) {
  switch (value.kind) {
    case ValueKind::variable:
      return true;
    case ValueKind::list:
      if (!parent_input_type.nullable().is_list()) {
        check_leaf_position(value, input_type, sink);
        return false;
      }
      return true;
    case ValueKind::object: {
      const Type* type = input_type.named();
      if (type == nullptr || type->kind != TypeKind::input_object) {
        check_leaf_position(value, input_type, sink);
        return false;
      }
      for (const InputValue& field : type->input_fields) {
        if (!field.type.is_non_null() || field.default_value) continue;
        const bool provided = std::any_of(
            value.fields.begin(), value.fields.end(),
            [&](const ast::ObjectField& given) { return given.name.value == field.name; });
        if (!provided) {
          sink("Field \"" + type->name + "." + field.name + "\" of required type \"" +
                   field.type.to_string() + "\" was not provided.",
               value.loc);
        }
      }
      if (type->one_of) check_one_of(*type, value, sink);
      return true;
    }
    case ValueKind::null:
      if (input_type.is_non_null()) {
        sink("Expected value of type \"" + input_type.to_string() + "\", found null.", value.loc);
      }
      return true;
    case ValueKind::integer:
    case ValueKind::floating:
    case ValueKind::string:
    case ValueKind::boolean:
    case ValueKind::enumeration:
      check_leaf_position(value, input_type, sink);
      return true;
  }
  return true;
}

void check_object_field(const ast::ObjectField& field, const TypeRef& field_type,
                        const TypeRef& object_type, const LiteralErrorSink& sink) {
  const Type* parent = object_type.named();
  if (field_type.valid() || parent == nullptr || parent->kind != TypeKind::input_object) return;
  std::vector<std::string_view> names;
  names.reserve(parent->input_fields.size());
  for (const InputValue& candidate : parent->input_fields)
    names.emplace_back(candidate.name);
  sink("Field \"" + field.name.value + "\" is not defined by type \"" + parent->name + "\"." +
           did_you_mean(suggestion_list(field.name.value, names)),
       field.name.loc);
}

std::vector<GraphQLError> check_literal(const ast::ValueNode& value, const TypeRef& type) {
  std::vector<GraphQLError> errors;
  const LiteralErrorSink sink = [&errors](std::string message, Location loc) {
    GraphQLError error{std::move(message), {}, {}, {}};
    if (loc.line != 0) error.locations.push_back(loc);
    errors.push_back(std::move(error));
  };
  visit_literal(value, type, TypeRef{}, sink);
  return errors;
}

}  // namespace stashql::validation
