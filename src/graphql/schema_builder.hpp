// Internals of Schema::build, shared by its three phases, each in its own file:
//   schema_sdl_rules.cpp   the SDL rules over the parsed files (graphql-js's specifiedSDLRules),
//   schema_builder.cpp     types, directives and roots built from the files, merged with the
//                          built-ins and every `extend`,
//   schema_validation.cpp  the type system rules over the built schema (graphql-js's
//                          validateSchema).
// A phase runs only if the one before it found no error, so messages never cascade.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/schema.hpp>

namespace stashql {

struct SdlDocument {
  std::string file;
  ast::Document document;
};

// A node of an SDL document, and which document (an index into the documents) it is in.
template <class Node>
struct Sourced {
  const Node* node = nullptr;
  std::size_t doc = 0;
};

// Where each user-defined part of a built schema came from; built-ins have no entry.
struct SchemaOrigins {
  const std::vector<SdlDocument>* docs = nullptr;
  // The definition first, then its extensions in document order.
  std::unordered_map<const Type*, std::vector<Sourced<ast::TypeDefinition>>> types;
  std::unordered_map<const Field*, Sourced<ast::FieldDefinition>> fields;
  std::unordered_map<const InputValue*, Sourced<ast::InputValueDefinition>> input_values;
  std::unordered_map<const EnumValue*, Sourced<ast::EnumValueDefinition>> enum_values;
  std::unordered_map<const Directive*, Sourced<ast::DirectiveDefinition>> directives;
  std::vector<Sourced<ast::SchemaDefinition>> schemas;  // the definition and extensions

  SourceError error(std::size_t doc, Location loc, std::string message) const {
    return SourceError{(*docs)[doc].file, loc, std::move(message)};
  }
};

// A place in SDL where directives are applied. Type definitions share their directives with
// their extensions (as the schema definition does with its extensions), which the group says.
struct DirectiveSite {
  enum class Group : std::uint8_t { none, schema, type };
  const std::vector<ast::Directive>* directives = nullptr;
  std::string_view location;  // as __DirectiveLocation: "OBJECT", "FIELD_DEFINITION", …
  std::size_t doc = 0;
  Group group = Group::none;
  std::string_view type_name;  // for Group::type
};

void for_each_directive_site(const std::vector<SdlDocument>& docs,
                             const std::function<void(const DirectiveSite&)>& fn);

// Every input value definition (field and directive arguments, input fields) in the documents.
void for_each_input_value_definition(
    const std::vector<SdlDocument>& docs,
    const std::function<void(const ast::InputValueDefinition&, std::size_t doc)>& fn);

// "[Int!]!" for a type as written.
std::string type_string(const ast::Type& type);

// Phase 1: the SDL rules, over all documents as one.
void check_sdl(const std::vector<SdlDocument>& docs, std::vector<SourceError>& errors);

// Phase 3: the type system rules.
void validate_schema(const Schema& schema, const SchemaOrigins& origins,
                     std::vector<SourceError>& errors);

// Phase 2, and the driver of all three. A friend of Schema and Type.
class SchemaBuilder {
 public:
  Result<std::shared_ptr<const Schema>, std::vector<SourceError>> build(
      const std::vector<SdlSource>& sources);

 private:
  bool parse_sources(const std::vector<SdlSource>& sources);
  void create_types();
  void fill_type(Type& type, const std::vector<Sourced<ast::TypeDefinition>>& nodes);
  Field make_field(const ast::FieldDefinition& node, std::size_t doc, bool built_in);
  InputValue make_input_value(const ast::InputValueDefinition& node, std::size_t doc,
                              bool built_in);
  void create_directives();
  void set_roots();
  void set_meta_fields();
  void collect_type_map();
  void link_possible_types();
  void index_fields();
  void check_directive_arguments();
  void check_default_values();
  TypeRef resolve(const ast::Type& type, std::size_t doc, bool built_in);

  std::vector<SdlDocument> docs_;
  std::vector<SdlDocument> builtin_docs_;  // one document: builtin_sdl()
  std::vector<SourceError> errors_;
  std::unique_ptr<Schema> schema_;
  SchemaOrigins origins_;
  // Every type by name, whether the schema references it or not.
  std::unordered_map<std::string_view, Type*> all_types_;
  // User definitions in document order (a built-in's name stands for the built-in), as
  // graphql-js's config.types; the type map starts from them.
  std::vector<Type*> defined_types_;
  std::unordered_map<std::string_view, std::vector<Sourced<ast::TypeDefinition>>> nodes_;
  bool unresolved_types_ = false;
};

}  // namespace stashql
