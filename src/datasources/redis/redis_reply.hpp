// A Redis reply as a value (RESP2: nil, status, error, integer, bulk string, array), mapped
// from hiredis's redisReply with no I/O, and turned into GraphQL values by the redis.*
// functions: strings JSON-decoded when asked, flat field/value arrays as objects.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/result.hpp>
#include <stashql/value.hpp>

struct redisReply;

namespace stashql::redis {

struct Reply;

// The items of an array reply, shared by the copies of the reply: a read that many calls wait
// for (the same HGETALL of concurrent requests) is copied to each of them without copying its
// items. Read like a vector; mutable_items() gives a reply items of its own first.
class ReplyItems {
 public:
  ReplyItems() = default;
  ReplyItems(std::vector<Reply> items);  // NOLINT(google-explicit-constructor)

  std::size_t size() const;
  bool empty() const { return size() == 0; }
  const Reply& operator[](std::size_t i) const;
  const Reply* begin() const;
  const Reply* end() const;
  std::vector<Reply>& mutable_items();

 private:
  std::shared_ptr<std::vector<Reply>> items_;  // nullptr: no items
};

struct Reply {
  enum class Kind : std::uint8_t { nil, status, error, integer, string, array };
  Kind kind = Kind::nil;
  std::int64_t integer = 0;
  std::string text;  // status, error and string
  ReplyItems elements;

  static Reply nil() { return Reply{}; }
  static Reply status(std::string s) { return Reply{Kind::status, 0, std::move(s), {}}; }
  static Reply error(std::string s) { return Reply{Kind::error, 0, std::move(s), {}}; }
  static Reply of_integer(std::int64_t n) { return Reply{Kind::integer, n, {}, {}}; }
  static Reply of_string(std::string s) { return Reply{Kind::string, 0, std::move(s), {}}; }
  static Reply array(std::vector<Reply> items) {
    return Reply{Kind::array, 0, {}, std::move(items)};
  }
  bool is_error() const { return kind == Kind::error; }
};

inline ReplyItems::ReplyItems(std::vector<Reply> items)
    : items_(items.empty() ? nullptr : std::make_shared<std::vector<Reply>>(std::move(items))) {}
inline std::size_t ReplyItems::size() const {
  return items_ ? items_->size() : 0;
}
inline const Reply& ReplyItems::operator[](std::size_t i) const {
  return (*items_)[i];
}
inline const Reply* ReplyItems::begin() const {
  return items_ ? items_->data() : nullptr;
}
inline const Reply* ReplyItems::end() const {
  return items_ ? items_->data() + items_->size() : nullptr;
}

// Copies hiredis's reply (which hiredis frees after the callback). nullptr maps to nil.
Reply from_hiredis(const redisReply* reply);

// How a stored string becomes a value: `decode: json` (the default) parses strings that hold
// JSON and keeps other strings as they are; `decode: string` never parses.
enum class Decode : std::uint8_t { json, string };

Value decode_string(std::string_view text, Decode decode);
// nil → null, integer → integer, status and string → decode_string, array → list. Callers
// check is_error() first: an error reply maps to null.
Value to_value(const Reply& reply, Decode decode);
// A flat [field, value, field, value…] array (HGETALL, CONFIG GET) → an object, values
// decoded; an empty array → null (the key does not exist).
Value to_object(const Reply& reply, Decode decode);

}  // namespace stashql::redis
