// Tokenizer of the expression language (see expression_lexer.hpp).
#include "pipeline/expression_lexer.hpp"

#include <charconv>
#include <cstdio>
#include <limits>
#include <system_error>

#include "graphql/utf8.hpp"

namespace stashql::expr::detail {
namespace {

// 'text'. Built by appending: GCC 12 at -O3 warns (-Wrestrict, a false positive) about
// `"'" + s + "'"`.
std::string in_single_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || is_digit(c);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>, CompileError> run() {
    std::vector<Token> tokens;
    for (;;) {
      skip_space();
      Token token;
      token.offset = pos_;
      if (pos_ >= text_.size()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      if (auto error = next(token)) return *error;
      token.length = pos_ - token.offset;
      tokens.push_back(std::move(token));
    }
  }

 private:
  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  std::optional<CompileError> next(Token& token) {
    const char c = text_[pos_];
    if (is_name_start(c)) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && is_name_char(text_[pos_]))
        ++pos_;
      token.kind = TokenKind::name;
      token.text = std::string(text_.substr(start, pos_ - start));
      return std::nullopt;
    }
    if (is_digit(c)) return number(token);
    if (c == '"' || c == '\'') return string(token);
    auto one = [&](TokenKind kind) {
      token.kind = kind;
      ++pos_;
      return std::nullopt;
    };
    auto two = [&](TokenKind kind) {
      token.kind = kind;
      pos_ += 2;
      return std::nullopt;
    };
    switch (c) {
      case '(':
        return one(TokenKind::lparen);
      case ')':
        return one(TokenKind::rparen);
      case '[':
        return one(TokenKind::lbracket);
      case ']':
        return one(TokenKind::rbracket);
      case '{':
        return one(TokenKind::lbrace);
      case '}':
        return one(TokenKind::rbrace);
      case ',':
        return one(TokenKind::comma);
      case ':':
        return one(TokenKind::colon);
      case '+':
        return one(TokenKind::plus);
      case '-':
        return one(TokenKind::minus);
      case '*':
        return one(TokenKind::star);
      case '/':
        return one(TokenKind::slash);
      case '%':
        return one(TokenKind::percent);
      case '.':
        if (is_digit(peek(1))) return number(token);
        return one(TokenKind::dot);
      case '?':
        if (peek(1) == '?') return two(TokenKind::coalesce);
        // `a?.b` as in JavaScript; `c ?.5 : 1` stays a conditional.
        if (peek(1) == '.' && !is_digit(peek(2))) return two(TokenKind::dot);
        return one(TokenKind::question);
      case '=':
        if (peek(1) == '=') return two(TokenKind::equal);
        return CompileError{"unexpected '=': compare with '=='", pos_};
      case '!':
        if (peek(1) == '=') return two(TokenKind::not_equal);
        return one(TokenKind::bang);
      case '<':
        if (peek(1) == '=') return two(TokenKind::less_equal);
        return one(TokenKind::less);
      case '>':
        if (peek(1) == '=') return two(TokenKind::greater_equal);
        return one(TokenKind::greater);
      case '&':
        if (peek(1) == '&') return two(TokenKind::and_and);
        return CompileError{"unexpected '&': write 'and' or '&&'", pos_};
      case '|':
        if (peek(1) == '|') return two(TokenKind::or_or);
        return CompileError{"unexpected '|': write 'or' or '||'", pos_};
      default:
        break;
    }
    return CompileError{"unexpected character " + describe_char(), pos_};
  }

  std::string describe_char() const {
    const auto byte = static_cast<unsigned char>(text_[pos_]);
    if (byte >= 0x20 && byte < 0x7F) return in_single_quotes(std::string_view(&text_[pos_], 1));
    const Utf8Char ch = decode_utf8(text_, pos_);
    char buffer[16];
    if (ch.valid && byte >= 0x80) {
      std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(ch.code_point));
    } else {
      std::snprintf(buffer, sizeof buffer, "byte 0x%02X", static_cast<unsigned>(byte));
    }
    return buffer;
  }

  std::optional<CompileError> number(Token& token) {
    const std::size_t start = pos_;
    bool is_double = false;
    while (is_digit(peek()))
      ++pos_;
    if (peek() == '.' && is_digit(peek(1))) {
      is_double = true;
      ++pos_;
      while (is_digit(peek()))
        ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      std::size_t ahead = 1;
      if (peek(1) == '+' || peek(1) == '-') ahead = 2;
      if (is_digit(peek(ahead))) {
        is_double = true;
        pos_ += ahead;
        while (is_digit(peek()))
          ++pos_;
      }
    }
    if (is_name_char(peek())) {
      return CompileError{"unexpected character " +
                              in_single_quotes(std::string_view(&text_[pos_], 1)) +
                              " after a number",
                          pos_};
    }
    const std::string_view digits = text_.substr(start, pos_ - start);
    if (is_double) {
      token.kind = TokenKind::number;
      // A leading '.' (.5) gets a 0 first (from_chars wants one). Appended, not `"0" + s`: GCC 12
      // at -O3 warns about that (-Wrestrict, a false positive).
      std::string buffer;
      buffer.reserve(digits.size() + 1);
      if (digits.front() == '.') buffer += '0';
      buffer += digits;
      const auto [end, ec] =
          std::from_chars(buffer.data(), buffer.data() + buffer.size(), token.number);
      if (ec == std::errc::result_out_of_range) {
        return CompileError{"number " + std::string(digits) + " is out of range", start};
      }
      if (ec != std::errc{} || end != buffer.data() + buffer.size()) {
        return CompileError{"invalid number " + std::string(digits), start};
      }
      return std::nullopt;
    }
    token.kind = TokenKind::integer;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), token.integer);
    if (ec == std::errc::result_out_of_range) {
      if (digits == "9223372036854775808") {
        token.integer = std::numeric_limits<std::int64_t>::min();
        token.integer_is_min_magnitude = true;
        return std::nullopt;
      }
      return CompileError{"integer " + std::string(digits) +
                              " is too large (the largest is 9223372036854775807; write a "
                              "decimal such as 1e20 for larger numbers)",
                          start};
    }
    (void)end;
    return std::nullopt;
  }

  std::optional<CompileError> string(Token& token) {
    const std::size_t start = pos_;
    const char quote = text_[pos_++];
    std::string out;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        token.kind = TokenKind::string;
        token.text = std::move(out);
        return std::nullopt;
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      const std::size_t escape = pos_;
      const char e = peek(1);
      pos_ += 2;
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '/':
          out += '/';
          break;
        case '"':
          out += '"';
          break;
        case '\'':
          out += '\'';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u': {
          auto unit = hex4(pos_);
          if (!unit) return CompileError{"invalid \\u escape: expected 4 hex digits", escape};
          pos_ += 4;
          std::uint32_t cp = *unit;
          if (cp >= 0xD800 && cp <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
            if (auto low = hex4(pos_ + 2); low && *low >= 0xDC00 && *low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
              pos_ += 6;
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate
          append_utf8(out, cp);
          break;
        }
        case '\0':
          if (escape + 1 >= text_.size()) {
            return CompileError{"unterminated string", start};
          }
          [[fallthrough]];
        default:
          return CompileError{"unknown escape '\\" + std::string(1, e) +
                                  "' in a string (known: \\n \\t \\r \\b \\f \\/ \\\" \\' \\\\ "
                                  "\\uXXXX)",
                              escape};
      }
    }
    return CompileError{"unterminated string", start};
  }

  std::optional<std::uint32_t> hex4(std::size_t at) const {
    if (at + 4 > text_.size()) return std::nullopt;
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int h = hex_value(text_[at + i]);
      if (h < 0) return std::nullopt;
      value = value * 16 + static_cast<std::uint32_t>(h);
    }
    return value;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<std::vector<Token>, CompileError> tokenize(std::string_view text) {
  return Lexer(text).run();
}

std::string describe_token(const Token& token, std::string_view text) {
  switch (token.kind) {
    case TokenKind::end:
      return "the end of the expression";
    case TokenKind::name:
      return in_single_quotes(token.text);
    case TokenKind::string:
      return "a string";
    default:
      break;
  }
  constexpr std::size_t kShown = 40;
  return in_single_quotes(text.substr(token.offset, std::min(token.length, kShown)));
}

}  // namespace stashql::expr::detail
