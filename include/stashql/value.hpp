// Value: the JSON-shaped data that flows through stashql — request variables, root values,
// resolver results and the stash. Objects keep insertion order (responses follow selection
// order) and are small vectors: most objects have a handful of members, where a linear scan
// beats hashing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace stashql {

class Value;
using List = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;

// The order matches the variant's alternatives.
enum class Kind : std::uint8_t { null, boolean, integer, number, string, list, object };

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}                           // NOLINT(google-explicit-constructor)
  Value(bool b) : v_(b) {}                           // NOLINT(google-explicit-constructor)
  Value(int i) : v_(std::int64_t{i}) {}              // NOLINT(google-explicit-constructor)
  Value(std::int64_t i) : v_(i) {}                   // NOLINT(google-explicit-constructor)
  Value(double d) : v_(d) {}                         // NOLINT(google-explicit-constructor)
  Value(std::string s) : v_(std::move(s)) {}         // NOLINT(google-explicit-constructor)
  Value(std::string_view s) : v_(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  Value(const char* s) : v_(std::string(s)) {}       // NOLINT(google-explicit-constructor)
  Value(List l) : v_(std::move(l)) {}                // NOLINT(google-explicit-constructor)
  Value(Object o) : v_(std::move(o)) {}              // NOLINT(google-explicit-constructor)

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::null; }
  bool is_bool() const { return kind() == Kind::boolean; }
  bool is_int() const { return kind() == Kind::integer; }
  bool is_double() const { return kind() == Kind::number; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return kind() == Kind::string; }
  bool is_list() const { return kind() == Kind::list; }
  bool is_object() const { return kind() == Kind::object; }

  // Accessors: the caller checks the kind first (they assert in debug builds).
  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  // An integer or a double, as a double.
  double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_double(); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  std::string& as_string() { return std::get<std::string>(v_); }
  const List& as_list() const { return std::get<List>(v_); }
  List& as_list() { return std::get<List>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // The member named `key` of an object; nullptr if absent or if this is not an object.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // The member named `key`, appended as null if absent. This must be an object (or null,
  // which becomes an empty object).
  Value& operator[](std::string_view key);

  friend bool operator==(const Value& a, const Value& b);

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, List, Object> v_;
};

// A shared null, for "no value" results that must be returned by reference.
const Value& null_value();

}  // namespace stashql
