// Input coercion with graphql-js 16's results and messages (see coercion.hpp): literals
// (valueFromAST), field and directive arguments (getArgumentValues) and request variables
// (getVariableValues / coerceInputValue).
#include "graphql/coercion.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <utility>

#include <stashql/execution.hpp>
#include <stashql/json.hpp>
#include <stashql/parser.hpp>

#include "graphql/did_you_mean.hpp"
#include "graphql/js_values.hpp"

namespace stashql {
namespace detail {
namespace {

using NodeKind = ast::ValueNode::Kind;

// Nesting bound for inputs that did not come through the bounded JSON or GraphQL parsers.
constexpr int kMaxInputDepth = 256;
// graphql-js's getVariableValues stops after this many errors (execute's maxCoercionErrors).
constexpr std::size_t kMaxVariableErrors = 50;
constexpr std::int64_t kMaxInt = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t kMinInt = std::numeric_limits<std::int32_t>::min();

enum class Scalar : std::uint8_t {
  int_type,
  float_type,
  string_type,
  boolean_type,
  id_type,
  custom
};

Scalar scalar_of(const Schema& schema, const Type* type) {
  if (type == schema.int_type()) return Scalar::int_type;
  if (type == schema.float_type()) return Scalar::float_type;
  if (type == schema.string_type()) return Scalar::string_type;
  if (type == schema.boolean_type()) return Scalar::boolean_type;
  if (type == schema.id_type()) return Scalar::id_type;
  return Scalar::custom;
}

// ---- literals (valueFromAST) ----

std::optional<Value> untyped_value(const ast::ValueNode& node, const Value* variables, int depth);

std::optional<Value> integer_literal(const std::string& text) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc{} && ptr == text.data() + text.size()) return Value(v);
  return Value(std::strtod(text.c_str(), nullptr));  // beyond int64: a JavaScript number
}

// valueFromASTUntyped, the parseLiteral of a custom scalar.
std::optional<Value> untyped_value(const ast::ValueNode& node, const Value* variables, int depth) {
  if (depth > kMaxInputDepth) return std::nullopt;
  switch (node.kind) {
    case NodeKind::null:
      return Value();
    case NodeKind::integer:
      return integer_literal(node.text);
    case NodeKind::floating:
      return Value(std::strtod(node.text.c_str(), nullptr));
    case NodeKind::string:
    case NodeKind::enumeration:
      return Value(node.text);
    case NodeKind::boolean:
      return Value(node.boolean);
    case NodeKind::variable: {
      const Value* v = variables != nullptr ? variables->find(node.text) : nullptr;
      if (v == nullptr) return std::nullopt;
      return *v;
    }
    case NodeKind::list: {
      List list;
      list.reserve(node.list.size());
      for (const ast::ValueNode& item : node.list) {
        auto v = untyped_value(item, variables, depth + 1);
        list.push_back(v ? std::move(*v) : Value());  // undefined in an array prints as null
      }
      return Value(std::move(list));
    }
    case NodeKind::object: {
      Value object = Object{};
      for (const ast::ObjectField& field : node.fields) {
        auto v = untyped_value(field.value, variables, depth + 1);
        if (v) object[field.name.value] = std::move(*v);  // undefined members are left out
      }
      return object;
    }
  }
  return std::nullopt;
}

std::optional<Value> scalar_literal(const Schema& schema, const ast::ValueNode& node,
                                    const Type* type, const Value* variables, int depth) {
  switch (scalar_of(schema, type)) {
    case Scalar::int_type: {
      if (node.kind != NodeKind::integer) return std::nullopt;
      std::int64_t v = 0;
      auto [ptr, ec] = std::from_chars(node.text.data(), node.text.data() + node.text.size(), v);
      if (ec != std::errc{} || v > kMaxInt || v < kMinInt) return std::nullopt;
      return Value(v);
    }
    case Scalar::float_type:
      if (node.kind != NodeKind::integer && node.kind != NodeKind::floating) return std::nullopt;
      return Value(std::strtod(node.text.c_str(), nullptr));
    case Scalar::string_type:
      if (node.kind != NodeKind::string) return std::nullopt;
      return Value(node.text);
    case Scalar::boolean_type:
      if (node.kind != NodeKind::boolean) return std::nullopt;
      return Value(node.boolean);
    case Scalar::id_type:
      if (node.kind != NodeKind::string && node.kind != NodeKind::integer) return std::nullopt;
      return Value(node.text);
    case Scalar::custom:
      return untyped_value(node, variables, depth);
  }
  return std::nullopt;
}

bool is_missing_variable(const ast::ValueNode& node, const Value* variables) {
  return node.kind == NodeKind::variable &&
         (variables == nullptr || variables->find(node.text) == nullptr);
}

std::optional<Value> from_ast(const Schema& schema, const ast::ValueNode& node, TypeRef type,
                              const Value* variables, int depth) {
  if (depth > kMaxInputDepth || !type.valid()) return std::nullopt;
  if (node.kind == NodeKind::variable) {
    const Value* v = variables != nullptr ? variables->find(node.text) : nullptr;
    if (v == nullptr) return std::nullopt;
    if (v->is_null() && type.is_non_null()) return std::nullopt;
    return *v;  // already coerced to the variable's type
  }
  if (type.is_non_null()) {
    if (node.kind == NodeKind::null) return std::nullopt;
    type = type.of_type();
  }
  if (node.kind == NodeKind::null) return Value();
  if (type.is_list()) {
    TypeRef item_type = type.of_type();
    if (node.kind == NodeKind::list) {
      List items;
      items.reserve(node.list.size());
      for (const ast::ValueNode& item : node.list) {
        if (is_missing_variable(item, variables)) {
          if (item_type.is_non_null()) return std::nullopt;
          items.emplace_back();
          continue;
        }
        auto v = from_ast(schema, item, item_type, variables, depth + 1);
        if (!v) return std::nullopt;
        items.push_back(std::move(*v));
      }
      return Value(std::move(items));
    }
    auto v = from_ast(schema, node, item_type, variables, depth + 1);
    if (!v) return std::nullopt;
    List one;
    one.push_back(std::move(*v));
    return Value(std::move(one));
  }
  const Type* named = type.named();
  switch (named->kind) {
    case TypeKind::input_object: {
      if (node.kind != NodeKind::object) return std::nullopt;
      Value object = Object{};
      for (const InputValue& field : named->input_fields) {
        const ast::ValueNode* given = nullptr;
        for (const ast::ObjectField& f : node.fields) {
          if (f.name.value == field.name) given = &f.value;  // the last one wins, as keyMap
        }
        if (given == nullptr || is_missing_variable(*given, variables)) {
          if (auto d = coerced_default(schema, field)) {
            object.as_object().emplace_back(field.name, std::move(*d));
          } else if (field.type.is_non_null()) {
            return std::nullopt;
          }
          continue;
        }
        auto v = from_ast(schema, *given, field.type, variables, depth + 1);
        if (!v) return std::nullopt;
        object.as_object().emplace_back(field.name, std::move(*v));
      }
      if (named->one_of) {  // exactly one field, and not null
        const Object& fields = object.as_object();
        if (fields.size() != 1 || fields[0].second.is_null()) return std::nullopt;
      }
      return object;
    }
    case TypeKind::enumeration:
      if (node.kind != NodeKind::enumeration || named->enum_value(node.text) == nullptr) {
        return std::nullopt;
      }
      return Value(node.text);
    case TypeKind::scalar:
      return scalar_literal(schema, node, named, variables, depth);
    default:
      return std::nullopt;
  }
}

// ---- request variables (coerceInputValue) ----

struct PathStep {
  std::string_view key;
  std::int64_t index = -1;
};

class VariableCoercion {
 public:
  VariableCoercion(const Schema& schema, std::vector<GraphQLError>& errors)
      : schema_(schema), errors_(errors) {}

  bool aborted() const { return aborted_; }

  void add(GraphQLError error) {
    if (aborted_) return;
    if (errors_.size() >= kMaxVariableErrors) {
      errors_.push_back(GraphQLError{
          "Too many errors processing variables, error limit reached. Execution aborted.",
          {},
          {},
          {}});
      aborted_ = true;
      return;
    }
    errors_.push_back(std::move(error));
  }

  Value coerce(const ast::VariableDefinition& definition, const Value& input, TypeRef type) {
    definition_ = &definition;
    path_.clear();
    return coerce_value(input, type, 0);
  }

 private:
  void report(const Value& invalid, const std::string& message) {
    std::string text = "Variable \"$" + definition_->name.value + "\" got invalid value ";
    text += inspect(invalid);
    if (!path_.empty()) {
      text += " at \"";
      text += definition_->name.value;
      for (const PathStep& step : path_) {
        if (step.index >= 0) {
          text += '[';
          text += std::to_string(step.index);
          text += ']';
        } else {
          text += '.';
          text += step.key;
        }
      }
      text += '"';
    }
    text += "; ";
    text += message;
    add(GraphQLError{std::move(text), {definition_->loc}, {}, {}});
  }

  Value coerce_value(const Value& input, TypeRef type, int depth) {
    if (aborted_) return Value();
    if (depth > kMaxInputDepth) {
      report(input, "Value is nested too deeply.");
      return Value();
    }
    if (type.is_non_null()) {
      if (!input.is_null()) return coerce_value(input, type.of_type(), depth);
      report(input, "Expected non-nullable type \"" + type.to_string() + "\" not to be null.");
      return Value();
    }
    if (input.is_null()) return Value();
    if (type.is_list()) {
      TypeRef item_type = type.of_type();
      List items;
      if (input.is_list()) {
        const List& list = input.as_list();
        items.reserve(list.size());
        for (std::size_t i = 0; i < list.size() && !aborted_; ++i) {
          path_.push_back(PathStep{{}, static_cast<std::int64_t>(i)});
          items.push_back(coerce_value(list[i], item_type, depth + 1));
          path_.pop_back();
        }
      } else {
        items.push_back(coerce_value(input, item_type, depth + 1));  // a list of one
      }
      return Value(std::move(items));
    }
    const Type* named = type.named();
    switch (named->kind) {
      case TypeKind::input_object:
        return coerce_input_object(input, *named, depth);
      case TypeKind::enumeration:
        return coerce_enum(input, *named);
      case TypeKind::scalar:
        return coerce_scalar(input, named);
      default:
        report(input, "Expected type \"" + named->name + "\".");
        return Value();
    }
  }

  Value coerce_input_object(const Value& input, const Type& type, int depth) {
    if (!input.is_object()) {
      report(input, "Expected type \"" + type.name + "\" to be an object.");
      return Value();
    }
    Value result = Object{};
    for (const InputValue& field : type.input_fields) {
      if (aborted_) return Value();
      const Value* given = input.find(field.name);
      if (given == nullptr) {
        if (auto d = coerced_default(schema_, field)) {
          result.as_object().emplace_back(field.name, std::move(*d));
        } else if (field.type.is_non_null()) {
          report(input, "Field \"" + field.name + "\" of required type \"" +
                            field.type.to_string() + "\" was not provided.");
        }
        continue;
      }
      path_.push_back(PathStep{field.name, -1});
      Value v = coerce_value(*given, field.type, depth + 1);
      path_.pop_back();
      result.as_object().emplace_back(field.name, std::move(v));
    }
    for (const Member* member : js_property_order(input.as_object())) {
      if (aborted_) return Value();
      if (type.input_field(member->first) != nullptr) continue;
      std::vector<std::string_view> names;
      names.reserve(type.input_fields.size());
      for (const InputValue& f : type.input_fields)
        names.push_back(f.name);
      report(input, "Field \"" + member->first + "\" is not defined by type \"" + type.name +
                        "\"." + did_you_mean(suggestion_list(member->first, names)));
    }
    if (type.one_of && !aborted_) {
      const Object& fields = result.as_object();
      if (fields.size() != 1) {
        report(input, "Exactly one key must be specified for OneOf type \"" + type.name + "\".");
      }
      if (!fields.empty() && fields[0].second.is_null()) {
        path_.push_back(PathStep{fields[0].first, -1});
        report(fields[0].second, "Field \"" + fields[0].first + "\" must be non-null.");
        path_.pop_back();
      }
    }
    return result;
  }

  Value coerce_enum(const Value& input, const Type& type) {
    std::vector<std::string_view> names;
    auto suggest = [&](const std::string& text) {
      names.reserve(type.enum_values.size());
      for (const EnumValue& v : type.enum_values)
        names.push_back(v.name);
      std::string s = did_you_mean(suggestion_list(text, names));
      if (!s.empty()) s.insert(std::string_view(" Did you mean ").size(), "the enum value ");
      return s;
    };
    if (!input.is_string()) {
      std::string shown = inspect(input);
      report(input, "Enum \"" + type.name + "\" cannot represent non-string value: " + shown + "." +
                        suggest(shown));
      return Value();
    }
    if (type.enum_value(input.as_string()) == nullptr) {
      report(input, "Value \"" + input.as_string() + "\" does not exist in \"" + type.name +
                        "\" enum." + suggest(input.as_string()));
      return Value();
    }
    return input;
  }

  Value coerce_scalar(const Value& input, const Type* type) {
    switch (scalar_of(schema_, type)) {
      case Scalar::int_type: {
        bool integral = input.is_int() || (input.is_double() && std::isfinite(input.as_double()) &&
                                           std::trunc(input.as_double()) == input.as_double());
        if (!integral) {
          report(input, "Int cannot represent non-integer value: " + inspect(input));
          return Value();
        }
        double d = input.as_number();
        if (d > static_cast<double>(kMaxInt) || d < static_cast<double>(kMinInt)) {
          report(input,
                 "Int cannot represent non 32-bit signed integer value: " + js_number(input));
          return Value();
        }
        return Value(static_cast<std::int64_t>(d));
      }
      case Scalar::float_type:
        if (!input.is_number() || !std::isfinite(input.as_number())) {
          report(input, "Float cannot represent non numeric value: " + inspect(input));
          return Value();
        }
        return Value(input.as_number());
      case Scalar::string_type:
        if (!input.is_string()) {
          report(input, "String cannot represent a non string value: " + inspect(input));
          return Value();
        }
        return input;
      case Scalar::boolean_type:
        if (!input.is_bool()) {
          report(input, "Boolean cannot represent a non boolean value: " + inspect(input));
          return Value();
        }
        return input;
      case Scalar::id_type:
        if (input.is_string()) return input;
        if (input.is_int() || (input.is_double() && std::isfinite(input.as_double()) &&
                               std::trunc(input.as_double()) == input.as_double())) {
          return Value(js_number(input));
        }
        report(input, "ID cannot represent value: " + inspect(input));
        return Value();
      case Scalar::custom:
        return input;  // a custom scalar's parseValue is the identity
    }
    return Value();
  }

  const Schema& schema_;
  std::vector<GraphQLError>& errors_;
  const ast::VariableDefinition* definition_ = nullptr;
  std::vector<PathStep> path_;
  bool aborted_ = false;
};

}  // namespace

std::optional<Value> value_from_ast(const Schema& schema, const ast::ValueNode& node, TypeRef type,
                                    const Value* variables) {
  return from_ast(schema, node, type, variables, 0);
}

std::optional<Value> coerced_default(const Schema& schema, const InputValue& input) {
  if (!input.default_value) return std::nullopt;
  return from_ast(schema, *input.default_value, input.type, nullptr, 0);
}

Result<Value, GraphQLError> coerce_arguments(
    const Schema& schema, const std::vector<InputValue>& definitions,
    const std::vector<ast::Argument>& arguments, Location node_loc, const Value& variables,
    const std::vector<std::string_view>& undefined_variables) {
  Value result = Object{};
  for (const InputValue& definition : definitions) {
    const ast::Argument* argument = nullptr;
    for (const ast::Argument& a : arguments) {
      if (a.name.value == definition.name) argument = &a;  // the last one wins, as keyMap
    }
    if (argument == nullptr) {
      if (auto d = coerced_default(schema, definition)) {
        result.as_object().emplace_back(definition.name, std::move(*d));
      } else if (definition.type.is_non_null()) {
        return GraphQLError{"Argument \"" + definition.name + "\" of required type \"" +
                                definition.type.to_string() + "\" was not provided.",
                            {node_loc},
                            {},
                            {}};
      }
      continue;
    }
    const ast::ValueNode& node = argument->value;
    bool is_null = node.kind == NodeKind::null;
    if (node.kind == NodeKind::variable) {
      const Value* v = variables.find(node.text);
      bool undefined = false;
      for (std::string_view name : undefined_variables)
        undefined = undefined || name == node.text;
      if (v == nullptr && !undefined) {
        if (auto d = coerced_default(schema, definition)) {
          result.as_object().emplace_back(definition.name, std::move(*d));
        } else if (definition.type.is_non_null()) {
          return GraphQLError{"Argument \"" + definition.name + "\" of required type \"" +
                                  definition.type.to_string() + "\" was provided the variable \"$" +
                                  node.text + "\" which was not provided a runtime value.",
                              {node.loc},
                              {},
                              {}};
        }
        continue;
      }
      is_null = v == nullptr || v->is_null();
    }
    if (is_null && definition.type.is_non_null()) {
      return GraphQLError{"Argument \"" + definition.name + "\" of non-null type \"" +
                              definition.type.to_string() + "\" must not be null.",
                          {node.loc},
                          {},
                          {}};
    }
    auto v = from_ast(schema, node, definition.type, &variables, 0);
    if (!v) {
      return GraphQLError{
          "Argument \"" + definition.name + "\" has invalid value " + print_value(node) + ".",
          {node.loc},
          {},
          {}};
    }
    result.as_object().emplace_back(definition.name, std::move(*v));
  }
  return result;
}

}  // namespace detail

Result<Value, std::vector<GraphQLError>> coerce_variables(const Schema& schema,
                                                          const ast::OperationDefinition& operation,
                                                          const Value* variables) {
  std::vector<GraphQLError> errors;
  if (variables != nullptr && !variables->is_null() && !variables->is_object()) {
    errors.push_back(GraphQLError{
        "Variables must be provided as an Object where each property is a variable value. "
        "Perhaps look to see if an unparsed JSON string was provided.",
        {},
        {},
        {}});
    return errors;
  }
  detail::VariableCoercion coercion(schema, errors);
  Value coerced = Object{};
  for (const ast::VariableDefinition& definition : operation.variables) {
    if (coercion.aborted()) break;
    const std::string& name = definition.name.value;
    TypeRef type = resolve_type(schema, definition.type);
    if (!type.valid() || !type.named()->is_input()) {
      coercion.add(GraphQLError{"Variable \"$" + name + "\" expected value of type \"" +
                                    detail::print_type(definition.type) +
                                    "\" which cannot be used as an input type.",
                                {definition.type.loc},
                                {},
                                {}});
      continue;
    }
    const Value* given = variables != nullptr ? variables->find(name) : nullptr;
    if (given == nullptr) {
      if (definition.default_value) {
        if (auto d = detail::value_from_ast(schema, *definition.default_value, type, nullptr)) {
          coerced[name] = std::move(*d);
        }
      } else if (type.is_non_null()) {
        coercion.add(GraphQLError{"Variable \"$" + name + "\" of required type \"" +
                                      type.to_string() + "\" was not provided.",
                                  {definition.loc},
                                  {},
                                  {}});
      }
      continue;
    }
    if (given->is_null() && type.is_non_null()) {
      coercion.add(GraphQLError{"Variable \"$" + name + "\" of non-null type \"" +
                                    type.to_string() + "\" must not be null.",
                                {definition.loc},
                                {},
                                {}});
      continue;
    }
    coerced[name] = coercion.coerce(definition, *given, type);
  }
  if (!errors.empty()) return errors;
  return coerced;
}

}  // namespace stashql
