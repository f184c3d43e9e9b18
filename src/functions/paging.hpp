// What every paged unit function shares (paginate, redis.zrange, redis.scan): the base64url
// text of its opaque nextToken, the BadRequest a client's bad limit or token gets, and
// reading a limit that may have come through JSON as a double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <stashql/resolver.hpp>
#include <stashql/value.hpp>

namespace stashql::functions {

// base64url without padding (RFC 4648 §5): tokens travel in URLs and JSON unescaped.
std::string base64url_encode(std::string_view in);
// nullopt when `in` holds a character outside the alphabet. Stray trailing bits are ignored,
// so callers that need one spelling per token re-encode and compare.
std::optional<std::string> base64url_decode(std::string_view in);

// A field error with extensions.code "BadRequest": the client asked for something invalid.
FieldError bad_request(std::string message);

// A whole number: an integer, or a double with no fraction (JSON from elsewhere).
std::optional<std::int64_t> as_whole(const Value& v);

}  // namespace stashql::functions
