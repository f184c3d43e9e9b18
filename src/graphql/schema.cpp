// The schema's read side: TypeRef wrapping, member lookups on types and directives, and the
// schema's own lookups. Everything here runs on the request path, so it allocates nothing
// (except TypeRef::to_string, used for messages).
#include <algorithm>

#include <stashql/schema.hpp>

namespace stashql {

// ---- TypeRef ----

TypeKind TypeRef::kind() const {
  if (depth_ == 0) return named_->kind;
  return outer() == kList ? TypeKind::list : TypeKind::non_null;
}

TypeRef TypeRef::list_of() const {
  if (!valid() || depth_ >= kMaxDepth) return TypeRef{};
  TypeRef outer_ref = *this;
  outer_ref.mods_ |= kList << (2 * depth_);
  outer_ref.depth_ = static_cast<std::uint8_t>(depth_ + 1);
  return outer_ref;
}

TypeRef TypeRef::non_null_of() const {
  if (!valid() || depth_ >= kMaxDepth || is_non_null()) return TypeRef{};
  TypeRef outer_ref = *this;
  outer_ref.mods_ |= kNonNull << (2 * depth_);
  outer_ref.depth_ = static_cast<std::uint8_t>(depth_ + 1);
  return outer_ref;
}

std::string TypeRef::to_string() const {
  if (!valid()) return {};
  std::string out = named_->name;
  // Layer 0 is the innermost: wrap from the inside out.
  for (int layer = 0; layer < depth_; ++layer) {
    if (((mods_ >> (2 * layer)) & 3U) == kList) {
      out.insert(out.begin(), '[');
      out += ']';
    } else {
      out += '!';
    }
  }
  return out;
}

bool is_sub_type(const TypeRef& maybe_sub, const TypeRef& super) {
  if (maybe_sub == super) return true;
  if (super.is_non_null()) {
    return maybe_sub.is_non_null() && is_sub_type(maybe_sub.of_type(), super.of_type());
  }
  if (maybe_sub.is_non_null()) return is_sub_type(maybe_sub.of_type(), super);
  if (super.is_list())
    return maybe_sub.is_list() && is_sub_type(maybe_sub.of_type(), super.of_type());
  if (maybe_sub.is_list()) return false;
  const Type* sub = maybe_sub.named();
  const Type* abstract = super.named();
  if (!abstract->is_abstract()) return false;
  if (sub->kind != TypeKind::object && sub->kind != TypeKind::interface) return false;
  if (abstract->kind == TypeKind::union_type) return abstract->is_possible_type(sub);
  return sub->implements(abstract);
}

// ---- members ----

namespace {

template <class T>
const T* find_named(const std::vector<T>& items, std::string_view name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace

const InputValue* Field::argument(std::string_view arg_name) const {
  return find_named(arguments, arg_name);
}

const Field* Type::field(std::string_view field_name) const {
  auto it = field_index_.find(field_name);
  return it == field_index_.end() ? nullptr : &fields[it->second];
}

const EnumValue* Type::enum_value(std::string_view value_name) const {
  return find_named(enum_values, value_name);
}

const InputValue* Type::input_field(std::string_view field_name) const {
  return find_named(input_fields, field_name);
}

bool Type::is_possible_type(const Type* object) const {
  if (kind == TypeKind::object) return object == this;
  return std::find(possible_types.begin(), possible_types.end(), object) != possible_types.end();
}

bool Type::implements(const Type* interface) const {
  return std::find(interfaces.begin(), interfaces.end(), interface) != interfaces.end();
}

const InputValue* Directive::argument(std::string_view arg_name) const {
  return find_named(arguments, arg_name);
}

bool Directive::allowed_at(std::string_view location) const {
  return std::find(locations.begin(), locations.end(), location) != locations.end();
}

// ---- Schema ----

const Type* Schema::type(std::string_view name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : it->second;
}

const Type* Schema::root_type(ast::OperationType op) const {
  switch (op) {
    case ast::OperationType::query:
      return query_;
    case ast::OperationType::mutation:
      return mutation_;
    case ast::OperationType::subscription:
      return subscription_;
  }
  return nullptr;
}

const Directive* Schema::directive(std::string_view name) const {
  auto it = directives_.find(name);
  return it == directives_.end() ? nullptr : it->second;
}

const Field* Schema::field(const Type* parent, std::string_view name) const {
  if (name.size() > 2 && name[0] == '_' && name[1] == '_') {
    if (name == "__typename") return parent->is_composite() ? &typename_field_ : nullptr;
    if (parent == query_) {
      if (name == "__schema") return &schema_field_;
      if (name == "__type") return &type_field_;
    }
  }
  return parent->field(name);
}

TypeRef resolve_type(const Schema& schema, const ast::Type& type) {
  switch (type.kind) {
    case ast::Type::Kind::named: {
      const Type* named = schema.type(type.name);
      return named == nullptr ? TypeRef{} : TypeRef(named);
    }
    case ast::Type::Kind::list:
      return type.of ? resolve_type(schema, *type.of).list_of() : TypeRef{};
    case ast::Type::Kind::non_null:
      return type.of ? resolve_type(schema, *type.of).non_null_of() : TypeRef{};
  }
  return TypeRef{};
}

}  // namespace stashql
