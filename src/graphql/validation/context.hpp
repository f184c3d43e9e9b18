// The machinery every validation rule shares: one walk of the document that tracks types as
// graphql-js's TypeInfo does and feeds each rule's enter/leave events in specifiedRules
// order (so errors come out in graphql-js's order), an error sink with graphql-js's error
// limit, fragment lookups, and per-operation variable usages computed once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/schema.hpp>
#include <stashql/validation.hpp>

namespace stashql::validation {

class ValidationContext;

// What a rule's enter event answers: go on into the node, or skip its children (for this
// rule only; the others still see them), as returning false does in graphql-js.
enum class Flow : std::uint8_t { visit, skip };

// A selection set: the selections and what holds them.
struct SelectionSetRef {
  enum class Owner : std::uint8_t { operation, field, inline_fragment, fragment_definition };
  const std::vector<ast::Selection>* selections = nullptr;
  Owner owner = Owner::operation;
  Location loc;  // of the '{' where the AST knows it
};

// A type-system node of an SDL definition found in a request (they are invalid there, but
// graphql-js still runs every rule over them).
struct SdlNodeRef {
  enum class Kind : std::uint8_t {
    schema,
    type,
    field_definition,
    input_value_definition,
    enum_value_definition,
    directive_definition
  };
  Kind kind = Kind::type;
  std::string_view name;  // the type's name for Kind::type
  const std::vector<ast::Directive>* directives = nullptr;
};

// One validation rule: the events it cares about. Defaults do nothing and go on.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual Flow enter_document(const ast::Document&) { return Flow::visit; }
  virtual void leave_document(const ast::Document&) {}
  virtual Flow enter_operation(const ast::OperationDefinition&) { return Flow::visit; }
  virtual void leave_operation(const ast::OperationDefinition&) {}
  virtual Flow enter_fragment_definition(const ast::FragmentDefinition&) { return Flow::visit; }
  virtual Flow enter_variable_definition(const ast::VariableDefinition&) { return Flow::visit; }
  virtual Flow enter_selection_set(const SelectionSetRef&) { return Flow::visit; }
  virtual Flow enter_field(const ast::Selection&) { return Flow::visit; }
  virtual void leave_field(const ast::Selection&) {}
  virtual Flow enter_fragment_spread(const ast::Selection&) { return Flow::visit; }
  virtual Flow enter_inline_fragment(const ast::Selection&) { return Flow::visit; }
  // `location` is where the directive stands, as a directive location name ("FIELD", …).
  virtual Flow enter_directive(const ast::Directive&, std::string_view /*location*/) {
    return Flow::visit;
  }
  virtual void leave_directive(const ast::Directive&) {}
  virtual Flow enter_argument(const ast::Argument&) { return Flow::visit; }
  virtual Flow enter_value(const ast::ValueNode&) { return Flow::visit; }
  virtual void leave_value(const ast::ValueNode&) {}
  virtual Flow enter_object_field(const ast::ObjectField&) { return Flow::visit; }
  // A named type reference; `in_sdl` when it stands in a type-system definition.
  virtual Flow enter_named_type(std::string_view /*name*/, Location, bool /*in_sdl*/) {
    return Flow::visit;
  }
  virtual Flow enter_sdl_node(const SdlNodeRef&) { return Flow::visit; }
};

// The types around the node being visited, as graphql-js's TypeInfo tracks them. An
// unknown type is an invalid TypeRef or nullptr.
class TypeInfo {
 public:
  explicit TypeInfo(const ValidationContext& context) : context_(context) {}

  TypeRef type() const { return type_stack_.empty() ? TypeRef{} : type_stack_.back(); }
  const Type* parent_type() const {
    return parent_type_stack_.empty() ? nullptr : parent_type_stack_.back();
  }
  TypeRef input_type() const {
    return input_type_stack_.empty() ? TypeRef{} : input_type_stack_.back();
  }
  TypeRef parent_input_type() const {
    return input_type_stack_.size() > 1 ? input_type_stack_[input_type_stack_.size() - 2]
                                        : TypeRef{};
  }
  const Field* field_def() const {
    return field_def_stack_.empty() ? nullptr : field_def_stack_.back();
  }
  // Whether the current input position has a default value (an argument's or input field's).
  bool has_default_value() const {
    return !default_value_stack_.empty() && default_value_stack_.back();
  }
  const Directive* directive() const { return directive_; }
  const InputValue* argument() const { return argument_; }

  void enter_operation(const ast::OperationDefinition& operation);
  void leave_operation() { type_stack_.pop_back(); }
  // Inline fragments and fragment definitions; `type_condition` may be null (inline only).
  void enter_fragment(const ast::Name* type_condition);
  void leave_fragment() { type_stack_.pop_back(); }
  void enter_selection_set();
  void leave_selection_set() { parent_type_stack_.pop_back(); }
  void enter_field(const ast::Selection& field);
  void leave_field();
  void enter_directive(const ast::Directive& directive);
  void leave_directive() { directive_ = nullptr; }
  void enter_variable_definition(const ast::VariableDefinition& definition);
  void leave_variable_definition() { input_type_stack_.pop_back(); }
  void enter_argument(const ast::Argument& argument);
  void leave_argument();
  void enter_list_value();
  void enter_object_field(const ast::ObjectField& field);
  void leave_list_value_or_object_field();

 private:
  const ValidationContext& context_;
  std::vector<TypeRef> type_stack_;
  std::vector<const Type*> parent_type_stack_;
  std::vector<TypeRef> input_type_stack_;
  std::vector<const Field*> field_def_stack_;
  std::vector<bool> default_value_stack_;
  const Directive* directive_ = nullptr;
  const InputValue* argument_ = nullptr;
};

// A definition of the document, in source order.
using Definition = std::variant<const ast::OperationDefinition*, const ast::FragmentDefinition*,
                                const ast::SchemaDefinition*, const ast::TypeDefinition*,
                                const ast::DirectiveDefinition*>;

// A place where a variable is used, with what is expected there.
struct VariableUsage {
  const ast::ValueNode* node = nullptr;  // the $variable
  TypeRef type;                          // the input type expected there; invalid if unknown
  bool has_default_value = false;        // the position (argument, input field) has a default
  TypeRef parent_type;                   // the input type around the position, if any
};

using FragmentList = std::vector<const ast::FragmentDefinition*>;
using UsageList = std::vector<VariableUsage>;

class ValidationContext {
 public:
  ValidationContext(const Schema& schema, const ast::Document& document, ValidationLimits limits);
  ValidationContext(const ValidationContext&) = delete;
  ValidationContext& operator=(const ValidationContext&) = delete;
  ~ValidationContext();

  const Schema& schema() const { return schema_; }
  const ast::Document& document() const { return document_; }
  // The types around the node the main walk is at.
  const TypeInfo& type_info() const { return type_info_; }
  TypeInfo& mutable_type_info() { return type_info_; }

  // ---- errors ----
  // Records an error; past the limit, records graphql-js's "Too many validation errors"
  // error instead and aborts. Locations that are unknown (0:0) are left out.
  void report(std::string message, const std::vector<Location>& locations);
  // Records graphql-js's "Validation aborted." (a work budget ran out) and aborts.
  void abort_validation();
  bool aborted() const { return aborted_; }
  std::vector<GraphQLError> take_errors() { return std::move(errors_); }
  // graphql-js's budget for fragment bookkeeping (50,000 units): false, after aborting, once
  // it is spent.
  bool spend_fragment_work(std::size_t cost);
  bool hide_suggestions() const { return false; }

  // ---- types ----
  // Whether `maybe_sub` is a possible type of `abstract_type` (graphql-js's isSubType).
  static bool is_sub_type(const Type* abstract_type, const Type* maybe_sub);
  // Whether two composite types can have an object type in common.
  static bool do_types_overlap(const Type* a, const Type* b);

  // ---- the document ----
  const std::vector<Definition>& definitions() const { return definitions_; }
  // The fragment of that name (the last one, as graphql-js), or nullptr.
  const ast::FragmentDefinition* fragment(std::string_view name) const;
  // The fragment spreads anywhere in a selection set (outside named fragments), in
  // graphql-js's order.
  const std::vector<const ast::Selection*>& fragment_spreads(
      const std::vector<ast::Selection>& selection_set);
  // Every fragment the operations reach through spreads, transitively; nullptr if the
  // fragment budget ran out.
  const FragmentList* recursively_referenced_fragments(
      const std::vector<const ast::OperationDefinition*>& operations);
  // Every variable use in the operation and the fragments it reaches; nullptr if the
  // fragment budget ran out.
  const UsageList* recursive_variable_usages(const ast::OperationDefinition& operation);

 private:
  template <class Node>
  const UsageList& variable_usages(const Node& definition);

  const Schema& schema_;
  const ast::Document& document_;
  ValidationLimits limits_;
  TypeInfo type_info_;
  std::vector<GraphQLError> errors_;
  bool aborted_ = false;
  std::int64_t remaining_fragment_work_ = 50'000;

  std::vector<Definition> definitions_;
  std::unordered_map<std::string_view, const ast::FragmentDefinition*> fragments_;
  std::unordered_map<const void*, std::vector<const ast::Selection*>> spreads_;
  std::map<std::vector<std::string_view>, std::unique_ptr<FragmentList>> referenced_;
  std::unordered_map<const void*, std::unique_ptr<UsageList>> usages_;
  std::unordered_map<const void*, std::unique_ptr<UsageList>> recursive_usages_;
};

// Recursions that follow fragment spreads are bounded only by the document's size; past this
// nesting, validation aborts ("Validation aborted.") rather than exhaust the stack. graphql-js
// itself overflows its stack near this depth.
constexpr int kMaxRecursionDepth = 5000;

// Counts one level of such a recursion for as long as it lives; aborts validation when the
// limit is passed (check ok() before going deeper).
class RecursionGuard {
 public:
  RecursionGuard(ValidationContext& context, int& depth) : depth_(depth) {
    if (++depth_ > kMaxRecursionDepth) context.abort_validation();
  }
  RecursionGuard(const RecursionGuard&) = delete;
  RecursionGuard& operator=(const RecursionGuard&) = delete;
  ~RecursionGuard() { --depth_; }
  bool ok() const { return depth_ <= kMaxRecursionDepth; }

 private:
  int& depth_;
};

// A type reference as written in the document: "[Int!]".
std::string print_type(const ast::Type& type);

// ---- the walk ----

// Visits a document (or one definition) once, keeping `type_info` in step and sending each
// node's events to `rules` in order. Stops when the context is aborted.
class Walker {
 public:
  Walker(ValidationContext& context, TypeInfo& type_info, std::vector<Rule*> rules);

  void walk_document(const ast::Document& document);
  void walk_operation(const ast::OperationDefinition& operation);
  void walk_fragment_definition(const ast::FragmentDefinition& fragment);

 private:
  struct NodeKey {
    const void* node = nullptr;
    std::uint8_t kind = 0;
    friend bool operator==(const NodeKey&, const NodeKey&) = default;
  };
  template <class Call>
  void enter(NodeKey key, Call&& call);
  template <class Call>
  void leave(NodeKey key, Call&& call);

  void walk_variable_definition(const ast::VariableDefinition& definition);
  void walk_selection_set(const std::vector<ast::Selection>& selections,
                          SelectionSetRef::Owner owner, Location loc);
  void walk_field(const ast::Selection& field);
  void walk_fragment_spread(const ast::Selection& spread);
  void walk_inline_fragment(const ast::Selection& fragment);
  void walk_directives(const std::vector<ast::Directive>& directives, std::string_view location);
  void walk_argument(const ast::Argument& argument);
  void walk_value(const ast::ValueNode& value);
  void walk_object_field(const ast::ObjectField& field);
  void walk_named_type(const void* key, std::string_view name, Location loc);
  void walk_type(const ast::Type& type);
  void walk_schema_definition(const ast::SchemaDefinition& schema);
  void walk_type_definition(const ast::TypeDefinition& type);
  void walk_field_definition(const ast::FieldDefinition& field);
  void walk_input_value_definition(const ast::InputValueDefinition& value,
                                   std::string_view location);
  void walk_directive_definition(const ast::DirectiveDefinition& directive);

  ValidationContext& context_;
  TypeInfo& type_info_;
  std::vector<Rule*> rules_;
  std::vector<NodeKey> skipping_;
  bool in_sdl_ = false;
};

}  // namespace stashql::validation
