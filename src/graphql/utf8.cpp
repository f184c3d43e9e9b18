// UTF-8 decoding and encoding (see utf8.hpp).
#include "graphql/utf8.hpp"

namespace stashql {

Utf8Char decode_utf8(std::string_view s, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) return {b0, 1, true};
  auto byte = [&](std::size_t k) -> int {
    return pos + k < s.size() ? static_cast<unsigned char>(s[pos + k]) : -1;
  };
  std::uint8_t need = 0;
  std::uint32_t cp = 0;
  int lower = 0x80, upper = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lower = 0xA0;
    if (b0 == 0xED) upper = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lower = 0x90;
    if (b0 == 0xF4) upper = 0x8F;
  } else {
    return {0xFFFD, 1, false};
  }
  for (std::uint8_t k = 1; k <= need; ++k) {
    const int b = byte(k);
    if (b < lower || b > upper) return {0xFFFD, k, false};
    lower = 0x80;
    upper = 0xBF;
    cp = (cp << 6) | static_cast<std::uint32_t>(b & 0x3F);
  }
  return {cp, static_cast<std::uint8_t>(need + 1), true};
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace stashql
