// Value: sharing, member lookup and equality. Everything else is inline in value.hpp.
#include <stashql/value.hpp>

namespace stashql {

Value Value::shared(Value value) {
  if (value.is_shared()) return value;
  Value out;
  out.v_ = std::make_shared<const Value>(std::move(value));
  return out;
}

// The tree becomes this value's own, one level deep: the members or items of a list or an
// object become shared handles into the old tree (aliasing its ownership), so a change to one
// member copies nothing else.
void Value::unshare() {
  const Shared tree = std::get<Shared>(v_);
  const auto handle = [&tree](const Value& child) {
    if (child.is_shared()) return child;
    Value out;
    out.v_ = Shared(tree, &child);
    return out;
  };
  switch (tree->v_.index()) {
    case static_cast<std::size_t>(Kind::list): {
      List items;
      items.reserve(tree->as_list().size());
      for (const Value& item : tree->as_list())
        items.push_back(handle(item));
      v_ = std::move(items);
      break;
    }
    case static_cast<std::size_t>(Kind::object): {
      Object members;
      members.reserve(tree->as_object().size());
      for (const auto& [name, member] : tree->as_object())
        members.emplace_back(name, handle(member));
      v_ = std::move(members);
      break;
    }
    default:
      v_ = tree->v_;  // a scalar: copied
      break;
  }
}

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [name, value] : as_object()) {
    if (name == key) return &value;
  }
  return nullptr;
}

Value* Value::find(std::string_view key) {
  if (!is_object()) return nullptr;
  own();
  return const_cast<Value*>(static_cast<const Value&>(*this).find(key));
}

Value& Value::operator[](std::string_view key) {
  if (is_null()) v_ = Object{};
  own();
  if (Value* existing = find(key)) return *existing;
  return as_object().emplace_back(std::string(key), Value{}).second;
}

bool operator==(const Value& a, const Value& b) {
  // 1 and 1.0 are the same JSON number.
  if (a.is_number() && b.is_number() && a.kind() != b.kind()) {
    return a.as_number() == b.as_number();
  }
  // Shared or not, the same data is the same value (items compare with this operator too).
  return a.tree().v_ == b.tree().v_;
}

const Value& null_value() {
  static const Value kNull;
  return kNull;
}

}  // namespace stashql
