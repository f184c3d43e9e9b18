// print_schema: the schema as SDL, character for character what graphql-js 16's printSchema
// writes for the same schema (so `stashql schema --sdl` can be diffed against any reference
// tool): the schema block only when needed, user directives, then user types in type map
// order; descriptions as block strings where they can be; default values in canonical form.
#include <string>
#include <string_view>
#include <vector>

#include <stashql/parser.hpp>
#include <stashql/schema.hpp>

#include "graphql/input_literal.hpp"

namespace stashql {
namespace {

constexpr std::string_view kDefaultDeprecationReason = "No longer supported";

bool is_specified_directive(std::string_view name) {
  return name == "include" || name == "skip" || name == "deprecated" || name == "specifiedBy" ||
         name == "oneOf";
}

// graphql-js's isPrintableAsBlockString: no control characters, no leading or trailing blank
// line, and no indentation common to every line (a block string would strip it).
bool is_printable_as_block_string(std::string_view value) {
  if (value.empty()) return true;
  bool empty_line = true;
  bool has_indent = false;
  bool has_common_indent = true;
  bool seen_non_empty_line = false;
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\n':
        if (empty_line && !seen_non_empty_line) return false;  // a leading new line
        seen_non_empty_line = true;
        empty_line = true;
        has_indent = false;
        break;
      case '\t':
      case ' ':
        has_indent = has_indent || empty_line;
        break;
      default:
        if (c <= 0x08 || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x0E || c == 0x0F) {
          return false;
        }
        has_common_indent = has_common_indent && has_indent;
        empty_line = false;
    }
  }
  if (empty_line) return false;                                // trailing empty lines
  if (has_common_indent && seen_non_empty_line) return false;  // an indent on every line
  return true;
}

std::string print_string_literal(const std::string& value, bool block) {
  ast::ValueNode node;
  node.kind = ast::ValueNode::Kind::string;
  node.text = value;
  node.block = block;
  return print_value(node);
}

std::string print_description(const std::string& description, std::string_view indentation = {},
                              bool first_in_block = true) {
  if (description.empty()) return {};
  std::string literal =
      print_string_literal(description, is_printable_as_block_string(description));
  std::string out;
  if (!indentation.empty() && !first_in_block) {
    out += '\n';
  }
  out += indentation;
  for (char c : literal) {
    out += c;
    if (c == '\n') out += indentation;
  }
  out += '\n';
  return out;
}

std::string print_deprecated(bool deprecated, const std::string& reason) {
  if (!deprecated) return {};
  if (reason == kDefaultDeprecationReason) return " @deprecated";
  return " @deprecated(reason: " + print_string_literal(reason, false) + ")";
}

std::string print_input_value(const InputValue& value) {
  std::string out = value.name + ": " + value.type.to_string();
  if (auto printed = print_default_value(value)) out += " = " + *printed;
  return out + print_deprecated(value.deprecated, value.deprecation_reason);
}

std::string print_args(const std::vector<InputValue>& args, std::string_view indentation = {}) {
  if (args.empty()) return {};
  bool any_description = false;
  for (const InputValue& arg : args)
    any_description = any_description || !arg.description.empty();
  std::string out = "(";
  if (!any_description) {
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i != 0) out += ", ";
      out += print_input_value(args[i]);
    }
    return out + ")";
  }
  std::string inner = "  " + std::string(indentation);
  out += '\n';
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i != 0) out += '\n';
    out += print_description(args[i].description, inner, i == 0);
    out += inner + print_input_value(args[i]);
  }
  return out + "\n" + std::string(indentation) + ")";
}

std::string print_block(const std::vector<std::string>& items) {
  if (items.empty()) return {};
  std::string out = " {\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += '\n';
    out += items[i];
  }
  return out + "\n}";
}

std::string print_fields(const Type& type) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < type.fields.size(); ++i) {
    const Field& f = type.fields[i];
    items.push_back(print_description(f.description, "  ", i == 0) + "  " + f.name +
                    print_args(f.arguments, "  ") + ": " + f.type.to_string() +
                    print_deprecated(f.deprecated, f.deprecation_reason));
  }
  return print_block(items);
}

std::string print_implements(const Type& type) {
  if (type.interfaces.empty()) return {};
  std::string out = " implements ";
  for (std::size_t i = 0; i < type.interfaces.size(); ++i) {
    if (i != 0) out += " & ";
    out += type.interfaces[i]->name;
  }
  return out;
}

std::string print_type(const Type& type) {
  std::string out = print_description(type.description);
  switch (type.kind) {
    case TypeKind::scalar:
      out += "scalar " + type.name;
      if (!type.specified_by_url.empty()) {
        out += " @specifiedBy(url: " + print_string_literal(type.specified_by_url, false) + ")";
      }
      return out;
    case TypeKind::object:
      return out + "type " + type.name + print_implements(type) + print_fields(type);
    case TypeKind::interface:
      return out + "interface " + type.name + print_implements(type) + print_fields(type);
    case TypeKind::union_type:
      out += "union " + type.name;
      for (std::size_t i = 0; i < type.possible_types.size(); ++i) {
        out += i == 0 ? " = " : " | ";
        out += type.possible_types[i]->name;
      }
      return out;
    case TypeKind::enumeration: {
      std::vector<std::string> items;
      for (std::size_t i = 0; i < type.enum_values.size(); ++i) {
        const EnumValue& v = type.enum_values[i];
        items.push_back(print_description(v.description, "  ", i == 0) + "  " + v.name +
                        print_deprecated(v.deprecated, v.deprecation_reason));
      }
      return out + "enum " + type.name + print_block(items);
    }
    case TypeKind::input_object: {
      std::vector<std::string> items;
      for (std::size_t i = 0; i < type.input_fields.size(); ++i) {
        const InputValue& f = type.input_fields[i];
        items.push_back(print_description(f.description, "  ", i == 0) + "  " +
                        print_input_value(f));
      }
      return out + "input " + type.name + (type.one_of ? " @oneOf" : "") + print_block(items);
    }
    default:
      return out;
  }
}

std::string print_directive(const Directive& directive) {
  std::string out = print_description(directive.description) + "directive @" + directive.name +
                    print_args(directive.arguments);
  if (directive.repeatable) out += " repeatable";
  out += " on ";
  for (std::size_t i = 0; i < directive.locations.size(); ++i) {
    if (i != 0) out += " | ";
    out += directive.locations[i];
  }
  return out;
}

// The schema block, needed only for a description or root types not named by convention.
std::string print_schema_definition(const Schema& schema) {
  const Type* query = schema.query_type();
  const Type* mutation = schema.mutation_type();
  const Type* subscription = schema.subscription_type();
  bool common_names = (query == nullptr || query->name == "Query") &&
                      (mutation == nullptr || mutation->name == "Mutation") &&
                      (subscription == nullptr || subscription->name == "Subscription");
  if (schema.description().empty() && common_names) return {};
  std::string out = print_description(schema.description()) + "schema {\n";
  if (query != nullptr) out += "  query: " + query->name + "\n";
  if (mutation != nullptr) out += "  mutation: " + mutation->name + "\n";
  if (subscription != nullptr) out += "  subscription: " + subscription->name + "\n";
  return out + "}";
}

}  // namespace

std::string print_schema(const Schema& schema) {
  std::vector<std::string> parts;
  if (std::string definition = print_schema_definition(schema); !definition.empty()) {
    parts.push_back(std::move(definition));
  }
  for (const Directive* directive : schema.directives()) {
    if (!is_specified_directive(directive->name)) parts.push_back(print_directive(*directive));
  }
  for (const Type* type : schema.types()) {
    if (!type->built_in) parts.push_back(print_type(*type));
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += "\n\n";
    out += parts[i];
  }
  return out;
}

}  // namespace stashql
