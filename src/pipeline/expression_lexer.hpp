// The tokens of the expression language: names, numbers, quoted strings (escapes decoded
// here), punctuation and operators. The whole text is tokenized before parsing so that the
// parser can look one token ahead (`not in`, `prev.result`) without backtracking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <stashql/expression.hpp>
#include <stashql/result.hpp>

namespace stashql::expr::detail {

enum class TokenKind : std::uint8_t {
  end,
  name,     // identifiers and the words and/or/not/in/true/false/null
  integer,  // value in `integer`
  number,   // value in `number`
  string,   // decoded value in `text`
  lparen,
  rparen,
  lbracket,
  rbracket,
  lbrace,
  rbrace,
  dot,  // also `?.`, since every read is already null-safe
  comma,
  colon,
  question,
  coalesce,  // ??
  plus,
  minus,
  star,
  slash,
  percent,
  equal,      // ==
  not_equal,  // !=
  less,
  less_equal,
  greater,
  greater_equal,
  bang,     // !
  and_and,  // &&
  or_or,    // ||
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;  // name: the name; string: the decoded value
  std::int64_t integer = 0;
  double number = 0;
  // An integer literal one past int64's maximum: valid only right after a unary minus.
  bool integer_is_min_magnitude = false;
};

// Tokenizes the whole text; the last token is always `end`.
Result<std::vector<Token>, CompileError> tokenize(std::string_view text);

// How a token reads in a message: "')'", "the name 'foo'", "the end of the expression".
std::string describe_token(const Token& token, std::string_view text);

}  // namespace stashql::expr::detail
