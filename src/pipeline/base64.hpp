// Base64 (RFC 4648) encoding and decoding, shared by the expression functions base64() and
// base64Decode() and by the datasources that carry bytes as text (blob.get/blob.put with
// `encoding: base64`), so that every part of stashql reads and writes the same base64.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stashql {

enum class Base64Alphabet : std::uint8_t {
  standard,  // + and /, `=` padding (RFC 4648 §4)
  url,       // - and _, no padding (§5): opaque tokens that travel in URLs and JSON unescaped
};

std::string base64_encode(std::string_view bytes,
                          Base64Alphabet alphabet = Base64Alphabet::standard);

// Reads the standard or the URL-safe alphabet, padded or not. nullopt when the text is not
// base64: another character, `=` anywhere but at the end, a length no encoder produces, or
// non-zero leftover bits.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace stashql
