// Reply mapping with no I/O: hiredis's reply tree copied into a Reply (hiredis frees its own
// after the callback), and a Reply turned into the Value a unit function returns.
#include "datasources/redis/redis_reply.hpp"

#include <charconv>
#include <hiredis/hiredis.h>

#include <stashql/json.hpp>

namespace stashql::redis {
namespace {

// Whether `text` starts like one of the JSON values `decode: json` turns into a value: an
// object, an array, a quoted string, a number, true, false or null.
bool looks_like_json(std::string_view text) {
  if (text.empty()) return false;
  const char c = text.front();
  if (c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9')) return true;
  return text == "true" || text == "false" || text == "null";
}

// A bare integer too large for int64 would come back as a double and lose digits (an id
// such as 12345678901234567890): such a string stays a string.
bool is_integer_beyond_int64(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty()) return false;
  for (char c : digits)
    if (c < '0' || c > '9') return false;
  std::int64_t ignored = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ignored);
  return error == std::errc::result_out_of_range;
}

std::string key_text(const Reply& reply) {
  if (reply.kind == Reply::Kind::integer) return std::to_string(reply.integer);
  return reply.text;
}

}  // namespace

std::vector<Reply>& ReplyItems::mutable_items() {
  if (!items_) {
    items_ = std::make_shared<std::vector<Reply>>();
  } else if (items_.use_count() > 1) {
    items_ = std::make_shared<std::vector<Reply>>(*items_);
  }
  return *items_;
}

Reply from_hiredis(const redisReply* reply) {
  if (reply == nullptr) return Reply::nil();
  switch (reply->type) {
    case REDIS_REPLY_STRING:
      return Reply::of_string(std::string(reply->str, reply->len));
    case REDIS_REPLY_STATUS:
      return Reply::status(std::string(reply->str, reply->len));
    case REDIS_REPLY_ERROR:
      return Reply::error(std::string(reply->str, reply->len));
    case REDIS_REPLY_INTEGER:
      return Reply::of_integer(static_cast<std::int64_t>(reply->integer));
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> items;
      items.reserve(reply->elements);
      for (std::size_t i = 0; i < reply->elements; ++i)
        items.push_back(from_hiredis(reply->element[i]));
      return Reply::array(std::move(items));
    }
    case REDIS_REPLY_NIL:
    default:
      return Reply::nil();
  }
}

Value decode_string(std::string_view text, Decode decode) {
  if (decode == Decode::string || !looks_like_json(text) || is_integer_beyond_int64(text))
    return Value(text);
  auto parsed = parse_json(text);
  if (!parsed) return Value(text);
  return std::move(*parsed);
}

Value to_value(const Reply& reply, Decode decode) {
  switch (reply.kind) {
    case Reply::Kind::nil:
    case Reply::Kind::error:
      return Value();
    case Reply::Kind::integer:
      return Value(reply.integer);
    case Reply::Kind::status:
    case Reply::Kind::string:
      return decode_string(reply.text, decode);
    case Reply::Kind::array: {
      List items;
      items.reserve(reply.elements.size());
      for (const Reply& element : reply.elements)
        items.push_back(to_value(element, decode));
      return Value(std::move(items));
    }
  }
  return Value();
}

Value to_object(const Reply& reply, Decode decode) {
  if (reply.kind != Reply::Kind::array) return to_value(reply, decode);
  if (reply.elements.empty()) return Value();
  Object members;
  members.reserve((reply.elements.size() + 1) / 2);
  for (std::size_t i = 0; i < reply.elements.size(); i += 2) {
    Value value = i + 1 < reply.elements.size() ? to_value(reply.elements[i + 1], decode) : Value();
    members.emplace_back(key_text(reply.elements[i]), std::move(value));
  }
  return Value(std::move(members));
}

}  // namespace stashql::redis
