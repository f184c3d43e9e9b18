// The schema: named types, their fields and arguments, and directives, built once from SDL
// files and immutable afterwards (shared by every thread without locks). Types refer to each
// other by pointer; wrapped types (lists, non-null) are small TypeRef values, so a request
// never needs to create types.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <stashql/ast.hpp>
#include <stashql/error.hpp>
#include <stashql/result.hpp>

namespace stashql {

// As introspection's __TypeKind.
enum class TypeKind : std::uint8_t {
  scalar,
  object,
  interface,
  union_type,
  enumeration,
  input_object,
  list,
  non_null
};

struct Type;

// A named type wrapped in up to kMaxDepth list / non-null modifiers.
class TypeRef {
 public:
  static constexpr int kMaxDepth = 15;

  TypeRef() = default;
  explicit TypeRef(const Type* named) : named_(named) {}

  const Type* named() const { return named_; }  // the innermost named type
  bool valid() const { return named_ != nullptr; }
  bool is_non_null() const { return depth_ > 0 && outer() == kNonNull; }
  bool is_list() const { return depth_ > 0 && outer() == kList; }
  bool is_wrapped() const { return depth_ > 0; }
  // The kind of the outermost layer: list, non_null, or the named type's kind.
  TypeKind kind() const;
  // The type inside the outermost wrapper. Precondition: is_wrapped(). Inline: completion
  // unwraps a type at every position of a response.
  TypeRef of_type() const {
    TypeRef inner = *this;
    inner.depth_ = static_cast<std::uint8_t>(depth_ - 1);
    inner.mods_ = inner.depth_ == 0 ? 0 : mods_ & ((std::uint32_t{1} << (2 * inner.depth_)) - 1);
    return inner;
  }
  TypeRef nullable() const { return is_non_null() ? of_type() : *this; }
  // Wrapping fails (returns an invalid TypeRef) beyond kMaxDepth, or for non-null of non-null.
  TypeRef list_of() const;
  TypeRef non_null_of() const;
  std::string to_string() const;  // "[Int!]!"
  friend bool operator==(const TypeRef&, const TypeRef&) = default;

 private:
  static constexpr std::uint32_t kList = 1;
  static constexpr std::uint32_t kNonNull = 2;
  std::uint32_t outer() const { return (mods_ >> (2 * (depth_ - 1))) & 3U; }

  const Type* named_ = nullptr;
  std::uint32_t mods_ = 0;  // 2 bits a layer; the outermost layer in the highest used bits
  std::uint8_t depth_ = 0;
};

struct InputValue {
  std::string name;
  std::string description;  // empty = none
  TypeRef type;
  std::optional<ast::ValueNode> default_value;  // as written in SDL; coerced when used
  bool deprecated = false;
  std::string deprecation_reason;
  Location loc;
};

struct Field {
  std::string name;
  std::string description;
  std::vector<InputValue> arguments;
  TypeRef type;
  bool deprecated = false;
  std::string deprecation_reason;
  Location loc;

  const InputValue* argument(std::string_view name) const;
};

struct EnumValue {
  std::string name;
  std::string description;
  bool deprecated = false;
  std::string deprecation_reason;
  Location loc;
};

struct Type {
  TypeKind kind = TypeKind::scalar;  // never list or non_null
  std::string name;
  std::string description;
  std::string specified_by_url;             // scalars, from @specifiedBy
  bool built_in = false;                    // Int, Float, String, Boolean, ID and the __ types
  std::vector<Field> fields;                // object, interface (in SDL order)
  std::vector<const Type*> interfaces;      // object, interface
  std::vector<const Type*> possible_types;  // union members; objects implementing an interface
  std::vector<EnumValue> enum_values;       // enum
  std::vector<InputValue> input_fields;     // input object
  bool one_of = false;  // input object marked @oneOf: exactly one field, not null, must be given
  std::string file;     // where it was defined (empty for built-ins)
  Location loc;

  const Field* field(std::string_view name) const;
  const EnumValue* enum_value(std::string_view name) const;
  const InputValue* input_field(std::string_view name) const;
  // For an abstract type: whether `object` is one of its possible types; for an object type:
  // whether it is `object` itself.
  bool is_possible_type(const Type* object) const;
  bool implements(const Type* interface) const;

  bool is_leaf() const { return kind == TypeKind::scalar || kind == TypeKind::enumeration; }
  bool is_composite() const {
    return kind == TypeKind::object || kind == TypeKind::interface || kind == TypeKind::union_type;
  }
  bool is_abstract() const { return kind == TypeKind::interface || kind == TypeKind::union_type; }
  bool is_input() const { return is_leaf() || kind == TypeKind::input_object; }
  bool is_output() const { return kind != TypeKind::input_object; }

 private:
  friend class SchemaBuilder;
  std::unordered_map<std::string_view, std::uint32_t> field_index_;  // name -> index in fields
};

struct Directive {
  std::string name;
  std::string description;
  std::vector<InputValue> arguments;
  bool repeatable = false;
  std::vector<std::string> locations;  // as in SDL: "FIELD", "QUERY", …
  bool built_in = false;               // skip, include, deprecated, specifiedBy
  Location loc;

  const InputValue* argument(std::string_view name) const;
  bool allowed_at(std::string_view location) const;
};

// One SDL file's name and text.
struct SdlSource {
  std::string file;
  std::string text;
};

class Schema {
 public:
  // Builds and validates a schema (spec §3, the type system rules graphql-js's
  // assertValidSchema checks) from SDL files; extensions may live in any file. Every problem
  // is reported, each with file:line:column.
  static Result<std::shared_ptr<const Schema>, std::vector<SourceError>> build(
      const std::vector<SdlSource>& sources);

  const Type* type(std::string_view name) const;  // nullptr if unknown
  const Type* query_type() const { return query_; }
  const Type* mutation_type() const { return mutation_; }          // may be nullptr
  const Type* subscription_type() const { return subscription_; }  // may be nullptr
  const Type* root_type(ast::OperationType op) const;
  const std::string& description() const { return description_; }

  const Directive* directive(std::string_view name) const;
  const std::vector<const Directive*>& directives() const { return directive_list_; }
  // Every named type of the schema in graphql-js's type map order: user types in definition
  // order, each followed by the built-in scalars it is the first to use, then the types of
  // directive arguments and the introspection types. Built-in scalars that nothing uses are
  // not part of the schema (as in graphql-js): type("Float") is then nullptr.
  const std::vector<const Type*>& types() const { return type_list_; }

  // The meta-fields every query can select (spec §4.1): __typename on any composite type,
  // __schema and __type on the query root.
  const Field& typename_field() const { return typename_field_; }
  const Field& schema_field() const { return schema_field_; }
  const Field& type_field() const { return type_field_; }
  // A field of `parent` by name, including the meta-fields where they apply.
  const Field* field(const Type* parent, std::string_view name) const;

  // The built-in scalars, for coercion (never nullptr, even when types() leaves one out).
  const Type* int_type() const { return int_; }
  const Type* float_type() const { return float_; }
  const Type* string_type() const { return string_; }
  const Type* boolean_type() const { return boolean_; }
  const Type* id_type() const { return id_; }

 private:
  friend class SchemaBuilder;

  std::vector<std::unique_ptr<Type>> owned_types_;
  std::vector<std::unique_ptr<Directive>> owned_directives_;
  std::unordered_map<std::string_view, const Type*> types_;
  std::unordered_map<std::string_view, const Directive*> directives_;
  std::vector<const Type*> type_list_;
  std::vector<const Directive*> directive_list_;
  const Type* query_ = nullptr;
  const Type* mutation_ = nullptr;
  const Type* subscription_ = nullptr;
  const Type* int_ = nullptr;
  const Type* float_ = nullptr;
  const Type* string_ = nullptr;
  const Type* boolean_ = nullptr;
  const Type* id_ = nullptr;
  std::string description_;
  Field typename_field_;
  Field schema_field_;
  Field type_field_;
};

// Whether a value of type `maybe_sub` is always a valid value of type `super` (graphql-js's
// isTypeSubTypeOf): non-null fits nullable, and an object or interface fits an abstract type it
// belongs to.
bool is_sub_type(const TypeRef& maybe_sub, const TypeRef& super);

// Resolves an AST type reference against the schema: invalid TypeRef if a name is unknown or
// the nesting is too deep.
TypeRef resolve_type(const Schema& schema, const ast::Type& type);

// Prints the schema as SDL (user-defined types and directives; built-ins omitted), in the
// style of graphql-js's printSchema.
std::string print_schema(const Schema& schema);

}  // namespace stashql
