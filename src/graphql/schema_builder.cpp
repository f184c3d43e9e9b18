// Schema::build: parses the SDL files, runs the SDL rules, builds the types and directives
// from every definition and `extend` (built-ins first, from builtin_sdl()), then runs the type
// system rules. The type map follows graphql-js's order (user types in definition order, each
// followed by the built-in scalars it is first to use, then the directives' argument types and
// the introspection types), because introspection and printing show it.
#include "graphql/schema_builder.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_set>

#include <stashql/parser.hpp>

#include "graphql/builtin_sdl.hpp"
#include "graphql/input_literal.hpp"

namespace stashql {
namespace {

constexpr std::string_view kDefaultDeprecationReason = "No longer supported";

TypeKind kind_of(ast::TypeDefinition::Kind kind) {
  switch (kind) {
    case ast::TypeDefinition::Kind::scalar:
      return TypeKind::scalar;
    case ast::TypeDefinition::Kind::object:
      return TypeKind::object;
    case ast::TypeDefinition::Kind::interface:
      return TypeKind::interface;
    case ast::TypeDefinition::Kind::union_type:
      return TypeKind::union_type;
    case ast::TypeDefinition::Kind::enumeration:
      return TypeKind::enumeration;
    case ast::TypeDefinition::Kind::input_object:
      return TypeKind::input_object;
  }
  return TypeKind::scalar;
}

const ast::Directive* find_directive(const std::vector<ast::Directive>& directives,
                                     std::string_view name) {
  for (const ast::Directive& d : directives) {
    if (d.name.value == name) return &d;
  }
  return nullptr;
}

const ast::ValueNode* find_argument(const ast::Directive& directive, std::string_view name) {
  for (const ast::Argument& arg : directive.arguments) {
    if (arg.name.value == name) return &arg.value;
  }
  return nullptr;
}

// The reason of an @deprecated, as graphql-js reads it: the default reason when none is given,
// and not deprecated at all for `reason: null` (or a reason that is not a string, which
// check_directive_arguments reports).
std::optional<std::string> deprecation_reason(const std::vector<ast::Directive>& directives) {
  const ast::Directive* deprecated = find_directive(directives, "deprecated");
  if (deprecated == nullptr) return std::nullopt;
  const ast::ValueNode* reason = find_argument(*deprecated, "reason");
  if (reason == nullptr) return std::string(kDefaultDeprecationReason);
  if (reason->kind != ast::ValueNode::Kind::string) return std::nullopt;
  return reason->text;
}

template <class T>
void set_deprecation(T& item, const std::vector<ast::Directive>& directives) {
  if (auto reason = deprecation_reason(directives)) {
    item.deprecated = true;
    item.deprecation_reason = std::move(*reason);
  }
}

}  // namespace

Result<std::shared_ptr<const Schema>, std::vector<SourceError>> Schema::build(
    const std::vector<SdlSource>& sources) {
  SchemaBuilder builder;
  return builder.build(sources);
}

Result<std::shared_ptr<const Schema>, std::vector<SourceError>> SchemaBuilder::build(
    const std::vector<SdlSource>& sources) {
  if (!parse_sources(sources)) return errors_;
  check_sdl(docs_, errors_);
  if (!errors_.empty()) return errors_;

  schema_ = std::make_unique<Schema>();
  origins_.docs = &docs_;
  create_types();
  create_directives();
  set_roots();
  set_meta_fields();
  collect_type_map();
  link_possible_types();
  index_fields();
  check_directive_arguments();
  check_default_values();
  if (!unresolved_types_) validate_schema(*schema_, origins_, errors_);
  if (!errors_.empty()) return errors_;
  return std::shared_ptr<const Schema>(std::move(schema_));
}

bool SchemaBuilder::parse_sources(const std::vector<SdlSource>& sources) {
  auto builtins = parse(builtin_sdl());
  if (!builtins.has_value()) {
    errors_.push_back(SourceError{"<built-in>", builtins.error().loc, builtins.error().message});
    return false;
  }
  builtin_docs_.push_back(SdlDocument{"", std::move(*builtins)});

  // SDL files are the operator's own configuration, not hostile input: a large schema may
  // well hold more tokens than the limit meant for requests.
  ParseLimits limits;
  limits.max_tokens = std::numeric_limits<std::size_t>::max();
  for (const SdlSource& source : sources) {
    auto parsed = parse(source.text, limits);
    if (!parsed.has_value()) {
      errors_.push_back(SourceError{source.file, parsed.error().loc, parsed.error().message});
      continue;
    }
    // An SDL file holds type system definitions only; operations belong in requests.
    for (const ast::OperationDefinition& op : parsed->operations) {
      std::string what =
          op.name ? "operation \"" + op.name->value + "\"" : "an anonymous operation";
      errors_.push_back(SourceError{
          source.file, op.loc,
          "A schema file may contain only type system definitions; found " + what + "."});
    }
    for (const ast::FragmentDefinition& fragment : parsed->fragments) {
      errors_.push_back(SourceError{source.file, fragment.loc,
                                    "A schema file may contain only type system definitions; "
                                    "found fragment \"" +
                                        fragment.name.value + "\"."});
    }
    docs_.push_back(SdlDocument{source.file, std::move(*parsed)});
  }
  return errors_.empty();
}

// ---- types ----

void SchemaBuilder::create_types() {
  auto new_type = [&](const ast::TypeDefinition& def, bool built_in, const std::string& file) {
    auto type = std::make_unique<Type>();
    type->kind = kind_of(def.kind);
    type->name = def.name.value;
    type->description = def.description.value_or("");
    type->built_in = built_in;
    if (!built_in) {
      type->file = file;
      type->loc = def.loc;
    }
    Type* raw = type.get();
    schema_->owned_types_.push_back(std::move(type));
    all_types_.emplace(raw->name, raw);
    return raw;
  };

  std::vector<Type*> builtin_types;
  for (const ast::TypeDefinition& def : builtin_docs_[0].document.types) {
    builtin_types.push_back(new_type(def, true, ""));
    nodes_[builtin_types.back()->name].push_back({&def, 0});
  }
  for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
    for (const ast::TypeDefinition& def : docs_[doc].document.types) {
      if (def.extension) continue;
      auto existing = all_types_.find(def.name.value);
      if (existing != all_types_.end()) {
        // A definition of a built-in name stands for the built-in (as in graphql-js).
        defined_types_.push_back(existing->second);
        continue;
      }
      Type* type = new_type(def, false, docs_[doc].file);
      defined_types_.push_back(type);
      nodes_[type->name].push_back({&def, doc});
    }
  }
  for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
    for (const ast::TypeDefinition& ext : docs_[doc].document.types) {
      if (!ext.extension) continue;
      auto it = all_types_.find(ext.name.value);
      if (it != all_types_.end() && !it->second->built_in) {
        nodes_[ext.name.value].push_back({&ext, doc});
      }
    }
  }
  for (const auto& owned : schema_->owned_types_)
    fill_type(*owned, nodes_[owned->name]);

  auto builtin = [&](std::string_view name) { return all_types_.at(name); };
  schema_->int_ = builtin("Int");
  schema_->float_ = builtin("Float");
  schema_->string_ = builtin("String");
  schema_->boolean_ = builtin("Boolean");
  schema_->id_ = builtin("ID");
}

void SchemaBuilder::fill_type(Type& type, const std::vector<Sourced<ast::TypeDefinition>>& nodes) {
  const bool built_in = type.built_in;
  std::vector<Sourced<ast::FieldDefinition>> field_nodes;
  std::vector<Sourced<ast::InputValueDefinition>> input_nodes;
  std::vector<Sourced<ast::EnumValueDefinition>> value_nodes;

  for (const auto& [node, doc] : nodes) {
    for (const ast::Name& name : node->interfaces) {
      auto it = all_types_.find(name.value);
      if (it == all_types_.end()) {
        unresolved_types_ = true;
        continue;
      }
      type.interfaces.push_back(it->second);
    }
    for (const ast::Name& name : node->members) {
      auto it = all_types_.find(name.value);
      if (it == all_types_.end()) {
        unresolved_types_ = true;
        continue;
      }
      type.possible_types.push_back(it->second);
    }
    for (const ast::FieldDefinition& field : node->fields) {
      type.fields.push_back(make_field(field, doc, built_in));
      field_nodes.push_back({&field, doc});
    }
    for (const ast::InputValueDefinition& field : node->input_fields) {
      type.input_fields.push_back(make_input_value(field, doc, built_in));
      input_nodes.push_back({&field, doc});
    }
    for (const ast::EnumValueDefinition& value : node->values) {
      EnumValue enum_value;
      enum_value.name = value.name.value;
      enum_value.description = value.description.value_or("");
      set_deprecation(enum_value, value.directives);
      if (!built_in) enum_value.loc = value.loc;
      type.enum_values.push_back(std::move(enum_value));
      value_nodes.push_back({&value, doc});
    }
    if (type.kind == TypeKind::input_object && find_directive(node->directives, "oneOf")) {
      type.one_of = true;
    }
    if (type.kind == TypeKind::scalar) {
      if (const ast::Directive* by = find_directive(node->directives, "specifiedBy")) {
        const ast::ValueNode* url = find_argument(*by, "url");
        if (url != nullptr && url->kind == ast::ValueNode::Kind::string) {
          type.specified_by_url = url->text;
        }
      }
    }
  }
  if (built_in) return;

  // The member vectors are complete: their elements' addresses are final.
  origins_.types[&type] = nodes;
  for (std::size_t i = 0; i < type.fields.size(); ++i) {
    Field& field = type.fields[i];
    origins_.fields[&field] = field_nodes[i];
    for (std::size_t j = 0; j < field.arguments.size(); ++j) {
      origins_.input_values[&field.arguments[j]] = {&field_nodes[i].node->arguments[j],
                                                    field_nodes[i].doc};
    }
  }
  for (std::size_t i = 0; i < type.input_fields.size(); ++i) {
    origins_.input_values[&type.input_fields[i]] = input_nodes[i];
  }
  for (std::size_t i = 0; i < type.enum_values.size(); ++i) {
    origins_.enum_values[&type.enum_values[i]] = value_nodes[i];
  }
}

Field SchemaBuilder::make_field(const ast::FieldDefinition& node, std::size_t doc, bool built_in) {
  Field field;
  field.name = node.name.value;
  field.description = node.description.value_or("");
  for (const ast::InputValueDefinition& arg : node.arguments) {
    field.arguments.push_back(make_input_value(arg, doc, built_in));
  }
  field.type = resolve(node.type, doc, built_in);
  set_deprecation(field, node.directives);
  if (!built_in) field.loc = node.loc;
  return field;
}

InputValue SchemaBuilder::make_input_value(const ast::InputValueDefinition& node, std::size_t doc,
                                           bool built_in) {
  InputValue value;
  value.name = node.name.value;
  value.description = node.description.value_or("");
  value.type = resolve(node.type, doc, built_in);
  value.default_value = node.default_value;
  set_deprecation(value, node.directives);
  if (!built_in) value.loc = node.loc;
  return value;
}

TypeRef SchemaBuilder::resolve(const ast::Type& type, std::size_t doc, bool built_in) {
  TypeRef inner;
  switch (type.kind) {
    case ast::Type::Kind::named: {
      auto it = all_types_.find(type.name);
      if (it != all_types_.end()) return TypeRef(it->second);
      unresolved_types_ = true;  // reported by the SDL rules
      return TypeRef{};
    }
    case ast::Type::Kind::list:
    case ast::Type::Kind::non_null:
      if (!type.of) {
        unresolved_types_ = true;
        return TypeRef{};
      }
      inner = resolve(*type.of, doc, built_in);
      break;
  }
  if (!inner.valid()) return inner;
  TypeRef wrapped = type.kind == ast::Type::Kind::list ? inner.list_of() : inner.non_null_of();
  if (!wrapped.valid()) {
    unresolved_types_ = true;
    std::string message = "The type " + type_string(type) + " has more than " +
                          std::to_string(TypeRef::kMaxDepth) + " list and non-null wrappers.";
    if (built_in) {
      errors_.push_back(SourceError{"<built-in>", type.loc, std::move(message)});
    } else {
      errors_.push_back(origins_.error(doc, type.loc, std::move(message)));
    }
  }
  return wrapped;
}

// ---- directives ----

void SchemaBuilder::create_directives() {
  auto add = [&](const ast::DirectiveDefinition& def, std::size_t doc, bool built_in) {
    auto directive = std::make_unique<Directive>();
    directive->name = def.name.value;
    directive->description = def.description.value_or("");
    for (const ast::InputValueDefinition& arg : def.arguments) {
      directive->arguments.push_back(make_input_value(arg, doc, built_in));
    }
    directive->repeatable = def.repeatable;
    for (const ast::Name& location : def.locations)
      directive->locations.push_back(location.value);
    directive->built_in = built_in;
    if (!built_in) {
      directive->loc = def.loc;
      origins_.directives[directive.get()] = {&def, doc};
      for (std::size_t i = 0; i < directive->arguments.size(); ++i) {
        origins_.input_values[&directive->arguments[i]] = {&def.arguments[i], doc};
      }
    }
    schema_->directives_.emplace(directive->name, directive.get());
    schema_->directive_list_.push_back(directive.get());
    schema_->owned_directives_.push_back(std::move(directive));
  };
  // User directives first, then the specified ones the user did not redefine (graphql-js).
  for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
    for (const ast::DirectiveDefinition& def : docs_[doc].document.directives)
      add(def, doc, false);
  }
  for (const ast::DirectiveDefinition& def : builtin_docs_[0].document.directives) {
    if (schema_->directives_.count(def.name.value) == 0) add(def, 0, true);
  }
}

// ---- roots and meta-fields ----

void SchemaBuilder::set_roots() {
  auto set = [&](ast::OperationType op, const Type* type) {
    switch (op) {
      case ast::OperationType::query:
        schema_->query_ = type;
        break;
      case ast::OperationType::mutation:
        schema_->mutation_ = type;
        break;
      case ast::OperationType::subscription:
        schema_->subscription_ = type;
        break;
    }
  };
  const ast::SchemaDefinition* definition = nullptr;
  for (std::size_t doc = 0; doc < docs_.size(); ++doc) {
    for (const ast::SchemaDefinition& node : docs_[doc].document.schemas) {
      origins_.schemas.push_back({&node, doc});
      if (!node.extension && definition == nullptr) definition = &node;
    }
  }
  // The definition's operation types, then the extensions' (as graphql-js merges them).
  auto apply = [&](const ast::SchemaDefinition& node) {
    for (const ast::OperationTypeDefinition& op : node.operation_types) {
      auto it = all_types_.find(op.type.value);
      if (it != all_types_.end()) set(op.operation, it->second);
    }
  };
  if (definition != nullptr) {
    apply(*definition);
    schema_->description_ = definition->description.value_or("");
  }
  for (const auto& [node, doc] : origins_.schemas) {
    if (node->extension) apply(*node);
  }
  if (definition == nullptr) {
    for (const Type* type : defined_types_) {
      if (type->name == "Query") set(ast::OperationType::query, type);
      if (type->name == "Mutation") set(ast::OperationType::mutation, type);
      if (type->name == "Subscription") set(ast::OperationType::subscription, type);
    }
  }
}

void SchemaBuilder::set_meta_fields() {
  auto named = [&](std::string_view name) { return TypeRef(all_types_.at(name)); };

  Field& type_name = schema_->typename_field_;
  type_name.name = "__typename";
  type_name.description = "The name of the current Object type at runtime.";
  type_name.type = named("String").non_null_of();

  Field& schema = schema_->schema_field_;
  schema.name = "__schema";
  schema.description = "Access the current type schema of this server.";
  schema.type = named("__Schema").non_null_of();

  Field& type = schema_->type_field_;
  type.name = "__type";
  type.description = "Request the type information of a single type.";
  type.type = named("__Type");
  InputValue name_arg;
  name_arg.name = "name";
  name_arg.type = named("String").non_null_of();
  type.arguments.push_back(std::move(name_arg));
}

// ---- the type map ----

void SchemaBuilder::collect_type_map() {
  std::vector<const Type*>& list = schema_->type_list_;
  std::unordered_set<const Type*> seen(defined_types_.begin(), defined_types_.end());

  // Pre-order depth-first, as graphql-js's collectReferencedTypes.
  auto collect = [&](auto& self, const Type* type, bool force) -> void {
    if (type == nullptr) return;
    if (!force && !seen.insert(type).second) return;
    list.push_back(type);
    for (const Type* member : type->possible_types) {
      if (type->kind == TypeKind::union_type) self(self, member, false);
    }
    for (const Type* interface : type->interfaces)
      self(self, interface, false);
    for (const Field& field : type->fields) {
      self(self, field.type.named(), false);
      for (const InputValue& arg : field.arguments)
        self(self, arg.type.named(), false);
    }
    for (const InputValue& field : type->input_fields)
      self(self, field.type.named(), false);
  };

  std::unordered_set<const Type*> placed;
  for (const Type* type : defined_types_) {
    if (!placed.insert(type).second) continue;
    collect(collect, type, true);
  }
  collect(collect, schema_->query_, false);
  collect(collect, schema_->mutation_, false);
  collect(collect, schema_->subscription_, false);
  for (const Directive* directive : schema_->directive_list_) {
    for (const InputValue& arg : directive->arguments)
      collect(collect, arg.type.named(), false);
  }
  collect(collect, all_types_.at("__Schema"), false);

  for (const Type* type : list)
    schema_->types_.emplace(type->name, type);
}

void SchemaBuilder::link_possible_types() {
  // Union members are already in place; an interface's possible types are the objects of the
  // type map that implement it, in type map order.
  for (const Type* type : schema_->type_list_) {
    if (type->kind != TypeKind::object) continue;
    for (const Type* interface : type->interfaces) {
      if (interface->kind != TypeKind::interface) continue;
      Type* mutable_interface = all_types_.at(interface->name);
      auto& possible = mutable_interface->possible_types;
      if (std::find(possible.begin(), possible.end(), type) == possible.end()) {
        possible.push_back(type);
      }
    }
  }
}

void SchemaBuilder::index_fields() {
  for (const auto& type : schema_->owned_types_) {
    type->field_index_.reserve(type->fields.size());
    for (std::size_t i = 0; i < type->fields.size(); ++i) {
      type->field_index_.emplace(type->fields[i].name, static_cast<std::uint32_t>(i));
    }
  }
}

// ---- values in the SDL ----

void SchemaBuilder::check_directive_arguments() {
  for_each_directive_site(docs_, [&](const DirectiveSite& site) {
    for (const ast::Directive& applied : *site.directives) {
      const Directive* directive = schema_->directive(applied.name.value);
      if (directive == nullptr) continue;
      for (const ast::Argument& arg : applied.arguments) {
        const InputValue* definition = directive->argument(arg.name.value);
        if (definition == nullptr || !definition->type.valid()) continue;
        if (!canonical_literal(arg.value, definition->type)) {
          errors_.push_back(origins_.error(site.doc, arg.value.loc,
                                           "Argument \"" + arg.name.value +
                                               "\" has invalid value " + print_value(arg.value) +
                                               "."));
        }
      }
    }
  });
}

void SchemaBuilder::check_default_values() {
  auto check = [&](const InputValue& value, const std::string& what) {
    if (!value.default_value || !value.type.valid()) return;
    if (canonical_literal(*value.default_value, value.type)) return;
    const auto& origin = origins_.input_values.at(&value);
    errors_.push_back(origins_.error(
        origin.doc, value.default_value->loc,
        what + " has invalid default value " + print_value(*value.default_value) + "."));
  };
  for (const Type* type : schema_->type_list_) {
    if (type->built_in) continue;
    for (const Field& field : type->fields) {
      for (const InputValue& arg : field.arguments) {
        check(arg, "Argument \"" + type->name + "." + field.name + "(" + arg.name + ":)\"");
      }
    }
    for (const InputValue& field : type->input_fields) {
      check(field, "Input field \"" + type->name + "." + field.name + "\"");
    }
  }
  for (const Directive* directive : schema_->directive_list_) {
    if (directive->built_in) continue;
    for (const InputValue& arg : directive->arguments) {
      check(arg, "Argument \"@" + directive->name + "(" + arg.name + ":)\"");
    }
  }
}

}  // namespace stashql
