// JSON text <-> Value: a strict recursive-descent reader with a depth bound, and a writer that
// appends to the caller's buffer. The writer always emits valid UTF-8 JSON: invalid byte
// sequences in strings become U+FFFD rather than corrupting a response.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <unordered_set>
#include <vector>

#include <stashql/json.hpp>

#include "graphql/utf8.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace stashql {
namespace {

// Which bytes end a plain run of a JSON string: a quote, a backslash and control characters,
// and, for the writer, which must check UTF-8, every byte of a multi-byte sequence.
enum class Stop : std::uint8_t { special, special_or_high };

// Whether any of the 8 bytes of `word` is a stop.
bool has_stop(std::uint64_t word, Stop stop) {
  constexpr std::uint64_t kOnes = 0x0101010101010101U;
  constexpr std::uint64_t kHigh = 0x8080808080808080U;
  const auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  // Exact for ASCII bytes; a high byte may set it too (a false stop, checked byte by byte).
  const std::uint64_t below_space = (word - kOnes * 0x20U) & ~word & kHigh;
  const std::uint64_t high = stop == Stop::special_or_high ? word & kHigh : 0;
  return (high | below_space | has_zero(word ^ (kOnes * '"')) | has_zero(word ^ (kOnes * '\\'))) !=
         0;
}

bool is_stop(unsigned char c, Stop stop) {
  return c == '"' || c == '\\' || c < 0x20 || (stop == Stop::special_or_high && c >= 0x80);
}

// The position of the first stop in `s` at or after `i`, or s.size(): sixteen bytes at a time
// where SSE2 is there, eight otherwise.
std::size_t find_stop(std::string_view s, std::size_t i, Stop stop) {
  const char* const data = s.data();
  const std::size_t size = s.size();
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  while (i + 16 <= size) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, last_control), v);
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
    int mask = _mm_movemask_epi8(hit);
    if (stop == Stop::special_or_high) mask |= _mm_movemask_epi8(v);  // the high bits
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  for (;;) {
    std::uint64_t word = 0;
    while (i + sizeof word <= size &&
           (std::memcpy(&word, data + i, sizeof word), !has_stop(word, stop))) {
      i += sizeof word;
    }
    // The stop is within the next word (or the tail): find it, or go on past a false one.
    const std::size_t end = std::min(size, i + sizeof word);
    while (i < end && !is_stop(static_cast<unsigned char>(data[i]), stop)) {
      ++i;
    }
    if (i < end || i == size) break;
  }
  return i;
}

class Reader {
 public:
  Reader(std::string_view text, JsonLimits limits) : text_(text), limits_(limits) {}

  Result<Value, JsonError> read_document() {
    skip_space();
    Value v;
    if (!read_value(v, 0)) return error_;
    skip_space();
    if (pos_ != text_.size()) {
      fail("unexpected " + describe_here() + " after the JSON value");
      return error_;
    }
    return v;
  }

 private:
  bool read_value(Value& out, std::size_t depth) {
    if (pos_ >= text_.size()) return fail("unexpected end of input, expected a value");
    switch (text_[pos_]) {
      case '{':
        return read_object(out, depth + 1);
      case '[':
        return read_array(out, depth + 1);
      case '"': {
        std::string s;
        if (!read_string(s)) return false;
        out = Value(std::move(s));
        return true;
      }
      case 't':
        return read_literal("true", Value(true), out);
      case 'f':
        return read_literal("false", Value(false), out);
      case 'n':
        return read_literal("null", Value(), out);
      default:
        return read_number(out);
    }
  }

  // Members and items are read onto a stack shared by every level and moved into their
  // object or list once it is complete, so that each gets one allocation of its exact size.
  bool read_object(Value& out, std::size_t depth) {
    if (depth > limits_.max_depth) return fail("nesting deeper than the limit");
    ++pos_;  // '{'
    const std::size_t base = members_.size();
    // Past a few members, repeated keys are found through an index of the members' names.
    std::unordered_set<std::size_t, NameHash, NameEqual> names(0, NameHash{&members_},
                                                               NameEqual{&members_});
    skip_space();
    if (peek() == '}') {
      ++pos_;
      out = Value(Object{});
      return true;
    }
    while (true) {
      skip_space();
      if (peek() != '"') return fail("expected a string key, found " + describe_here());
      members_.emplace_back();
      if (!read_string(members_.back().first)) return false;
      skip_space();
      if (peek() != ':') return fail("expected ':', found " + describe_here());
      ++pos_;
      skip_space();
      // The member's value is read in place; levels below push above it.
      const std::size_t at = members_.size() - 1;
      Value member;
      if (!read_value(member, depth)) return false;
      members_[at].second = std::move(member);
      // A repeated key keeps the last value in the first one's place, as JSON.parse does.
      std::size_t same = at;
      if (at - base < kLinearMembers) {
        for (std::size_t m = base; m < at; ++m) {
          if (members_[m].first == members_[at].first) {
            same = m;
            break;
          }
        }
        if (same == at && at - base + 1 == kLinearMembers) {
          for (std::size_t m = base; m <= at; ++m)
            names.insert(m);
        }
      } else if (auto [found, inserted] = names.insert(at); !inserted) {
        same = *found;
      }
      if (same != at) {
        members_[same].second = std::move(members_[at].second);
        members_.pop_back();
      }
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        const auto first = members_.begin() + static_cast<std::ptrdiff_t>(base);
        out =
            Value(Object(std::make_move_iterator(first), std::make_move_iterator(members_.end())));
        members_.erase(first, members_.end());
        return true;
      }
      return fail("expected ',' or '}', found " + describe_here());
    }
  }

  bool read_array(Value& out, std::size_t depth) {
    if (depth > limits_.max_depth) return fail("nesting deeper than the limit");
    ++pos_;  // '['
    const std::size_t base = items_.size();
    skip_space();
    if (peek() == ']') {
      ++pos_;
      out = Value(List{});
      return true;
    }
    while (true) {
      skip_space();
      Value item;
      if (!read_value(item, depth)) return false;
      items_.push_back(std::move(item));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        const auto first = items_.begin() + static_cast<std::ptrdiff_t>(base);
        out = Value(List(std::make_move_iterator(first), std::make_move_iterator(items_.end())));
        items_.erase(first, items_.end());
        return true;
      }
      return fail("expected ',' or ']', found " + describe_here());
    }
  }

  bool read_literal(std::string_view word, Value value, Value& out) {
    if (text_.substr(pos_, word.size()) != word) {
      return fail("unexpected " + describe_here());
    }
    pos_ += word.size();
    out = std::move(value);
    return true;
  }

  bool read_number(Value& out) {
    const std::size_t start = pos_;
    bool integral = true;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (is_digit(peek())) {
      while (is_digit(peek()))
        ++pos_;
    } else {
      pos_ = start;
      return fail("unexpected " + describe_here());
    }
    if (peek() == '.') {
      integral = false;
      ++pos_;
      if (!is_digit(peek())) return fail("expected a digit after '.'");
      while (is_digit(peek()))
        ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) return fail("expected a digit in the exponent");
      while (is_digit(peek()))
        ++pos_;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (integral) {
      std::int64_t i = 0;
      auto [ptr, ec] = std::from_chars(first, last, i);
      if (ec == std::errc() && ptr == last) {
        out = Value(i);
        return true;
      }
    }
    double d = 0;
    auto [ptr, ec] = std::from_chars(first, last, d);
    if (ec == std::errc::result_out_of_range) {
      // Like JSON.parse: overflow becomes ±infinity (written back as null), underflow ±0.
      // strtod gives exactly that; this path is rare, so the copy does not matter.
      d = std::strtod(std::string(first, last).c_str(), nullptr);
    } else if (ec != std::errc() || ptr != last) {
      return fail("invalid number");
    }
    out = Value(d);
    return true;
  }

  bool read_string(std::string& out) {
    ++pos_;  // '"'
    while (true) {
      // Copy the run up to the next quote, backslash or control character in one go.
      const std::size_t run = pos_;
      pos_ = find_stop(text_, pos_, Stop::special);
      out.append(text_.data() + run, pos_ - run);
      if (pos_ >= text_.size()) return fail("unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c != '\\') return fail("control character in string");
      ++pos_;
      if (pos_ >= text_.size()) return fail("unterminated string");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!read_hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
            const std::size_t save = pos_;
            pos_ += 2;
            std::uint32_t low = 0;
            if (!read_hex4(low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;  // a lone high surrogate; the next escape stands alone
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // lone surrogates are not UTF-8
          append_utf8(out, cp);
          break;
        }
        default:
          --pos_;
          return fail("invalid escape sequence");
      }
    }
  }

  bool read_hex4(std::uint32_t& cp) {
    if (pos_ + 4 > text_.size()) return fail("invalid \\u escape");
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') {
        cp |= static_cast<std::uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        cp |= static_cast<std::uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        cp |= static_cast<std::uint32_t>(h - 'A' + 10);
      } else {
        --pos_;
        return fail("invalid \\u escape");
      }
    }
    return true;
  }

  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  std::string describe_here() const {
    if (pos_ >= text_.size()) return "end of input";
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    char buf[16];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<unsigned>(c), 16);
    (void)ec;
    return "byte 0x" + std::string(buf, ptr);
  }

  bool fail(std::string message) {
    error_.message = std::move(message);
    error_.offset = pos_;
    error_.line = 1;
    error_.column = 1;
    for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++error_.line;
        error_.column = 1;
      } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
        ++error_.column;  // count code points, not continuation bytes
      }
    }
    return false;
  }

  // An object's members are compared one by one up to this many, then through `names`.
  static constexpr std::size_t kLinearMembers = 16;
  // Hash and equality of member names on the stack, by their index in it.
  struct NameHash {
    const std::vector<Member>* members;
    std::size_t operator()(std::size_t m) const {
      return std::hash<std::string_view>()((*members)[m].first);
    }
  };
  struct NameEqual {
    const std::vector<Member>* members;
    bool operator()(std::size_t a, std::size_t b) const {
      return (*members)[a].first == (*members)[b].first;
    }
  };

  std::string_view text_;
  JsonLimits limits_;
  std::size_t pos_ = 0;
  JsonError error_;
  std::vector<Member> members_;
  std::vector<Value> items_;
};

}  // namespace

void write_json_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  if (d == 0) {
    out += '0';  // also -0, as JavaScript
    return;
  }
  // Fast path: below 1e15 (integers there are exact and shortest), when the shortest
  // round-trip form is plain decimal it is JavaScript's too.
  if (std::fabs(d) < 1e15) {
    char plain[40];
    auto [plain_end, plain_ec] = std::to_chars(plain, plain + sizeof plain, d);
    if (plain_ec == std::errc() && std::find(plain, plain_end, 'e') == plain_end) {
      out.append(plain, plain_end);
      return;
    }
  }
  // The shortest round-trip digits as "d.ddde±x", laid out by ECMAScript's Number::toString.
  char sci[40];
  auto [end, ec] = std::to_chars(sci, sci + sizeof sci, d, std::chars_format::scientific);
  (void)ec;
  const char* p = sci;
  if (*p == '-') {
    out += '-';
    ++p;
  }
  char digits[24];
  int k = 0;
  while (p != end && *p != 'e') {
    if (*p != '.') digits[k++] = *p;
    ++p;
  }
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exponent);
  const int n = exponent + 1;  // the decimal point sits after n digits
  const std::string_view ds(digits, static_cast<std::size_t>(k));
  if (k <= n && n <= 21) {
    out += ds;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += ds.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += ds.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += ds;
  } else {
    out += ds[0];
    if (k > 1) {
      out += '.';
      out += ds.substr(1);
    }
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    char e[8];
    auto [eend, eec] = std::to_chars(e, e + sizeof e, n - 1 >= 0 ? n - 1 : 1 - n);
    (void)eec;
    out.append(e, eend);
  }
}

Result<Value, JsonError> parse_json(std::string_view text, JsonLimits limits) {
  return Reader(text, limits).read_document();
}

namespace {}  // namespace

void write_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    // Plain ASCII, the usual case, is skipped many bytes at a time.
    i = find_stop(s, i, Stop::special_or_high);
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const Utf8Char ch = decode_utf8(s, i);
      if (ch.valid) {
        i += ch.length;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += "\xEF\xBF\xBD";  // an invalid UTF-8 byte becomes U+FFFD
        }
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void write_json(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::null:
      out += "null";
      return;
    case Kind::boolean:
      out += v.as_bool() ? "true" : "false";
      return;
    case Kind::integer: {
      char buf[24];
      auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v.as_int());
      (void)ec;
      out.append(buf, ptr);
      return;
    }
    case Kind::number:
      write_json_number(out, v.as_double());
      return;
    case Kind::string:
      write_json_string(out, v.as_string());
      return;
    case Kind::list: {
      out += '[';
      bool first = true;
      for (const Value& item : v.as_list()) {
        if (!first) out += ',';
        first = false;
        write_json(out, item);
      }
      out += ']';
      return;
    }
    case Kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [name, member] : v.as_object()) {
        if (!first) out += ',';
        first = false;
        write_json_string(out, name);
        out += ':';
        write_json(out, member);
      }
      out += '}';
      return;
    }
  }
}

std::string to_json(const Value& v) {
  std::string out;
  write_json(out, v);
  return out;
}

}  // namespace stashql
