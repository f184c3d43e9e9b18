// The type system rules over a built schema (spec §3, graphql-js's validateSchema, with its
// messages and order): root types, directive definitions, then every type of the type map —
// reserved names, fields and arguments of the right kind of type, interface implementations,
// union members, enum values, input fields and non-null input cycles. Each error points at the
// node to change; graphql-js lists several nodes for some, and the one chosen is the one a
// user edits to fix it (the duplicate, the implementing type, the mistyped field).
#include <unordered_map>
#include <unordered_set>

#include "graphql/schema_builder.hpp"

namespace stashql {
namespace {

bool is_required(const InputValue& value) {
  return value.type.is_non_null() && !value.default_value;
}

const ast::Directive* find_deprecated(const std::vector<ast::Directive>& directives) {
  for (const ast::Directive& d : directives) {
    if (d.name.value == "deprecated") return &d;
  }
  return nullptr;
}

class SchemaValidator {
 public:
  SchemaValidator(const Schema& schema, const SchemaOrigins& origins,
                  std::vector<SourceError>& errors)
      : schema_(schema), origins_(origins), errors_(errors) {}

  void run() {
    root_types();
    directives();
    for (const Type* type : schema_.types()) {
      if (type->built_in) continue;
      check_name(type->name, at(*type));
      switch (type->kind) {
        case TypeKind::object:
        case TypeKind::interface:
          fields(*type);
          interfaces(*type);
          break;
        case TypeKind::union_type:
          union_members(*type);
          break;
        case TypeKind::enumeration:
          enum_values(*type);
          break;
        case TypeKind::input_object:
          input_fields(*type);
          input_cycles(type);
          break;
        default:
          break;
      }
    }
  }

 private:
  // A place to report at: a document and a location in it.
  struct Where {
    std::size_t doc = 0;
    Location loc;
  };

  void report(const Where& where, std::string message) {
    errors_.push_back(origins_.error(where.doc, where.loc, std::move(message)));
  }

  Where at(const Type& type) const {
    const auto& nodes = origins_.types.at(&type);
    return {nodes.front().doc, type.loc};
  }
  Where at(const Field& field) const {
    const auto& origin = origins_.fields.at(&field);
    return {origin.doc, origin.node->loc};
  }
  Where type_of(const Field& field) const {
    const auto& origin = origins_.fields.at(&field);
    return {origin.doc, origin.node->type.loc};
  }
  Where at(const InputValue& value) const {
    const auto& origin = origins_.input_values.at(&value);
    return {origin.doc, origin.node->loc};
  }
  Where type_of(const InputValue& value) const {
    const auto& origin = origins_.input_values.at(&value);
    return {origin.doc, origin.node->type.loc};
  }
  Where deprecated_of(const InputValue& value) const {
    const auto& origin = origins_.input_values.at(&value);
    const ast::Directive* deprecated = find_deprecated(origin.node->directives);
    return {origin.doc, deprecated != nullptr ? deprecated->loc : origin.node->type.loc};
  }

  // The `implements` (or union member) names of `type` that are `name`, in its definition
  // and extensions.
  std::vector<Where> named_in(const Type& type, std::string_view name, bool members) const {
    std::vector<Where> found;
    for (const auto& [node, doc] : origins_.types.at(&type)) {
      for (const ast::Name& n : members ? node->members : node->interfaces) {
        if (n.value == name) found.push_back({doc, n.loc});
      }
    }
    if (found.empty()) found.push_back(at(type));
    return found;
  }

  void check_name(const std::string& name, const Where& where) {
    if (name.size() >= 2 && name[0] == '_' && name[1] == '_') {
      report(where, "Name \"" + name +
                        "\" must not begin with \"__\", which is reserved by GraphQL "
                        "introspection.");
    }
  }

  void root_types() {
    struct Root {
      ast::OperationType op;
      const Type* type;
      const char* prefix;
      const char* suffix;
    };
    const Root roots[] = {
        {ast::OperationType::query, schema_.query_type(), "Query", ""},
        {ast::OperationType::mutation, schema_.mutation_type(), "Mutation", " if provided"},
        {ast::OperationType::subscription, schema_.subscription_type(), "Subscription",
         " if provided"},
    };
    for (const Root& root : roots) {
      if (root.type == nullptr) {
        if (root.op == ast::OperationType::query) missing_query();
        continue;
      }
      if (root.type->kind == TypeKind::object) continue;
      report(operation_type_node(root.op, *root.type),
             std::string(root.prefix) + " root type must be Object type" + root.suffix +
                 ", it cannot be " + root.type->name + ".");
    }
  }

  void missing_query() {
    std::string message = "Query root type must be provided.";
    for (const auto& [node, doc] : origins_.schemas) {
      if (!node->extension) return report({doc, node->loc}, std::move(message));
    }
    // No schema definition to point at: the whole schema is at fault.
    std::string file = origins_.docs->empty() ? std::string() : origins_.docs->front().file;
    errors_.push_back(SourceError{std::move(file), {}, std::move(message)});
  }

  Where operation_type_node(ast::OperationType op, const Type& type) const {
    for (bool extensions : {false, true}) {
      for (const auto& [node, doc] : origins_.schemas) {
        if (node->extension != extensions) continue;
        for (const ast::OperationTypeDefinition& def : node->operation_types) {
          if (def.operation == op) return {doc, def.type.loc};
        }
      }
    }
    return at(type);
  }

  void directives() {
    for (const Directive* directive : schema_.directives()) {
      if (directive->built_in) continue;
      const auto& origin = origins_.directives.at(directive);
      Where where{origin.doc, origin.node->loc};
      check_name(directive->name, where);
      if (directive->locations.empty()) {
        report(where, "Directive @" + directive->name + " must include 1 or more locations.");
      }
      for (const InputValue& arg : directive->arguments) {
        check_name(arg.name, at(arg));
        if (!arg.type.named()->is_input()) {
          report(at(arg), "The type of @" + directive->name + "(" + arg.name +
                              ":) must be Input Type but got: " + arg.type.to_string() + ".");
        }
        if (is_required(arg) && arg.deprecated) {
          report(deprecated_of(arg), "Required argument @" + directive->name + "(" + arg.name +
                                         ":) cannot be deprecated.");
        }
      }
    }
  }

  void fields(const Type& type) {
    if (type.fields.empty()) {
      report(at(type), "Type " + type.name + " must define one or more fields.");
    }
    for (const Field& field : type.fields) {
      check_name(field.name, at(field));
      const std::string path = type.name + "." + field.name;
      if (!field.type.named()->is_output()) {
        report(type_of(field), "The type of " + path +
                                   " must be Output Type but got: " + field.type.to_string() + ".");
      }
      for (const InputValue& arg : field.arguments) {
        check_name(arg.name, at(arg));
        if (!arg.type.named()->is_input()) {
          report(type_of(arg), "The type of " + path + "(" + arg.name +
                                   ":) must be Input Type but got: " + arg.type.to_string() + ".");
        }
        if (is_required(arg) && arg.deprecated) {
          report(deprecated_of(arg),
                 "Required argument " + path + "(" + arg.name + ":) cannot be deprecated.");
        }
      }
    }
  }

  void interfaces(const Type& type) {
    std::unordered_set<const Type*> seen;
    for (const Type* iface : type.interfaces) {
      if (iface->kind != TypeKind::interface) {
        report(named_in(type, iface->name, false).front(),
               "Type " + type.name + " must only implement Interface types, it cannot implement " +
                   iface->name + ".");
        continue;
      }
      if (iface == &type) {
        report(named_in(type, iface->name, false).front(),
               "Type " + type.name +
                   " cannot implement itself because it would create a circular reference.");
        continue;
      }
      if (!seen.insert(iface).second) {
        report(named_in(type, iface->name, false).back(),
               "Type " + type.name + " can only implement " + iface->name + " once.");
        continue;
      }
      implements_ancestors(type, *iface);
      implements_interface(type, *iface);
    }
  }

  void implements_ancestors(const Type& type, const Type& iface) {
    for (const Type* transitive : iface.interfaces) {
      if (type.implements(transitive)) continue;
      report(named_in(type, iface.name, false).front(),
             transitive == &type ? "Type " + type.name + " cannot implement " + iface.name +
                                       " because it would create a circular reference."
                                 : "Type " + type.name + " must implement " + transitive->name +
                                       " because it is implemented by " + iface.name + ".");
    }
  }

  void implements_interface(const Type& type, const Type& iface) {
    for (const Field& iface_field : iface.fields) {
      const std::string& name = iface_field.name;
      const Field* field = type.field(name);
      if (field == nullptr) {
        report(at(type), "Interface field " + iface.name + "." + name + " expected but " +
                             type.name + " does not provide it.");
        continue;
      }
      if (!is_sub_type(field->type, iface_field.type)) {
        report(type_of(*field), "Interface field " + iface.name + "." + name + " expects type " +
                                    iface_field.type.to_string() + " but " + type.name + "." +
                                    name + " is type " + field->type.to_string() + ".");
      }
      for (const InputValue& iface_arg : iface_field.arguments) {
        const InputValue* arg = field->argument(iface_arg.name);
        const std::string arg_path = "(" + iface_arg.name + ":)";
        if (arg == nullptr) {
          report(at(*field), "Interface field argument " + iface.name + "." + name + arg_path +
                                 " expected but " + type.name + "." + name +
                                 " does not provide it.");
          continue;
        }
        if (!(arg->type == iface_arg.type)) {
          report(type_of(*arg), "Interface field argument " + iface.name + "." + name + arg_path +
                                    " expects type " + iface_arg.type.to_string() + " but " +
                                    type.name + "." + name + arg_path + " is type " +
                                    arg->type.to_string() + ".");
        }
      }
      for (const InputValue& arg : field->arguments) {
        if (iface_field.argument(arg.name) == nullptr && is_required(arg)) {
          report(at(arg), "Object field " + type.name + "." + name +
                              " includes required argument " + arg.name +
                              " that is missing from the Interface field " + iface.name + "." +
                              name + ".");
        }
      }
    }
  }

  void union_members(const Type& type) {
    if (type.possible_types.empty()) {
      report(at(type), "Union type " + type.name + " must define one or more member types.");
    }
    std::unordered_set<const Type*> seen;
    for (const Type* member : type.possible_types) {
      if (!seen.insert(member).second) {
        report(named_in(type, member->name, true).back(),
               "Union type " + type.name + " can only include type " + member->name + " once.");
        continue;
      }
      if (member->kind != TypeKind::object) {
        report(named_in(type, member->name, true).front(),
               "Union type " + type.name + " can only include Object types, it cannot include " +
                   member->name + ".");
      }
    }
  }

  void enum_values(const Type& type) {
    if (type.enum_values.empty()) {
      report(at(type), "Enum type " + type.name + " must define one or more values.");
    }
    for (const EnumValue& value : type.enum_values) {
      const auto& origin = origins_.enum_values.at(&value);
      check_name(value.name, {origin.doc, origin.node->loc});
    }
  }

  void input_fields(const Type& type) {
    if (type.input_fields.empty()) {
      report(at(type), "Input Object type " + type.name + " must define one or more fields.");
    }
    for (const InputValue& field : type.input_fields) {
      check_name(field.name, at(field));
      if (!field.type.named()->is_input()) {
        report(type_of(field), "The type of " + type.name + "." + field.name +
                                   " must be Input Type but got: " + field.type.to_string() + ".");
      }
      if (is_required(field) && field.deprecated) {
        report(deprecated_of(field),
               "Required input field " + type.name + "." + field.name + " cannot be deprecated.");
      }
      if (type.one_of) {
        if (field.type.is_non_null()) {
          report(type_of(field),
                 "OneOf input field " + type.name + "." + field.name + " must be nullable.");
        }
        if (field.default_value) {
          report(at(field), "OneOf input field " + type.name + "." + field.name +
                                " cannot have a default value.");
        }
      }
    }
  }

  // A depth-first search over non-null input object fields; a type met again on the current
  // path closes a cycle no finite value can satisfy.
  void input_cycles(const Type* type) {
    if (!cycle_visited_.insert(type).second) return;
    cycle_index_[type] = cycle_path_.size();
    for (const InputValue& field : type->input_fields) {
      if (!field.type.is_non_null()) continue;
      TypeRef inner = field.type.of_type();
      if (inner.is_wrapped() || inner.named()->kind != TypeKind::input_object) continue;
      const Type* field_type = inner.named();
      cycle_path_.push_back(&field);
      auto cycle = cycle_index_.find(field_type);
      if (cycle == cycle_index_.end()) {
        input_cycles(field_type);
      } else {
        std::string path;
        for (std::size_t i = cycle->second; i < cycle_path_.size(); ++i) {
          if (!path.empty()) path += '.';
          path += cycle_path_[i]->name;
        }
        report(at(*cycle_path_[cycle->second]),
               "Cannot reference Input Object \"" + field_type->name +
                   "\" within itself through a series of non-null fields: \"" + path + "\".");
      }
      cycle_path_.pop_back();
    }
    cycle_index_.erase(type);
  }

  const Schema& schema_;
  const SchemaOrigins& origins_;
  std::vector<SourceError>& errors_;
  std::unordered_set<const Type*> cycle_visited_;
  std::vector<const InputValue*> cycle_path_;
  std::unordered_map<const Type*, std::size_t> cycle_index_;
};

}  // namespace

void validate_schema(const Schema& schema, const SchemaOrigins& origins,
                     std::vector<SourceError>& errors) {
  SchemaValidator(schema, origins, errors).run();
}

}  // namespace stashql
