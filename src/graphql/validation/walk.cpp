// The one walk of a document that feeds every rule: nodes in graphql-js's visiting order
// (its QueryDocumentKeys, descriptions left out), TypeInfo entered before the rules see a
// node and left after, and a rule that skips a node skipping it alone, as graphql-js's
// visitInParallel does. See context.hpp.
#include <utility>

#include "graphql/validation/context.hpp"

namespace stashql::validation {
namespace {

// Node kinds, to tell apart nodes that share an address (a struct and its first member).
enum NodeKind : std::uint8_t {
  kDocument = 1,
  kOperation,
  kFragmentDefinition,
  kVariableDefinition,
  kSelectionSet,
  kField,
  kFragmentSpread,
  kInlineFragment,
  kDirective,
  kArgument,
  kValue,
  kObjectField,
  kNamedType,
  kSdlNode,
};

std::string_view operation_location(ast::OperationType operation) {
  switch (operation) {
    case ast::OperationType::query:
      return "QUERY";
    case ast::OperationType::mutation:
      return "MUTATION";
    case ast::OperationType::subscription:
      return "SUBSCRIPTION";
  }
  return "QUERY";
}

}  // namespace

Walker::Walker(ValidationContext& context, TypeInfo& type_info, std::vector<Rule*> rules)
    : context_(context),
      type_info_(type_info),
      rules_(std::move(rules)),
      skipping_(rules_.size()) {}

template <class Call>
void Walker::enter(NodeKey key, Call&& call) {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    if (skipping_[i].node != nullptr) continue;
    if (call(*rules_[i]) == Flow::skip) skipping_[i] = key;
    if (context_.aborted()) return;
  }
}

template <class Call>
void Walker::leave(NodeKey key, Call&& call) {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    if (skipping_[i].node == nullptr) {
      call(*rules_[i]);
      if (context_.aborted()) return;
    } else if (skipping_[i] == key) {
      skipping_[i] = NodeKey{};
    }
  }
}

void Walker::walk_document(const ast::Document& document) {
  const NodeKey key{&document, kDocument};
  enter(key, [&](Rule& rule) { return rule.enter_document(document); });
  for (const Definition& definition : context_.definitions()) {
    if (context_.aborted()) return;
    if (const auto* operation = std::get_if<const ast::OperationDefinition*>(&definition)) {
      walk_operation(**operation);
    } else if (const auto* fragment = std::get_if<const ast::FragmentDefinition*>(&definition)) {
      walk_fragment_definition(**fragment);
    } else {
      in_sdl_ = true;
      if (const auto* schema = std::get_if<const ast::SchemaDefinition*>(&definition)) {
        walk_schema_definition(**schema);
      } else if (const auto* type = std::get_if<const ast::TypeDefinition*>(&definition)) {
        walk_type_definition(**type);
      } else if (const auto* directive =
                     std::get_if<const ast::DirectiveDefinition*>(&definition)) {
        walk_directive_definition(**directive);
      }
      in_sdl_ = false;
    }
  }
  if (context_.aborted()) return;
  leave(key, [&](Rule& rule) { rule.leave_document(document); });
}

void Walker::walk_operation(const ast::OperationDefinition& operation) {
  const NodeKey key{&operation, kOperation};
  type_info_.enter_operation(operation);
  enter(key, [&](Rule& rule) { return rule.enter_operation(operation); });
  for (const ast::VariableDefinition& definition : operation.variables) {
    if (context_.aborted()) return;
    walk_variable_definition(definition);
  }
  walk_directives(operation.directives, operation_location(operation.operation));
  walk_selection_set(operation.selection_set, SelectionSetRef::Owner::operation, Location{});
  if (context_.aborted()) return;
  leave(key, [&](Rule& rule) { rule.leave_operation(operation); });
  type_info_.leave_operation();
}

void Walker::walk_fragment_definition(const ast::FragmentDefinition& fragment) {
  const NodeKey key{&fragment, kFragmentDefinition};
  type_info_.enter_fragment(&fragment.type_condition);
  enter(key, [&](Rule& rule) { return rule.enter_fragment_definition(fragment); });
  for (const ast::VariableDefinition& definition : fragment.variables) {
    if (context_.aborted()) return;
    walk_variable_definition(definition);
  }
  walk_named_type(&fragment.type_condition, fragment.type_condition.value,
                  fragment.type_condition.loc);
  walk_directives(fragment.directives, "FRAGMENT_DEFINITION");
  walk_selection_set(fragment.selection_set, SelectionSetRef::Owner::fragment_definition,
                     Location{});
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
  type_info_.leave_fragment();
}

void Walker::walk_variable_definition(const ast::VariableDefinition& definition) {
  const NodeKey key{&definition, kVariableDefinition};
  type_info_.enter_variable_definition(definition);
  enter(key, [&](Rule& rule) { return rule.enter_variable_definition(definition); });
  walk_type(definition.type);
  if (definition.default_value) walk_value(*definition.default_value);
  walk_directives(definition.directives, "VARIABLE_DEFINITION");
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
  type_info_.leave_variable_definition();
}

void Walker::walk_selection_set(const std::vector<ast::Selection>& selections,
                                SelectionSetRef::Owner owner, Location loc) {
  if (context_.aborted()) return;
  const NodeKey key{&selections, kSelectionSet};
  const SelectionSetRef ref{&selections, owner, loc};
  type_info_.enter_selection_set();
  enter(key, [&](Rule& rule) { return rule.enter_selection_set(ref); });
  for (const ast::Selection& selection : selections) {
    if (context_.aborted()) return;
    switch (selection.kind) {
      case ast::Selection::Kind::field:
        walk_field(selection);
        break;
      case ast::Selection::Kind::fragment_spread:
        walk_fragment_spread(selection);
        break;
      case ast::Selection::Kind::inline_fragment:
        walk_inline_fragment(selection);
        break;
    }
  }
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
  type_info_.leave_selection_set();
}

void Walker::walk_field(const ast::Selection& field) {
  const NodeKey key{&field, kField};
  type_info_.enter_field(field);
  enter(key, [&](Rule& rule) { return rule.enter_field(field); });
  for (const ast::Argument& argument : field.arguments) {
    if (context_.aborted()) return;
    walk_argument(argument);
  }
  walk_directives(field.directives, "FIELD");
  if (!field.selection_set.empty()) {
    walk_selection_set(field.selection_set, SelectionSetRef::Owner::field, field.selection_set_loc);
  }
  if (context_.aborted()) return;
  leave(key, [&](Rule& rule) { rule.leave_field(field); });
  type_info_.leave_field();
}

void Walker::walk_fragment_spread(const ast::Selection& spread) {
  const NodeKey key{&spread, kFragmentSpread};
  enter(key, [&](Rule& rule) { return rule.enter_fragment_spread(spread); });
  walk_directives(spread.directives, "FRAGMENT_SPREAD");
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
}

void Walker::walk_inline_fragment(const ast::Selection& fragment) {
  const NodeKey key{&fragment, kInlineFragment};
  type_info_.enter_fragment(fragment.type_condition ? &*fragment.type_condition : nullptr);
  enter(key, [&](Rule& rule) { return rule.enter_inline_fragment(fragment); });
  if (fragment.type_condition) {
    walk_named_type(&*fragment.type_condition, fragment.type_condition->value,
                    fragment.type_condition->loc);
  }
  walk_directives(fragment.directives, "INLINE_FRAGMENT");
  walk_selection_set(fragment.selection_set, SelectionSetRef::Owner::inline_fragment,
                     fragment.selection_set_loc);
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
  type_info_.leave_fragment();
}

void Walker::walk_directives(const std::vector<ast::Directive>& directives,
                             std::string_view location) {
  for (const ast::Directive& directive : directives) {
    if (context_.aborted()) return;
    const NodeKey key{&directive, kDirective};
    type_info_.enter_directive(directive);
    enter(key, [&](Rule& rule) { return rule.enter_directive(directive, location); });
    for (const ast::Argument& argument : directive.arguments) {
      if (context_.aborted()) return;
      walk_argument(argument);
    }
    if (context_.aborted()) return;
    leave(key, [&](Rule& rule) { rule.leave_directive(directive); });
    type_info_.leave_directive();
  }
}

void Walker::walk_argument(const ast::Argument& argument) {
  const NodeKey key{&argument, kArgument};
  type_info_.enter_argument(argument);
  enter(key, [&](Rule& rule) { return rule.enter_argument(argument); });
  walk_value(argument.value);
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
  type_info_.leave_argument();
}

void Walker::walk_value(const ast::ValueNode& value) {
  if (context_.aborted()) return;
  const NodeKey key{&value, kValue};
  const bool is_list = value.kind == ast::ValueNode::Kind::list;
  if (is_list) type_info_.enter_list_value();
  enter(key, [&](Rule& rule) { return rule.enter_value(value); });
  if (is_list) {
    for (const ast::ValueNode& item : value.list) {
      if (context_.aborted()) return;
      walk_value(item);
    }
  } else if (value.kind == ast::ValueNode::Kind::object) {
    for (const ast::ObjectField& field : value.fields) {
      if (context_.aborted()) return;
      walk_object_field(field);
    }
  }
  if (context_.aborted()) return;
  leave(key, [&](Rule& rule) { rule.leave_value(value); });
  if (is_list) type_info_.leave_list_value_or_object_field();
}

void Walker::walk_object_field(const ast::ObjectField& field) {
  const NodeKey key{&field, kObjectField};
  type_info_.enter_object_field(field);
  enter(key, [&](Rule& rule) { return rule.enter_object_field(field); });
  walk_value(field.value);
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
  type_info_.leave_list_value_or_object_field();
}

void Walker::walk_named_type(const void* node, std::string_view name, Location loc) {
  if (context_.aborted()) return;
  const NodeKey key{node, kNamedType};
  enter(key, [&](Rule& rule) { return rule.enter_named_type(name, loc, in_sdl_); });
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
}

void Walker::walk_type(const ast::Type& type) {
  if (type.kind == ast::Type::Kind::named) {
    walk_named_type(&type, type.name, type.loc);
  } else if (type.of) {
    walk_type(*type.of);
  }
}

// ---- type-system definitions (invalid in a request, yet visited as graphql-js does) ----

void Walker::walk_schema_definition(const ast::SchemaDefinition& schema) {
  const NodeKey key{&schema, kSdlNode};
  const SdlNodeRef ref{SdlNodeRef::Kind::schema, {}, &schema.directives};
  enter(key, [&](Rule& rule) { return rule.enter_sdl_node(ref); });
  walk_directives(schema.directives, "SCHEMA");
  for (const ast::OperationTypeDefinition& operation_type : schema.operation_types) {
    walk_named_type(&operation_type.type, operation_type.type.value, operation_type.type.loc);
  }
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
}

void Walker::walk_type_definition(const ast::TypeDefinition& type) {
  const NodeKey key{&type, kSdlNode};
  const SdlNodeRef ref{SdlNodeRef::Kind::type, type.name.value, &type.directives};
  enter(key, [&](Rule& rule) { return rule.enter_sdl_node(ref); });
  using Kind = ast::TypeDefinition::Kind;
  switch (type.kind) {
    case Kind::scalar:
      walk_directives(type.directives, "SCALAR");
      break;
    case Kind::object:
    case Kind::interface:
      for (const ast::Name& interface : type.interfaces) {
        walk_named_type(&interface, interface.value, interface.loc);
      }
      walk_directives(type.directives, type.kind == Kind::object ? "OBJECT" : "INTERFACE");
      for (const ast::FieldDefinition& field : type.fields) {
        if (context_.aborted()) return;
        walk_field_definition(field);
      }
      break;
    case Kind::union_type:
      walk_directives(type.directives, "UNION");
      for (const ast::Name& member : type.members) {
        walk_named_type(&member, member.value, member.loc);
      }
      break;
    case Kind::enumeration:
      walk_directives(type.directives, "ENUM");
      for (const ast::EnumValueDefinition& value : type.values) {
        if (context_.aborted()) return;
        const NodeKey value_key{&value, kSdlNode};
        const SdlNodeRef value_ref{SdlNodeRef::Kind::enum_value_definition, value.name.value,
                                   &value.directives};
        enter(value_key, [&](Rule& rule) { return rule.enter_sdl_node(value_ref); });
        walk_directives(value.directives, "ENUM_VALUE");
        if (context_.aborted()) return;
        leave(value_key, [](Rule&) {});
      }
      break;
    case Kind::input_object:
      walk_directives(type.directives, "INPUT_OBJECT");
      for (const ast::InputValueDefinition& field : type.input_fields) {
        if (context_.aborted()) return;
        // As graphql-js: only a definition (not an extension) makes these input fields.
        walk_input_value_definition(
            field, type.extension ? "ARGUMENT_DEFINITION" : "INPUT_FIELD_DEFINITION");
      }
      break;
  }
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
}

void Walker::walk_field_definition(const ast::FieldDefinition& field) {
  const NodeKey key{&field, kSdlNode};
  const SdlNodeRef ref{SdlNodeRef::Kind::field_definition, field.name.value, &field.directives};
  enter(key, [&](Rule& rule) { return rule.enter_sdl_node(ref); });
  for (const ast::InputValueDefinition& argument : field.arguments) {
    if (context_.aborted()) return;
    walk_input_value_definition(argument, "ARGUMENT_DEFINITION");
  }
  walk_type(field.type);
  walk_directives(field.directives, "FIELD_DEFINITION");
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
}

void Walker::walk_input_value_definition(const ast::InputValueDefinition& value,
                                         std::string_view location) {
  const NodeKey key{&value, kSdlNode};
  const SdlNodeRef ref{SdlNodeRef::Kind::input_value_definition, value.name.value,
                       &value.directives};
  enter(key, [&](Rule& rule) { return rule.enter_sdl_node(ref); });
  walk_type(value.type);
  if (value.default_value) walk_value(*value.default_value);
  walk_directives(value.directives, location);
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
}

void Walker::walk_directive_definition(const ast::DirectiveDefinition& directive) {
  const NodeKey key{&directive, kSdlNode};
  const SdlNodeRef ref{SdlNodeRef::Kind::directive_definition, directive.name.value, nullptr};
  enter(key, [&](Rule& rule) { return rule.enter_sdl_node(ref); });
  for (const ast::InputValueDefinition& argument : directive.arguments) {
    if (context_.aborted()) return;
    walk_input_value_definition(argument, "ARGUMENT_DEFINITION");
  }
  if (context_.aborted()) return;
  leave(key, [](Rule&) {});
}

}  // namespace stashql::validation
