// A Redis reply as a value (RESP2: nil, status, error, integer, bulk string, array), mapped
// from hiredis's redisReply with no I/O, and turned into GraphQL values by the redis.*
// functions: strings JSON-decoded when asked, flat field/value arrays as objects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/result.hpp>
#include <stashql/value.hpp>

struct redisReply;

namespace stashql::redis {

struct Reply {
  enum class Kind : std::uint8_t { nil, status, error, integer, string, array };
  Kind kind = Kind::nil;
  std::int64_t integer = 0;
  std::string text;  // status, error and string
  std::vector<Reply> elements;

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
