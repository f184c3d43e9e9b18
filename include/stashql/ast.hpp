// The GraphQL syntax tree (spec October 2021, §2 and §3): executable documents and SDL in one
// Document. Every node carries the line:column where it starts (1-based; columns in UTF-16
// code units, as graphql-js counts them). Nodes own their strings: a parsed document is cached and
// outlives the request text it came from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stashql {

struct Location {
  std::uint32_t line = 0;  // 0 = unknown
  std::uint32_t column = 0;
  friend bool operator==(const Location&, const Location&) = default;
};

namespace ast {

enum class OperationType : std::uint8_t { query, mutation, subscription };

// The keyword of an operation type as written in GraphQL: "query", "mutation", "subscription"
// (also the root value's member for that operation).
std::string_view operation_keyword(OperationType op);

struct Name {
  std::string value;
  Location loc;
};

// A type reference as written: `Int`, `[Int!]`, `[[String]!]!`.
struct Type {
  enum class Kind : std::uint8_t { named, list, non_null };
  Kind kind = Kind::named;
  std::string name;          // for named
  std::unique_ptr<Type> of;  // for list and non_null
  Location loc;
};

struct ObjectField;

// An input value literal (spec §2.9). Variables are allowed only in executable documents.
struct ValueNode {
  enum class Kind : std::uint8_t {
    variable,
    integer,
    floating,
    string,
    boolean,
    null,
    enumeration,
    list,
    object
  };
  Kind kind = Kind::null;
  Location loc;
  std::string text;  // variable name, enum name, integer or float as written, decoded string
  bool boolean = false;
  bool block = false;  // a string written as a block string """…"""
  std::vector<ValueNode> list;
  std::vector<ObjectField> fields;
};

struct ObjectField {
  Name name;
  ValueNode value;
};

struct Argument {
  Name name;
  ValueNode value;
};

struct Directive {
  Name name;
  std::vector<Argument> arguments;
  Location loc;  // of the '@'
};

// A field, a fragment spread or an inline fragment (spec §2.4–§2.8), in one struct so that
// walks over selection sets need no visitor machinery.
struct Selection {
  enum class Kind : std::uint8_t { field, fragment_spread, inline_fragment };
  Kind kind = Kind::field;
  Location loc;                        // field: of its alias or name; spreads: of the "..."
  std::optional<Name> alias;           // field only
  Name name;                           // field name, or the spread fragment's name
  std::optional<Name> type_condition;  // inline fragment only, when written
  std::vector<Argument> arguments;     // field only
  std::vector<Directive> directives;
  std::vector<Selection> selection_set;  // field (may be empty) and inline fragment
  Location selection_set_loc;            // of the selection set's '{' (0:0 when it has none)

  const std::string& response_key() const { return alias ? alias->value : name.value; }
};

struct VariableDefinition {
  Name name;     // without '$'
  Location loc;  // of the '$', or of its description when it has one (as graphql-js)
  Type type;
  std::optional<ValueNode> default_value;
  std::vector<Directive> directives;
};

struct OperationDefinition {
  OperationType operation = OperationType::query;
  std::optional<Name> name;
  Location loc;  // of the first token ("query"/"mutation"/"subscription" or "{")
  std::vector<VariableDefinition> variables;
  std::vector<Directive> directives;
  std::vector<Selection> selection_set;
};

struct FragmentDefinition {
  Name name;
  Location loc;  // of "fragment"
  Name type_condition;
  std::vector<VariableDefinition> variables;  // parsed only for error reporting; spec forbids
  std::vector<Directive> directives;
  std::vector<Selection> selection_set;
};

// ---- SDL (spec §3) ----

struct InputValueDefinition {
  std::optional<std::string> description;
  Name name;
  Type type;
  std::optional<ValueNode> default_value;
  std::vector<Directive> directives;
  Location loc;  // of the description if any, else the name
};

struct FieldDefinition {
  std::optional<std::string> description;
  Name name;
  std::vector<InputValueDefinition> arguments;
  Type type;
  std::vector<Directive> directives;
  Location loc;
};

struct EnumValueDefinition {
  std::optional<std::string> description;
  Name name;
  std::vector<Directive> directives;
  Location loc;
};

// A type definition or extension (`extend type …`); `kind` tells which members are used.
struct TypeDefinition {
  enum class Kind : std::uint8_t {
    scalar,
    object,
    interface,
    union_type,
    enumeration,
    input_object
  };
  Kind kind = Kind::scalar;
  bool extension = false;
  std::optional<std::string> description;
  Name name;
  std::vector<Name> interfaces;  // object, interface
  std::vector<Directive> directives;
  std::vector<FieldDefinition> fields;             // object, interface
  std::vector<Name> members;                       // union
  std::vector<EnumValueDefinition> values;         // enum
  std::vector<InputValueDefinition> input_fields;  // input object
  Location loc;  // of the description if any, else of "extend"/the keyword
};

struct OperationTypeDefinition {
  OperationType operation = OperationType::query;
  Name type;
  Location loc;
};

struct SchemaDefinition {
  bool extension = false;
  std::optional<std::string> description;
  std::vector<Directive> directives;
  std::vector<OperationTypeDefinition> operation_types;
  Location loc;
};

struct DirectiveDefinition {
  std::optional<std::string> description;
  Name name;
  std::vector<InputValueDefinition> arguments;
  bool repeatable = false;
  std::vector<Name> locations;  // e.g. FIELD, QUERY, FIELD_DEFINITION
  Location loc;
};

// One parsed source. Definitions of each kind keep their source order.
struct Document {
  std::vector<OperationDefinition> operations;
  std::vector<FragmentDefinition> fragments;
  std::vector<SchemaDefinition> schemas;
  std::vector<TypeDefinition> types;
  std::vector<DirectiveDefinition> directives;

  const FragmentDefinition* fragment(std::string_view name) const;
};

}  // namespace ast
}  // namespace stashql
