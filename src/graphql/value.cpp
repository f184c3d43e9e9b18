// Value: member lookup and equality. Everything else is inline in value.hpp.
#include <stashql/value.hpp>

namespace stashql {

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [name, value] : as_object()) {
    if (name == key) return &value;
  }
  return nullptr;
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value&>(*this).find(key));
}

Value& Value::operator[](std::string_view key) {
  if (is_null()) v_ = Object{};
  if (Value* existing = find(key)) return *existing;
  return as_object().emplace_back(std::string(key), Value{}).second;
}

bool operator==(const Value& a, const Value& b) {
  // 1 and 1.0 are the same JSON number.
  if (a.is_number() && b.is_number() && a.kind() != b.kind()) {
    return a.as_number() == b.as_number();
  }
  return a.v_ == b.v_;
}

const Value& null_value() {
  static const Value kNull;
  return kNull;
}

}  // namespace stashql
