// JavaScript's formatting of values for graphql-js-identical messages (see js_values.hpp).
#include "graphql/js_values.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include <stashql/json.hpp>

#include "graphql/input_literal.hpp"

namespace stashql::detail {
namespace {

constexpr std::int64_t kMaxSafeInteger = (std::int64_t{1} << 53);

// An array index key ("0", "17") in the sense of JavaScript's property order.
bool is_array_index(std::string_view key) {
  if (key.empty() || key.size() > 10) return false;
  if (key.size() > 1 && key[0] == '0') return false;
  std::uint64_t n = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n < 4294967295ULL;
}

}  // namespace

std::vector<const Member*> js_property_order(const Object& object) {
  std::vector<const Member*> indices;
  std::vector<const Member*> rest;
  for (const Member& m : object) {
    (is_array_index(m.first) ? indices : rest).push_back(&m);
  }
  std::sort(indices.begin(), indices.end(), [](const Member* a, const Member* b) {
    return a->first.size() != b->first.size() ? a->first.size() < b->first.size()
                                              : a->first < b->first;
  });
  indices.insert(indices.end(), rest.begin(), rest.end());
  return indices;
}

bool has_array_index_key(const Object& object) {
  for (const Member& m : object) {
    if (is_array_index(m.first)) return true;
  }
  return false;
}

namespace {

void inspect_into(std::string& out, const Value& value, int seen) {
  constexpr int kMaxRecursiveDepth = 2;
  constexpr std::size_t kMaxArrayLength = 10;
  switch (value.kind()) {
    case Kind::null:
      out += "null";
      return;
    case Kind::boolean:
      out += value.as_bool() ? "true" : "false";
      return;
    case Kind::integer:
    case Kind::number:
      out += js_number(value);
      return;
    case Kind::string:
      write_json_string(out, value.as_string());
      return;
    case Kind::list: {
      const List& list = value.as_list();
      if (list.empty()) {
        out += "[]";
        return;
      }
      if (seen + 1 > kMaxRecursiveDepth) {
        out += "[Array]";
        return;
      }
      out += '[';
      std::size_t shown = std::min(kMaxArrayLength, list.size());
      for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) out += ", ";
        inspect_into(out, list[i], seen + 1);
      }
      std::size_t remaining = list.size() - shown;
      if (remaining == 1) {
        out += ", ... 1 more item";
      } else if (remaining > 1) {
        out += ", ... " + std::to_string(remaining) + " more items";
      }
      out += ']';
      return;
    }
    case Kind::object: {
      const Object& object = value.as_object();
      if (object.empty()) {
        out += "{}";
        return;
      }
      if (seen + 1 > kMaxRecursiveDepth) {
        out += "[Object]";
        return;
      }
      out += "{ ";
      bool first = true;
      for (const Member* m : js_property_order(object)) {
        if (!first) out += ", ";
        first = false;
        out += m->first;
        out += ": ";
        inspect_into(out, m->second, seen + 1);
      }
      out += " }";
      return;
    }
  }
}

bool is_js_white_space(std::string_view s, std::size_t i, std::size_t& length) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
    length = 1;
    return true;
  }
  auto starts = [&](std::string_view seq) { return s.substr(i, seq.size()) == seq; };
  // U+00A0, U+FEFF, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
  static constexpr std::string_view kSpaces[] = {"\xC2\xA0",     "\xEF\xBB\xBF", "\xE1\x9A\x80",
                                                 "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
                                                 "\xE2\x81\x9F", "\xE3\x80\x80"};
  for (std::string_view seq : kSpaces) {
    if (starts(seq)) {
      length = seq.size();
      return true;
    }
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    auto c2 = static_cast<unsigned char>(s[i + 2]);
    if (c2 >= 0x80 && c2 <= 0x8A) {
      length = 3;
      return true;
    }
  }
  return false;
}

std::string_view js_trim(std::string_view s) {
  std::size_t length = 0;
  std::size_t begin = 0;
  while (begin < s.size() && is_js_white_space(s, begin, length))
    begin += length;
  std::size_t end = s.size();
  while (end > begin) {
    // Step back over one UTF-8 character and test it.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
      --start;
    if (!is_js_white_space(s, start, length) || start + length != end) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

bool all_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'z') ? c - 'a' + 10
            : (c >= 'A' && c <= 'Z') ? c - 'A' + 10
                                     : 99;
    if (d >= base) return false;
  }
  return true;
}

double radix_value(std::string_view digits, int base) {
  double v = 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'z') ? c - 'a' + 10 : c - 'A' + 10;
    v = v * base + d;
  }
  return v;
}

}  // namespace

std::string inspect(const Value& value) {
  std::string out;
  inspect_into(out, value, 0);
  return out;
}

std::string js_number(const Value& number) {
  if (number.is_int()) {
    std::int64_t i = number.as_int();
    if (i <= kMaxSafeInteger && i >= -kMaxSafeInteger) return std::to_string(i);
    return js_number_string(static_cast<double>(i));
  }
  return js_number_string(number.as_double());
}

std::optional<double> js_string_to_number(std::string_view text) {
  std::string_view s = js_trim(text);
  if (s.empty()) return 0.0;
  if (s.size() > 2 && s[0] == '0') {
    char p = s[1];
    int base = (p == 'x' || p == 'X')   ? 16
               : (p == 'o' || p == 'O') ? 8
               : (p == 'b' || p == 'B') ? 2
                                        : 0;
    if (base != 0) {
      if (!all_digits(s.substr(2), base)) return std::nullopt;
      return radix_value(s.substr(2), base);
    }
  }
  std::string_view body = s;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity") {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  // StrUnsignedDecimalLiteral: digits [. digits] | . digits, then an optional exponent.
  std::size_t i = 0;
  std::size_t int_digits = 0;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9')
    ++i, ++int_digits;
  std::size_t frac_digits = 0;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9')
      ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return std::nullopt;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9')
      ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != body.size()) return std::nullopt;
  std::string copy(s);
  return std::strtod(copy.c_str(), nullptr);
}

std::string print_type(const ast::Type& type) {
  std::string out;
  switch (type.kind) {
    case ast::Type::Kind::named:
      out = type.name;
      break;
    case ast::Type::Kind::list:
      out += '[';
      if (type.of) out += print_type(*type.of);
      out += ']';
      break;
    case ast::Type::Kind::non_null:
      if (type.of) out += print_type(*type.of);
      out += '!';
      break;
  }
  return out;
}

}  // namespace stashql::detail
