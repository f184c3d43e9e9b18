// UTF-8 decoding and encoding shared by the GraphQL lexer and the JSON reader and writer:
// both must treat invalid byte sequences the same way (as U+FFFD, as Node decodes them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stashql {

struct Utf8Char {
  std::uint32_t code_point;  // U+FFFD when not valid
  std::uint8_t length;       // bytes consumed, >= 1
  bool valid;                // a well-formed sequence (no overlong form, no surrogate)
};

// Decodes the sequence starting at s[pos] (pos < s.size()).
Utf8Char decode_utf8(std::string_view s, std::size_t pos);
void append_utf8(std::string& out, std::uint32_t code_point);

}  // namespace stashql
