// Introspection (spec §4.2): __schema, __type and the fields of the __ types, as resolvers.
//
// Introspection values flow through the executor like any data: a __Type is a small object of
// its plain properties (kind, name, description, specifiedByURL, isOneOf, ofType) that the
// executor reads by name, plus a hidden member "__ref" — the index of the named type — from which
// the resolvers of fields, interfaces, possibleTypes, enumValues and inputFields pick lists. The
// same goes for __Field and __Directive, whose "__ref" picks their argument lists. "__ref" is
// not a field of any schema type, so validation rejects a query that selects it.
//
// Every value is built once, at install time; a request only hands out references to them.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <stashql/resolver.hpp>

#include "graphql/input_literal.hpp"

namespace stashql {
namespace {

constexpr std::string_view kRef = "__ref";

const char* kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::scalar:
      return "SCALAR";
    case TypeKind::object:
      return "OBJECT";
    case TypeKind::interface:
      return "INTERFACE";
    case TypeKind::union_type:
      return "UNION";
    case TypeKind::enumeration:
      return "ENUM";
    case TypeKind::input_object:
      return "INPUT_OBJECT";
    case TypeKind::list:
      return "LIST";
    case TypeKind::non_null:
      return "NON_NULL";
  }
  return "";
}

Value optional_string(const std::string& s) {
  return s.empty() ? Value{} : Value(s);
}

Value deprecation_reason(bool deprecated, const std::string& reason) {
  return deprecated ? Value(reason) : Value{};
}

// A list in two versions: every item, and only the items not deprecated (the same list when
// none is, which is the common case).
struct Filtered {
  Value all;
  Value active;
  bool any_deprecated = false;

  const Value& pick(const ResolveInfo& info) const {
    if (!any_deprecated) return all;
    const Value* include = info.args.find("includeDeprecated");
    return include != nullptr && include->is_bool() && include->as_bool() ? all : active;
  }
};

// The lists of one named type; null where the type's kind has no such list.
struct TypeLists {
  Filtered fields;
  Value interfaces;
  Value possible_types;
  Filtered enum_values;
  Filtered input_fields;
};

// Everything introspection answers, built once.
struct Introspection {
  std::shared_ptr<const Schema> schema;
  std::unordered_map<const Type*, std::size_t> index;  // named type -> its __ref
  std::vector<Value> named;                            // the __Type of each named type
  std::vector<TypeLists> lists;                        // by __ref
  std::vector<Filtered> arguments;                     // by the __ref of a __Field/__Directive
  std::unordered_map<std::string_view, std::size_t> by_name;
  Value schema_value;

  explicit Introspection(std::shared_ptr<const Schema> s) : schema(std::move(s)) {
    const auto& types = schema->types();
    for (std::size_t i = 0; i < types.size(); ++i) {
      index.emplace(types[i], i);
      by_name.emplace(types[i]->name, i);
      named.push_back(named_type(*types[i], i));
    }
    for (const Type* type : types)
      lists.push_back(type_lists(*type));

    Value schema_object = Object{};
    schema_object["description"] = optional_string(schema->description());
    List all_types;
    for (const Value& v : named)
      all_types.push_back(v);
    schema_object["types"] = std::move(all_types);
    schema_object["queryType"] = type_of(schema->query_type());
    schema_object["mutationType"] = type_of(schema->mutation_type());
    schema_object["subscriptionType"] = type_of(schema->subscription_type());
    List directives;
    for (const Directive* directive : schema->directives()) {
      directives.push_back(directive_value(*directive));
    }
    schema_object["directives"] = std::move(directives);
    schema_value = std::move(schema_object);
  }

  static Value named_type(const Type& type, std::size_t ref) {
    Value v = Object{};
    v["kind"] = kind_name(type.kind);
    v["name"] = type.name;
    v["description"] = optional_string(type.description);
    v["specifiedByURL"] =
        type.kind == TypeKind::scalar ? optional_string(type.specified_by_url) : Value{};
    v["ofType"] = Value{};
    v["isOneOf"] = type.kind == TypeKind::input_object ? Value(type.one_of) : Value{};
    v[kRef] = static_cast<std::int64_t>(ref);
    return v;
  }

  Value type_of(const Type* type) const {
    return type == nullptr ? Value{} : named[index.at(type)];
  }

  // A wrapped type: LIST and NON_NULL layers around a copy of the named type.
  Value type_ref(const TypeRef& ref) const {
    if (!ref.is_wrapped()) return type_of(ref.named());
    Value v = Object{};
    v["kind"] = kind_name(ref.kind());
    v["name"] = Value{};
    v["description"] = Value{};
    v["specifiedByURL"] = Value{};
    v["ofType"] = type_ref(ref.of_type());
    v["isOneOf"] = Value{};
    return v;
  }

  Value input_value(const InputValue& value) const {
    Value v = Object{};
    v["name"] = value.name;
    v["description"] = optional_string(value.description);
    v["type"] = type_ref(value.type);
    auto printed = print_default_value(value);
    v["defaultValue"] = printed ? Value(std::move(*printed)) : Value{};
    v["isDeprecated"] = value.deprecated;
    v["deprecationReason"] = deprecation_reason(value.deprecated, value.deprecation_reason);
    return v;
  }

  template <class Item, class Make>
  Filtered filtered(const std::vector<Item>& items, Make&& make) const {
    Filtered out;
    out.any_deprecated =
        std::any_of(items.begin(), items.end(), [](const Item& item) { return item.deprecated; });
    List all;
    List active;
    all.reserve(items.size());
    for (const Item& item : items) {
      Value v = make(item);
      if (out.any_deprecated && !item.deprecated) active.push_back(v);
      all.push_back(std::move(v));
    }
    out.all = std::move(all);
    out.active = std::move(active);
    return out;
  }

  std::size_t argument_lists(const std::vector<InputValue>& args) {
    arguments.push_back(filtered(args, [&](const InputValue& a) { return input_value(a); }));
    return arguments.size() - 1;
  }

  Value field_value(const Field& field) {
    Value v = Object{};
    v["name"] = field.name;
    v["description"] = optional_string(field.description);
    v["type"] = type_ref(field.type);
    v["isDeprecated"] = field.deprecated;
    v["deprecationReason"] = deprecation_reason(field.deprecated, field.deprecation_reason);
    v[kRef] = static_cast<std::int64_t>(argument_lists(field.arguments));
    return v;
  }

  Value directive_value(const Directive& directive) {
    Value v = Object{};
    v["name"] = directive.name;
    v["description"] = optional_string(directive.description);
    v["isRepeatable"] = directive.repeatable;
    List locations;
    for (const std::string& location : directive.locations)
      locations.emplace_back(location);
    v["locations"] = std::move(locations);
    // SDL cannot deprecate a directive (graphql-js parses directives on directive definitions
    // only behind an experimental flag), so none is deprecated and includeDeprecated of
    // __Schema.directives changes nothing.
    v["isDeprecated"] = false;
    v["deprecationReason"] = Value{};
    v[kRef] = static_cast<std::int64_t>(argument_lists(directive.arguments));
    return v;
  }

  TypeLists type_lists(const Type& type) {
    TypeLists l;
    if (type.kind == TypeKind::object || type.kind == TypeKind::interface) {
      l.fields = filtered(type.fields, [&](const Field& f) { return field_value(f); });
      List interfaces;
      for (const Type* i : type.interfaces)
        interfaces.push_back(type_of(i));
      l.interfaces = std::move(interfaces);
    }
    if (type.is_abstract()) {
      List possible;
      for (const Type* p : type.possible_types)
        possible.push_back(type_of(p));
      l.possible_types = std::move(possible);
    }
    if (type.kind == TypeKind::enumeration) {
      l.enum_values = filtered(type.enum_values, [](const EnumValue& e) {
        Value v = Object{};
        v["name"] = e.name;
        v["description"] = optional_string(e.description);
        v["isDeprecated"] = e.deprecated;
        v["deprecationReason"] = deprecation_reason(e.deprecated, e.deprecation_reason);
        return v;
      });
    }
    if (type.kind == TypeKind::input_object) {
      l.input_fields =
          filtered(type.input_fields, [&](const InputValue& f) { return input_value(f); });
    }
    return l;
  }

  // The __ref of an introspection value, if it has one.
  static const Value* ref_of(const Value& source, std::size_t size) {
    const Value* ref = source.find(kRef);
    if (ref == nullptr || !ref->is_int() || ref->as_int() < 0) return nullptr;
    if (static_cast<std::size_t>(ref->as_int()) >= size) return nullptr;
    return ref;
  }
};

using Shared = std::shared_ptr<const Introspection>;

class SchemaResolver final : public FieldResolver {
 public:
  explicit SchemaResolver(Shared data) : data_(std::move(data)) {}
  Resolved resolve(const ResolveInfo&) const override { return Resolved::ref(data_->schema_value); }

 private:
  Shared data_;
};

class TypeByNameResolver final : public FieldResolver {
 public:
  explicit TypeByNameResolver(Shared data) : data_(std::move(data)) {}
  Resolved resolve(const ResolveInfo& info) const override {
    const Value* name = info.args.find("name");
    if (name == nullptr || !name->is_string()) return Resolved::ref(null_value());
    auto it = data_->by_name.find(name->as_string());
    if (it == data_->by_name.end()) return Resolved::ref(null_value());
    return Resolved::ref(data_->named[it->second]);
  }

 private:
  Shared data_;
};

// One of the list fields of __Type, read from the lists of the named type.
class TypeListResolver final : public FieldResolver {
 public:
  enum class Which : std::uint8_t { fields, interfaces, possible_types, enum_values, input_fields };
  TypeListResolver(Shared data, Which which) : data_(std::move(data)), which_(which) {}

  Resolved resolve(const ResolveInfo& info) const override {
    const Value* ref = Introspection::ref_of(info.source, data_->lists.size());
    if (ref == nullptr) return Resolved::ref(null_value());  // LIST and NON_NULL have none
    const TypeLists& l = data_->lists[static_cast<std::size_t>(ref->as_int())];
    switch (which_) {
      case Which::fields:
        return Resolved::ref(l.fields.pick(info));
      case Which::interfaces:
        return Resolved::ref(l.interfaces);
      case Which::possible_types:
        return Resolved::ref(l.possible_types);
      case Which::enum_values:
        return Resolved::ref(l.enum_values.pick(info));
      case Which::input_fields:
        return Resolved::ref(l.input_fields.pick(info));
    }
    return Resolved::ref(null_value());
  }

 private:
  Shared data_;
  Which which_;
};

// `args` of __Field and __Directive.
class ArgumentsResolver final : public FieldResolver {
 public:
  explicit ArgumentsResolver(Shared data) : data_(std::move(data)) {}
  Resolved resolve(const ResolveInfo& info) const override {
    const Value* ref = Introspection::ref_of(info.source, data_->arguments.size());
    if (ref == nullptr) return Resolved::of(List{});
    return Resolved::ref(data_->arguments[static_cast<std::size_t>(ref->as_int())].pick(info));
  }

 private:
  Shared data_;
};

}  // namespace

void install_introspection(Resolvers& resolvers, const std::shared_ptr<const Schema>& schema) {
  auto data = std::make_shared<const Introspection>(schema);
  resolvers.set(schema->schema_field(), std::make_shared<SchemaResolver>(data));
  resolvers.set(schema->type_field(), std::make_shared<TypeByNameResolver>(data));

  using Which = TypeListResolver::Which;
  const Type* type = schema->type("__Type");
  const std::pair<const char*, Which> lists[] = {{"fields", Which::fields},
                                                 {"interfaces", Which::interfaces},
                                                 {"possibleTypes", Which::possible_types},
                                                 {"enumValues", Which::enum_values},
                                                 {"inputFields", Which::input_fields}};
  for (const auto& [name, which] : lists) {
    resolvers.set(*type->field(name), std::make_shared<TypeListResolver>(data, which));
  }
  auto arguments = std::make_shared<ArgumentsResolver>(data);
  resolvers.set(*schema->type("__Field")->field("args"), arguments);
  resolvers.set(*schema->type("__Directive")->field("args"), arguments);
}

}  // namespace stashql
