// The GraphQL lexer (spec October 2021, §2.1), private to the parser. It reads tokens straight
// from the source text: names and numbers are views into it, and a string's decoded value is a
// view into the source when it has no escapes, else into a buffer the lexer reuses, so lexing
// allocates nothing per token. Errors are values (a token of kind `error`), with graphql-js 16's
// wording. Columns count UTF-16 code units, as graphql-js does; invalid UTF-8 is read as U+FFFD,
// as Node decodes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <stashql/ast.hpp>

#include "graphql/utf8.hpp"

namespace stashql::syntax {

enum class TokenKind : std::uint8_t {
  sof,
  eof,
  bang,
  dollar,
  amp,
  paren_l,
  paren_r,
  spread,
  colon,
  equals,
  at,
  bracket_l,
  bracket_r,
  brace_l,
  pipe,
  brace_r,
  name,
  integer,
  floating,
  string,
  block_string,
  error,  // a lexical error: see Lexer::error()
};

struct Token {
  TokenKind kind = TokenKind::sof;
  std::size_t start = 0;  // byte offsets into the source
  std::size_t end = 0;
  Location loc;            // of `start`
  std::string_view value;  // name, number as written, or decoded string; valid until the next
                           // call to the same Lexer function (next or peek)

  bool has_value() const { return kind >= TokenKind::name && kind <= TokenKind::block_string; }
};

struct LexError {
  std::string message;  // without the "Syntax Error: " prefix
  std::size_t offset = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(source) {}

  // Reads the next significant token (ignored tokens and comments skipped) into `out`; at the
  // end, `eof` forever. (An out-parameter: the parser's current token is written in place.)
  void next(Token& out) { lex(cursor_, scratch_, out); }

  // Reads the token after the last one next() returned, without consuming it.
  void peek(Token& out) {
    Cursor copy = cursor_;
    lex(copy, peek_scratch_, out);
  }

  const LexError& error() const { return error_; }
  std::string_view source() const { return source_; }

 private:
  struct Cursor {
    std::size_t pos = 0;
    std::uint32_t line = 1;
    std::size_t line_start = 0;
    std::size_t adjust = 0;  // bytes minus UTF-16 units between line_start and pos
  };

  void lex(Cursor& c, std::string& scratch, Token& t);
  void make(const Cursor& c, TokenKind kind, std::size_t start, std::size_t end, Token& t) const;
  void read_number(Cursor& c, std::size_t start, Token& t);
  void read_string(Cursor& c, std::size_t start, std::string& scratch, Token& t);
  void read_block_string(Cursor& c, std::size_t start, std::string& scratch, Token& t);
  // Appends the decoded escape at `pos` (a backslash) to `out`; returns its length, 0 on error.
  std::size_t read_escape(std::size_t pos, std::string& out);
  void set_error(std::size_t offset, std::string message);
  void fail(Token& t, std::size_t offset, std::string message);

  int byte_at(std::size_t pos) const {
    return pos < source_.size() ? static_cast<unsigned char>(source_[pos]) : -1;
  }

  std::string_view source_;
  Cursor cursor_;
  std::string scratch_;
  std::string peek_scratch_;
  LexError error_;
};

// The 1-based line and column (in UTF-16 code units) of a byte offset, as graphql-js's
// getLocation computes them.
Location location_at(std::string_view source, std::size_t offset);

// graphql-js's token descriptions: `"{"`, `Name "foo"`, `<EOF>`.
std::string describe(const Token& token);
std::string_view kind_description(TokenKind kind);

// Decodes one UTF-8 sequence at `pos` (which must be < s.size()). Invalid input decodes as
// U+FFFD over its maximal ill-formed subpart, as the WHATWG decoder (and so Node) does.

}  // namespace stashql::syntax
