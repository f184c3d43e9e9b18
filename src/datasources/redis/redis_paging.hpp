// The nextToken of redis.zrange and redis.scan: a position (a rank offset, a SCAN cursor)
// that clients pass back unchanged. It is opaque — base64url of a small JSON object — and
// carries a check of what is being paged (the key and order, the match pattern), so a token
// from another list or one a client edited is refused with BadRequest instead of silently
// paging something else.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stashql::redis {

// base64url of {"at":"<position>","of":"<check of scope>"}; `position` is decimal digits.
std::string make_page_token(std::string_view position, std::string_view scope);

// The position a token holds, or nullopt when make_page_token did not make it for `scope`:
// another key or pattern, an edited token, or not a token at all.
std::optional<std::string> read_page_token(std::string_view token, std::string_view scope);

}  // namespace stashql::redis
