// Value: the JSON-shaped data that flows through stashql — request variables, root values,
// resolver results and the stash. Objects keep insertion order (responses follow selection
// order) and are small vectors: most objects have a handful of members, where a linear scan
// beats hashing.
//
// A value may also be a shared handle to an immutable tree (Value::shared): copying it costs a
// reference count instead of the tree, which is what lets one parsed upstream response serve
// every caller that shares it. Reading goes through the handle unseen; the first change to a
// shared value gives it a tree of its own (copy on write, one level at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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

  // `value` as a shared, immutable tree: copies of the result share it. A shared value given
  // again is returned as it is.
  static Value shared(Value value);
  // Whether copies of this value share its tree.
  bool is_shared() const { return v_.index() == kSharedIndex; }
  // For what is computed once from a shared value and kept: a handle to the tree it read, that
  // does not keep the tree alive (empty when this value is not shared); reads_tree says later
  // whether a value reads that very tree, still alive.
  std::weak_ptr<const Value> tree_handle() const {
    return is_shared() ? std::weak_ptr<const Value>(std::get<Shared>(v_))
                       : std::weak_ptr<const Value>();
  }
  bool reads_tree(const std::weak_ptr<const Value>& handle) const {
    if (!is_shared()) return false;
    const Shared tree = handle.lock();
    return tree != nullptr && tree.get() == std::get<Shared>(v_).get();
  }

  // The shared tree this value reads, as an address (nullptr when it is not shared): two
  // values with the same address read one tree while a handle to it has not expired.
  const void* tree_address() const {
    return is_shared() ? static_cast<const void*>(std::get<Shared>(v_).get()) : nullptr;
  }

  Kind kind() const { return is_shared() ? shared_target().kind() : static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::null; }
  bool is_bool() const { return kind() == Kind::boolean; }
  bool is_int() const { return kind() == Kind::integer; }
  bool is_double() const { return kind() == Kind::number; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return kind() == Kind::string; }
  bool is_list() const { return kind() == Kind::list; }
  bool is_object() const { return kind() == Kind::object; }

  // Accessors: the caller checks the kind first (they assert in debug builds).
  // The non-const ones give a shared value a tree of its own first.
  bool as_bool() const { return std::get<bool>(tree().v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(tree().v_); }
  double as_double() const { return std::get<double>(tree().v_); }
  // An integer or a double, as a double.
  double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_double(); }
  const std::string& as_string() const { return std::get<std::string>(tree().v_); }
  std::string& as_string() { return std::get<std::string>(own().v_); }
  const List& as_list() const { return std::get<List>(tree().v_); }
  List& as_list() { return std::get<List>(own().v_); }
  const Object& as_object() const { return std::get<Object>(tree().v_); }
  Object& as_object() { return std::get<Object>(own().v_); }

  // The member named `key` of an object; nullptr if absent or if this is not an object.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // The member named `key`, appended as null if absent. This must be an object (or null,
  // which becomes an empty object).
  Value& operator[](std::string_view key);

  friend bool operator==(const Value& a, const Value& b);

 private:
  using Shared = std::shared_ptr<const Value>;
  static constexpr std::size_t kSharedIndex = 7;

  const Value& shared_target() const { return *std::get<Shared>(v_); }
  // What this value reads: the shared tree, or itself.
  const Value& tree() const { return is_shared() ? shared_target() : *this; }
  // This value with a tree of its own, for a change.
  Value& own() {
    if (is_shared()) unshare();
    return *this;
  }
  void unshare();

  // The alternatives up to Object are the Kinds, in order; Shared is a handle to one of them.
  std::variant<std::monostate, bool, std::int64_t, double, std::string, List, Object, Shared> v_;
};

// A shared null, for "no value" results that must be returned by reference.
const Value& null_value();

}  // namespace stashql
