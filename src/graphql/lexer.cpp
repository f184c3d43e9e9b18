// The GraphQL lexer: tokens, strings (escapes and block strings with the spec's indentation
// stripping), numbers, and graphql-js 16's lexical error messages and positions.
#include "graphql/lexer.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <limits>

namespace stashql::syntax {
namespace {

bool is_name_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(int c) {
  return c >= '0' && c <= '9';
}
int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
bool is_scalar_value(std::int64_t cp) {
  return (cp >= 0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0x10FFFF);
}
std::size_t utf16_units(std::uint32_t cp) {
  return cp > 0xFFFF ? 2 : 1;
}

constexpr char kHex[] = "0123456789ABCDEF";

// The offset of the first byte at or after `pos` that is not a space (or n): sixteen bytes at a
// time where SSE2 is there, since indentation is most of the bytes of a pretty-printed query.
std::size_t skip_spaces(const char* s, std::size_t pos, std::size_t n) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  while (pos + 16 <= n) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + pos));
    const auto same = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, space)));
    if (same != 0xFFFF) return pos + static_cast<std::size_t>(__builtin_ctz(~same));
    pos += 16;
  }
#endif
  while (pos < n && s[pos] == ' ')
    ++pos;
  return pos;
}

// What a byte can start; `name` and above continue a name.
enum class CharClass : std::uint8_t {
  other,
  blank,  // space, tab, comma
  newline,
  punctuator,
  quote,
  dot,
  minus,
  name,
  digit,
};

constexpr std::array<CharClass, 256> kCharClass = [] {
  std::array<CharClass, 256> t{};
  t[' '] = t['\t'] = t[','] = CharClass::blank;
  t['\n'] = t['\r'] = CharClass::newline;
  for (unsigned char c : std::string_view("!$&():=@[]{|}"))
    t[c] = CharClass::punctuator;
  t['"'] = CharClass::quote;
  t['.'] = CharClass::dot;
  t['-'] = CharClass::minus;
  for (int c = 'a'; c <= 'z'; ++c)
    t[c] = CharClass::name;
  for (int c = 'A'; c <= 'Z'; ++c)
    t[c] = CharClass::name;
  t['_'] = CharClass::name;
  for (int c = '0'; c <= '9'; ++c)
    t[c] = CharClass::digit;
  return t;
}();

constexpr std::array<TokenKind, 256> kPunctuator = [] {
  std::array<TokenKind, 256> t{};
  t['!'] = TokenKind::bang;
  t['$'] = TokenKind::dollar;
  t['&'] = TokenKind::amp;
  t['('] = TokenKind::paren_l;
  t[')'] = TokenKind::paren_r;
  t[':'] = TokenKind::colon;
  t['='] = TokenKind::equals;
  t['@'] = TokenKind::at;
  t['['] = TokenKind::bracket_l;
  t[']'] = TokenKind::bracket_r;
  t['{'] = TokenKind::brace_l;
  t['|'] = TokenKind::pipe;
  t['}'] = TokenKind::brace_r;
  return t;
}();

// graphql-js's printCodePointAt: `"a"`, `'"'`, `U+00E9`, or `<EOF>`.
std::string print_code_point_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return "<EOF>";
  const Utf8Char ch = decode_utf8(s, pos);
  const std::uint32_t cp = ch.code_point;
  if (cp >= 0x20 && cp <= 0x7E) {
    if (cp == '"') return "'\"'";
    return std::string{'"', static_cast<char>(cp), '"'};
  }
  std::string out = "U+";
  std::string digits;
  for (std::uint32_t v = cp; v != 0; v >>= 4)
    digits.insert(digits.begin(), kHex[v & 0xF]);
  while (digits.size() < 4)
    digits.insert(digits.begin(), '0');
  return out + digits;
}

// JavaScript's body.slice(pos, pos + units) on the UTF-16 view of the source, as UTF-8. A
// surrogate pair cut in half becomes U+FFFD (JavaScript would keep a lone surrogate).
std::string slice_utf16(std::string_view s, std::size_t pos, std::size_t units) {
  std::string out;
  while (units > 0 && pos < s.size()) {
    const Utf8Char ch = decode_utf8(s, pos);
    const std::size_t n = utf16_units(ch.code_point);
    if (n > units) {
      append_utf8(out, 0xFFFD);
      break;
    }
    append_utf8(out, ch.valid ? ch.code_point : 0xFFFD);
    units -= n;
    pos += ch.length;
  }
  return out;
}

// The spec's BlockStringValue(): removes the common indentation of all lines but the first and
// the leading and trailing blank lines. `text` holds the raw lines joined by '\n'; the result
// is compacted in place (it is never longer than its input).
void dedent_block_string(std::string& text) {
  std::size_t common = std::numeric_limits<std::size_t>::max();
  std::size_t first_non_empty = std::string::npos;
  std::size_t last_non_empty = 0;
  bool any_non_empty = false;
  std::size_t line_index = 0;
  for (std::size_t begin = 0;; ++line_index) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::size_t indent = 0;
    while (begin + indent < end && (text[begin + indent] == ' ' || text[begin + indent] == '\t')) {
      ++indent;
    }
    if (begin + indent < end) {
      if (!any_non_empty) first_non_empty = line_index;
      any_non_empty = true;
      last_non_empty = line_index;
      if (line_index != 0 && indent < common) common = indent;
    }
    if (end == text.size()) break;
    begin = end + 1;
  }
  if (!any_non_empty) {
    text.clear();
    return;
  }
  std::size_t write = 0;
  line_index = 0;
  for (std::size_t begin = 0;; ++line_index) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    if (line_index >= first_non_empty && line_index <= last_non_empty) {
      if (line_index > first_non_empty) text[write++] = '\n';
      std::size_t from = begin;
      if (line_index != 0) from = std::min(end, begin + common);
      for (std::size_t i = from; i < end; ++i)
        text[write++] = text[i];
    }
    if (end == text.size() || line_index >= last_non_empty) break;
    begin = end + 1;
  }
  text.resize(write);
}

}  // namespace

Location location_at(std::string_view s, std::size_t offset) {
  offset = std::min(offset, s.size());
  std::uint32_t line = 1;
  std::size_t column = 1;
  std::size_t pos = 0;
  while (pos < offset) {
    const auto c = static_cast<unsigned char>(s[pos]);
    if (c == '\n' || c == '\r') {
      pos += (c == '\r' && pos + 1 < s.size() && s[pos + 1] == '\n') ? 2 : 1;
      ++line;
      column = 1;
    } else if (c < 0x80) {
      ++pos;
      ++column;
    } else {
      const Utf8Char ch = decode_utf8(s, pos);
      pos += ch.length;
      column += utf16_units(ch.code_point);
    }
  }
  return {line, static_cast<std::uint32_t>(column)};
}

std::string_view kind_description(TokenKind kind) {
  switch (kind) {
    case TokenKind::sof:
      return "<SOF>";
    case TokenKind::eof:
      return "<EOF>";
    case TokenKind::bang:
      return "\"!\"";
    case TokenKind::dollar:
      return "\"$\"";
    case TokenKind::amp:
      return "\"&\"";
    case TokenKind::paren_l:
      return "\"(\"";
    case TokenKind::paren_r:
      return "\")\"";
    case TokenKind::spread:
      return "\"...\"";
    case TokenKind::colon:
      return "\":\"";
    case TokenKind::equals:
      return "\"=\"";
    case TokenKind::at:
      return "\"@\"";
    case TokenKind::bracket_l:
      return "\"[\"";
    case TokenKind::bracket_r:
      return "\"]\"";
    case TokenKind::brace_l:
      return "\"{\"";
    case TokenKind::pipe:
      return "\"|\"";
    case TokenKind::brace_r:
      return "\"}\"";
    case TokenKind::name:
      return "Name";
    case TokenKind::integer:
      return "Int";
    case TokenKind::floating:
      return "Float";
    case TokenKind::string:
      return "String";
    case TokenKind::block_string:
      return "BlockString";
    case TokenKind::error:
      return "<error>";
  }
  return "<error>";
}

std::string describe(const Token& token) {
  std::string out(kind_description(token.kind));
  if (token.has_value()) {
    out += " \"";
    out += token.value;
    out += '"';
  }
  return out;
}

void Lexer::make(const Cursor& c, TokenKind kind, std::size_t start, std::size_t end,
                 Token& t) const {
  t.kind = kind;
  t.start = start;
  t.end = end;
  t.loc.line = c.line;
  t.loc.column = static_cast<std::uint32_t>(1 + (start - c.line_start) - c.adjust);
  t.value = {};
}

void Lexer::set_error(std::size_t offset, std::string message) {
  error_.message = std::move(message);
  error_.offset = offset;
}

void Lexer::fail(Token& t, std::size_t offset, std::string message) {
  set_error(offset, std::move(message));
  t.kind = TokenKind::error;
  t.start = t.end = offset;
  t.loc = {};
  t.value = {};
}

void Lexer::lex(Cursor& c, std::string& scratch, Token& t) {
  // Locals, not members: stores through `c` could otherwise alias the source's size.
  const char* const s = source_.data();
  const std::size_t n = source_.size();
  std::size_t pos = c.pos;
  for (;;) {
    // Ignored tokens: white space, commas, line terminators, comments, the byte order mark.
    while (pos < n) {
      const auto ch = static_cast<unsigned char>(s[pos]);
      const CharClass cls = kCharClass[ch];
      if (cls == CharClass::blank) {
        ++pos;
      } else if (cls == CharClass::newline) {
        pos += (ch == '\r' && pos + 1 < n && s[pos + 1] == '\n') ? 2 : 1;
        ++c.line;
        c.line_start = pos;
        c.adjust = 0;
        pos = skip_spaces(s, pos, n);  // indentation comes in runs
      } else if (ch == '#') {
        ++pos;
        while (pos < n && s[pos] != '\n' && s[pos] != '\r') {
          if (static_cast<unsigned char>(s[pos]) < 0x80) {
            ++pos;
          } else {
            const Utf8Char u = decode_utf8(source_, pos);
            pos += u.length;
            c.adjust += u.length - utf16_units(u.code_point);
          }
        }
      } else if (ch == 0xEF && pos + 2 < n && static_cast<unsigned char>(s[pos + 1]) == 0xBB &&
                 static_cast<unsigned char>(s[pos + 2]) == 0xBF) {
        pos += 3;  // U+FEFF, ignored anywhere
        c.adjust += 2;
      } else {
        break;
      }
    }
    c.pos = pos;
    if (pos >= n) return make(c, TokenKind::eof, n, n, t);
    const auto ch = static_cast<unsigned char>(s[pos]);
    switch (kCharClass[ch]) {
      case CharClass::name: {
        std::size_t p = pos + 1;
        while (p < n && kCharClass[static_cast<unsigned char>(s[p])] >= CharClass::name)
          ++p;
        c.pos = p;
        make(c, TokenKind::name, pos, p, t);
        t.value = std::string_view(s + pos, p - pos);
        return;
      }
      case CharClass::punctuator:
        c.pos = pos + 1;
        return make(c, kPunctuator[ch], pos, pos + 1, t);
      case CharClass::digit:
      case CharClass::minus:
        return read_number(c, pos, t);
      case CharClass::quote:
        if (byte_at(pos + 1) == '"' && byte_at(pos + 2) == '"') {
          return read_block_string(c, pos, scratch, t);
        }
        return read_string(c, pos, scratch, t);
      case CharClass::dot:
        if (byte_at(pos + 1) == '.' && byte_at(pos + 2) == '.') {
          c.pos = pos + 3;
          return make(c, TokenKind::spread, pos, pos + 3, t);
        }
        break;
      default:
        break;
    }
    if (ch == '\'') {
      return fail(t, pos,
                  "Unexpected single quote character ('), did you mean to use a double quote "
                  "(\")?");
    }
    return fail(t, pos, "Unexpected character: " + print_code_point_at(source_, pos) + ".");
  }
}

void Lexer::read_number(Cursor& c, std::size_t start, Token& t) {
  std::size_t pos = start;
  int code = byte_at(pos);
  bool is_float = false;
  auto expected_digit = [&](std::size_t at) {
    return fail(
        t, at, "Invalid number, expected digit but got: " + print_code_point_at(source_, at) + ".");
  };
  auto read_digits = [&]() -> bool {
    if (!is_digit(code)) return false;
    ++pos;
    while (is_digit(byte_at(pos)))
      ++pos;
    code = byte_at(pos);
    return true;
  };
  if (code == '-') code = byte_at(++pos);
  if (code == '0') {
    code = byte_at(++pos);
    if (is_digit(code)) {
      return fail(
          t, pos,
          "Invalid number, unexpected digit after 0: " + print_code_point_at(source_, pos) + ".");
    }
  } else if (!read_digits()) {
    return expected_digit(pos);
  }
  if (code == '.') {
    is_float = true;
    code = byte_at(++pos);
    if (!read_digits()) return expected_digit(pos);
  }
  if (code == 'e' || code == 'E') {
    is_float = true;
    code = byte_at(++pos);
    if (code == '+' || code == '-') code = byte_at(++pos);
    if (!read_digits()) return expected_digit(pos);
  }
  if (code == '.' || is_name_start(code)) return expected_digit(pos);
  c.pos = pos;
  make(c, is_float ? TokenKind::floating : TokenKind::integer, start, pos, t);
  t.value = source_.substr(start, pos - start);
}

std::size_t Lexer::read_escape(std::size_t pos, std::string& out) {
  const int kind = byte_at(pos + 1);
  if (kind == 'u' && byte_at(pos + 2) == '{') {
    // \u{X...}: at most 12 characters, at least one digit, a Unicode scalar value.
    std::uint32_t point = 0;
    std::size_t size = 3;
    while (size < 12) {
      const int code = byte_at(pos + size++);
      if (code == '}') {
        if (size < 5 || !is_scalar_value(point)) break;
        append_utf8(out, point);
        return size;
      }
      const int digit = hex_value(code);
      if (digit < 0) break;
      point = (point << 4) | static_cast<std::uint32_t>(digit);
      if (point & 0x80000000u) break;  // JavaScript's 32-bit shift turned it negative
    }
    set_error(pos, "Invalid Unicode escape sequence: \"" + slice_utf16(source_, pos, size) + "\".");
    return 0;
  }
  if (kind == 'u') {
    auto read16 = [&](std::size_t at) -> std::int32_t {
      std::int32_t v = 0;
      for (std::size_t k = 0; k < 4; ++k) {
        const int d = hex_value(byte_at(at + k));
        if (d < 0) return -1;
        v = (v << 4) | d;
      }
      return v;
    };
    const std::int32_t code = read16(pos + 2);
    if (is_scalar_value(code)) {
      append_utf8(out, static_cast<std::uint32_t>(code));
      return 6;
    }
    // A JSON-style surrogate pair is accepted, but only as a valid pair.
    if (code >= 0xD800 && code <= 0xDBFF && byte_at(pos + 6) == '\\' && byte_at(pos + 7) == 'u') {
      const std::int32_t trailing = read16(pos + 8);
      if (trailing >= 0xDC00 && trailing <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((static_cast<std::uint32_t>(code) - 0xD800) << 10) +
                             (static_cast<std::uint32_t>(trailing) - 0xDC00));
        return 12;
      }
    }
    set_error(pos, "Invalid Unicode escape sequence: \"" + slice_utf16(source_, pos, 6) + "\".");
    return 0;
  }
  char decoded = 0;
  switch (kind) {
    case '"':
      decoded = '"';
      break;
    case '\\':
      decoded = '\\';
      break;
    case '/':
      decoded = '/';
      break;
    case 'b':
      decoded = '\b';
      break;
    case 'f':
      decoded = '\f';
      break;
    case 'n':
      decoded = '\n';
      break;
    case 'r':
      decoded = '\r';
      break;
    case 't':
      decoded = '\t';
      break;
    default:
      set_error(pos,
                "Invalid character escape sequence: \"" + slice_utf16(source_, pos, 2) + "\".");
      return 0;
  }
  out += decoded;
  return 2;
}

void Lexer::read_string(Cursor& c, std::size_t start, std::string& scratch, Token& t) {
  const std::size_t n = source_.size();
  std::size_t pos = start + 1;
  std::size_t chunk = pos;
  bool decoded = false;  // the value lives in scratch (escapes or repaired UTF-8)
  std::size_t adjust = c.adjust;
  while (pos < n) {
    const auto ch = static_cast<unsigned char>(source_[pos]);
    if (ch == '"') {
      make(c, TokenKind::string, start, pos + 1, t);
      if (decoded) {
        scratch.append(source_.data() + chunk, pos - chunk);
        t.value = scratch;
      } else {
        t.value = source_.substr(chunk, pos - chunk);
      }
      c.pos = pos + 1;
      c.adjust = adjust;
      return;
    }
    if (ch == '\\') {
      if (!decoded) scratch.clear();
      decoded = true;
      scratch.append(source_.data() + chunk, pos - chunk);
      const std::size_t size = read_escape(pos, scratch);
      if (size == 0) {
        t.kind = TokenKind::error;
        return;
      }
      pos += size;
      chunk = pos;
      continue;
    }
    if (ch == '\n' || ch == '\r') break;
    if (ch < 0x80) {
      ++pos;
      continue;
    }
    const Utf8Char u = decode_utf8(source_, pos);
    adjust += u.length - utf16_units(u.code_point);
    if (!u.valid) {
      if (!decoded) scratch.clear();
      decoded = true;
      scratch.append(source_.data() + chunk, pos - chunk);
      append_utf8(scratch, 0xFFFD);
      chunk = pos + u.length;
    }
    pos += u.length;
  }
  return fail(t, pos, "Unterminated string.");
}

void Lexer::read_block_string(Cursor& c, std::size_t start, std::string& scratch, Token& t) {
  const std::size_t n = source_.size();
  std::size_t pos = start + 3;
  std::size_t chunk = pos;
  std::uint32_t lines = 0;
  std::size_t line_start = c.line_start;
  std::size_t adjust = c.adjust;
  scratch.clear();
  while (pos < n) {
    const auto ch = static_cast<unsigned char>(source_[pos]);
    if (ch == '"' && byte_at(pos + 1) == '"' && byte_at(pos + 2) == '"') {
      scratch.append(source_.data() + chunk, pos - chunk);
      make(c, TokenKind::block_string, start, pos + 3, t);
      dedent_block_string(scratch);
      t.value = scratch;
      c.pos = pos + 3;
      c.line += lines;
      c.line_start = line_start;
      c.adjust = adjust;
      return;
    }
    if (ch == '\\' && byte_at(pos + 1) == '"' && byte_at(pos + 2) == '"' &&
        byte_at(pos + 3) == '"') {
      scratch.append(source_.data() + chunk, pos - chunk);
      chunk = pos + 1;  // drop only the backslash
      pos += 4;
      continue;
    }
    if (ch == '\n' || ch == '\r') {
      scratch.append(source_.data() + chunk, pos - chunk);
      scratch += '\n';
      pos += (ch == '\r' && byte_at(pos + 1) == '\n') ? 2 : 1;
      ++lines;
      chunk = pos;
      line_start = pos;
      adjust = 0;
      continue;
    }
    if (ch < 0x80) {
      ++pos;
      continue;
    }
    const Utf8Char u = decode_utf8(source_, pos);
    adjust += u.length - utf16_units(u.code_point);
    if (!u.valid) {
      scratch.append(source_.data() + chunk, pos - chunk);
      append_utf8(scratch, 0xFFFD);
      chunk = pos + u.length;
    }
    pos += u.length;
  }
  return fail(t, pos, "Unterminated string.");
}

}  // namespace stashql::syntax
