// The shared pieces of paged unit functions (see paging.hpp).
#include "functions/paging.hpp"

#include <utility>

namespace stashql::functions {
namespace {

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::string base64url_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : in) {
    bits = (bits << 8U) | static_cast<unsigned char>(c);
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kBase64Url[(bits >> static_cast<unsigned>(count)) & 0x3FU];
    }
  }
  if (count > 0) out += kBase64Url[(bits << static_cast<unsigned>(6 - count)) & 0x3FU];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view in) {
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : in) {
    const std::size_t digit = kBase64Url.find(c);
    if (digit == std::string_view::npos) return std::nullopt;
    bits = (bits << 6U) | static_cast<std::uint32_t>(digit);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> static_cast<unsigned>(count)) & 0xFFU);
    }
  }
  return out;
}

FieldError bad_request(std::string message) {
  Value extensions;
  extensions["code"] = "BadRequest";
  return FieldError{std::move(message), std::move(extensions)};
}

std::optional<std::int64_t> as_whole(const Value& v) {
  if (v.is_int()) return v.as_int();
  if (v.is_double()) {
    const double d = v.as_double();
    // Out of int64 range is out of any allowed range: it reads as "not a whole number".
    if (d >= -9.2e18 && d <= 9.2e18 && d == static_cast<double>(static_cast<std::int64_t>(d))) {
      return static_cast<std::int64_t>(d);
    }
  }
  return std::nullopt;
}

}  // namespace stashql::functions
