// The GraphQL lexer: every token kind, string decoding (escapes, surrogate pairs, block-string
// indentation), numbers, locations in UTF-16 columns, and graphql-js 16's lexical errors.
#include "graphql/lexer.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace stashql::syntax {
namespace {

struct Lexed {
  TokenKind kind;
  std::string value;
  Location loc;
};

// All tokens up to and including <EOF>, or up to the first error (kind error, value = message).
std::vector<Lexed> lex_all(std::string_view source) {
  Lexer lexer(source);
  std::vector<Lexed> out;
  Token t;
  for (;;) {
    lexer.next(t);
    if (t.kind == TokenKind::error) {
      out.push_back({t.kind, lexer.error().message, location_at(source, lexer.error().offset)});
      return out;
    }
    out.push_back({t.kind, std::string(t.value), t.loc});
    if (t.kind == TokenKind::eof) return out;
  }
}

Lexed first(std::string_view source) {
  return lex_all(source).front();
}

// The decoded value of a single string or block-string token.
std::string string_value(std::string_view source) {
  const Lexed t = first(source);
  EXPECT_TRUE(t.kind == TokenKind::string || t.kind == TokenKind::block_string) << t.value;
  return t.value;
}

struct ErrorAt {
  std::string message;
  std::uint32_t line;
  std::uint32_t column;
};

ErrorAt lex_error(std::string_view source) {
  const std::vector<Lexed> tokens = lex_all(source);
  const Lexed& last = tokens.back();
  if (last.kind != TokenKind::error) return {"<no error>", 0, 0};
  return {last.value, last.loc.line, last.loc.column};
}

#define EXPECT_LEX_ERROR(source, msg, ln, col) \
  do {                                         \
    const ErrorAt e = lex_error(source);       \
    EXPECT_EQ(e.message, msg) << (source);     \
    EXPECT_EQ(e.line, ln) << (source);         \
    EXPECT_EQ(e.column, col) << (source);      \
  } while (0)

TEST(Lexer, ReadsEveryPunctuator) {
  const std::vector<Lexed> tokens = lex_all("! $ & ( ) ... : = @ [ ] { | }");
  const std::vector<TokenKind> expected = {
      TokenKind::bang,    TokenKind::dollar,    TokenKind::amp,       TokenKind::paren_l,
      TokenKind::paren_r, TokenKind::spread,    TokenKind::colon,     TokenKind::equals,
      TokenKind::at,      TokenKind::bracket_l, TokenKind::bracket_r, TokenKind::brace_l,
      TokenKind::pipe,    TokenKind::brace_r,   TokenKind::eof};
  ASSERT_EQ(tokens.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(tokens[i].kind, expected[i]) << i;
}

TEST(Lexer, ReadsNamesWithDigitsAndUnderscores) {
  const std::vector<Lexed> tokens = lex_all("_a9 B_c __typename");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].value, "_a9");
  EXPECT_EQ(tokens[1].value, "B_c");
  EXPECT_EQ(tokens[2].value, "__typename");
  EXPECT_EQ(tokens[0].kind, TokenKind::name);
}

TEST(Lexer, SkipsIgnoredTokens) {
  // White space, commas, comments, line terminators and the byte order mark are all ignored.
  const std::vector<Lexed> tokens = lex_all("\xEF\xBB\xBF ,\t# comment {\r\n,,a # trailing\n");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].kind, TokenKind::name);
  EXPECT_EQ(tokens[0].value, "a");
  EXPECT_EQ(tokens[0].loc, (Location{2, 3}));
  EXPECT_EQ(tokens[1].kind, TokenKind::eof);
}

TEST(Lexer, EmptySourceIsEof) {
  const Lexed t = first("");
  EXPECT_EQ(t.kind, TokenKind::eof);
  EXPECT_EQ(t.loc, (Location{1, 1}));
}

TEST(Lexer, EofRepeatsForever) {
  Lexer lexer("a");
  Token t;
  lexer.next(t);
  lexer.next(t);
  EXPECT_EQ(t.kind, TokenKind::eof);
  lexer.next(t);
  EXPECT_EQ(t.kind, TokenKind::eof);
}

TEST(Lexer, PeekDoesNotConsume) {
  Lexer lexer("a \"x\\ny\" b");
  Token t;
  lexer.next(t);
  Token peeked;
  lexer.peek(peeked);
  EXPECT_EQ(peeked.kind, TokenKind::string);
  EXPECT_EQ(peeked.value, "x\ny");
  lexer.next(t);
  EXPECT_EQ(t.kind, TokenKind::string);
  EXPECT_EQ(t.loc, (Location{1, 3}));
  lexer.next(t);
  EXPECT_EQ(t.value, "b");
}

TEST(Lexer, ReadsIntegersAndFloats) {
  const std::vector<Lexed> tokens = lex_all("0 -0 42 -7 1.5 -0.25 1e10 2E-3 6.02e+23");
  const std::vector<std::pair<TokenKind, std::string>> expected = {
      {TokenKind::integer, "0"},        {TokenKind::integer, "-0"},
      {TokenKind::integer, "42"},       {TokenKind::integer, "-7"},
      {TokenKind::floating, "1.5"},     {TokenKind::floating, "-0.25"},
      {TokenKind::floating, "1e10"},    {TokenKind::floating, "2E-3"},
      {TokenKind::floating, "6.02e+23"}};
  ASSERT_EQ(tokens.size(), expected.size() + 1);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(tokens[i].kind, expected[i].first) << i;
    EXPECT_EQ(tokens[i].value, expected[i].second) << i;
  }
}

TEST(Lexer, RejectsMalformedNumbers) {
  EXPECT_LEX_ERROR("00", "Invalid number, unexpected digit after 0: \"0\".", 1u, 2u);
  EXPECT_LEX_ERROR("-01", "Invalid number, unexpected digit after 0: \"1\".", 1u, 3u);
  EXPECT_LEX_ERROR("1.", "Invalid number, expected digit but got: <EOF>.", 1u, 3u);
  EXPECT_LEX_ERROR("1.a", "Invalid number, expected digit but got: \"a\".", 1u, 3u);
  EXPECT_LEX_ERROR("-", "Invalid number, expected digit but got: <EOF>.", 1u, 2u);
  EXPECT_LEX_ERROR("-a", "Invalid number, expected digit but got: \"a\".", 1u, 2u);
  EXPECT_LEX_ERROR("1e", "Invalid number, expected digit but got: <EOF>.", 1u, 3u);
  EXPECT_LEX_ERROR("1e+", "Invalid number, expected digit but got: <EOF>.", 1u, 4u);
  EXPECT_LEX_ERROR("0x1", "Invalid number, expected digit but got: \"x\".", 1u, 2u);
  EXPECT_LEX_ERROR("1.2.3", "Invalid number, expected digit but got: \".\".", 1u, 4u);
  EXPECT_LEX_ERROR("12_", "Invalid number, expected digit but got: \"_\".", 1u, 3u);
  EXPECT_LEX_ERROR("1.0e1e", "Invalid number, expected digit but got: \"e\".", 1u, 6u);
}

TEST(Lexer, NumberFollowedByNonNameCharacterEndsThere) {
  const std::vector<Lexed> tokens = lex_all("1)");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].value, "1");
  EXPECT_EQ(tokens[1].kind, TokenKind::paren_r);
}

TEST(Lexer, ReadsSimpleStrings) {
  EXPECT_EQ(string_value("\"\""), "");
  EXPECT_EQ(string_value("\"simple\""), "simple");
  EXPECT_EQ(string_value("\" white space \""), " white space ");
  EXPECT_EQ(string_value("\"unicode \xC3\xA9\xF0\x9F\x98\x80\""),
            "unicode \xC3\xA9\xF0\x9F\x98\x80");
  // Control characters are source characters in the October 2021 spec, as graphql-js 16 agrees.
  EXPECT_EQ(string_value(std::string_view("\"a\x07\x00z\"", 6)), std::string("a\x07\x00z", 4));
}

TEST(Lexer, DecodesCharacterEscapes) {
  EXPECT_EQ(string_value(R"("quote \" slash \/ backslash \\ b\b f\f n\n r\r t\t")"),
            "quote \" slash / backslash \\ b\b f\f n\n r\r t\t");
}

TEST(Lexer, DecodesUnicodeEscapes) {
  EXPECT_EQ(string_value(R"("\u0041\u00e9\u20AC")"), "A\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(string_value(R"("\u{1F600}\u{41}\u{0000041}")"),
            "\xF0\x9F\x98\x80"
            "AA");
  EXPECT_EQ(string_value(R"("\u0000")"), std::string(1, '\0'));
}

TEST(Lexer, DecodesSurrogatePairEscapes) {
  EXPECT_EQ(string_value(R"("\uD83D\uDE00")"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(string_value(R"("x\uD83D\uDE00y")"), "x\xF0\x9F\x98\x80y");
}

TEST(Lexer, RejectsBadUnicodeEscapes) {
  EXPECT_LEX_ERROR(R"("\uD83D")", "Invalid Unicode escape sequence: \"\\uD83D\".", 1u, 2u);
  EXPECT_LEX_ERROR(R"("\uD83D\u0041")", "Invalid Unicode escape sequence: \"\\uD83D\".", 1u, 2u);
  EXPECT_LEX_ERROR(R"("\uDE00")", "Invalid Unicode escape sequence: \"\\uDE00\".", 1u, 2u);
  EXPECT_LEX_ERROR(R"("\u12")", "Invalid Unicode escape sequence: \"\\u12\"\".", 1u, 2u);
  EXPECT_LEX_ERROR(R"("\uXYZW")", "Invalid Unicode escape sequence: \"\\uXYZW\".", 1u, 2u);
  EXPECT_LEX_ERROR(R"("\u{}")", "Invalid Unicode escape sequence: \"\\u{}\".", 1u, 2u);
  EXPECT_LEX_ERROR(R"("\u{110000}")", "Invalid Unicode escape sequence: \"\\u{110000}\".", 1u, 2u);
  EXPECT_LEX_ERROR(R"("\u{D800}")", "Invalid Unicode escape sequence: \"\\u{D800}\".", 1u, 2u);
  EXPECT_LEX_ERROR(R"("\u{123456789}")", "Invalid Unicode escape sequence: \"\\u{123456789\".", 1u,
                   2u);
  EXPECT_LEX_ERROR(R"("\u{FFFFFFFFF}")", "Invalid Unicode escape sequence: \"\\u{FFFFFFFF\".", 1u,
                   2u);
  EXPECT_LEX_ERROR("\"\\u{x\xC3\xA9}\"", "Invalid Unicode escape sequence: \"\\u{x\".", 1u, 2u);
  EXPECT_LEX_ERROR("\"\\u", "Invalid Unicode escape sequence: \"\\u\".", 1u, 2u);
}

TEST(Lexer, RejectsBadCharacterEscapes) {
  EXPECT_LEX_ERROR(R"("\x")", "Invalid character escape sequence: \"\\x\".", 1u, 2u);
  EXPECT_LEX_ERROR("\"ab\\", "Invalid character escape sequence: \"\\\".", 1u, 4u);
  EXPECT_LEX_ERROR("\"\\\xC3\xA9\"", "Invalid character escape sequence: \"\\\xC3\xA9\".", 1u, 2u);
}

TEST(Lexer, RejectsUnterminatedStrings) {
  EXPECT_LEX_ERROR("\"abc", "Unterminated string.", 1u, 5u);
  EXPECT_LEX_ERROR("\"abc\ndef\"", "Unterminated string.", 1u, 5u);
  EXPECT_LEX_ERROR("\"abc\r\"", "Unterminated string.", 1u, 5u);
  EXPECT_LEX_ERROR("\"\"\"abc\n\"\"", "Unterminated string.", 2u, 3u);
}

TEST(Lexer, ReadsBlockStrings) {
  EXPECT_EQ(string_value(R"("""""")"), "");
  EXPECT_EQ(string_value(R"("""simple""")"), "simple");
  EXPECT_EQ(string_value(R"(""" white space """)"), " white space ");
  EXPECT_EQ(string_value(R"("""contains " quote""")"), "contains \" quote");
  EXPECT_EQ(string_value(R"("""contains \""" triple quote""")"), "contains \"\"\" triple quote");
  EXPECT_EQ(string_value("\"\"\"multi\nline\"\"\""), "multi\nline");
  EXPECT_EQ(string_value("\"\"\"multi\rline\r\nnormalized\"\"\""), "multi\nline\nnormalized");
  // Escapes other than \""" are kept as written.
  EXPECT_EQ(string_value(R"("""unescaped \n\r\b\t\f\u1234""")"), R"(unescaped \n\r\b\t\f\u1234)");
  EXPECT_EQ(string_value(R"("""slashes \\ \/""")"), R"(slashes \\ \/)");
}

// graphql-js's dedentBlockStringLines cases, written as block strings.
TEST(Lexer, BlockStringsStripCommonIndentation) {
  EXPECT_EQ(string_value("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\"\"\""),
            "Hello,\n  World!\n\nYours,\n  GraphQL.");
  // Leading and trailing empty or blank lines go.
  EXPECT_EQ(
      string_value("\"\"\"\n\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n\n\"\"\""),
      "Hello,\n  World!\n\nYours,\n  GraphQL.");
  EXPECT_EQ(
      string_value("\"\"\"  \n        \n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n"
                   "        \n  \"\"\""),
      "Hello,\n  World!\n\nYours,\n  GraphQL.");
}

TEST(Lexer, BlockStringsKeepFirstLineIndentation) {
  EXPECT_EQ(string_value("\"\"\"    Hello,\n      World!\n\n    Yours,\n      GraphQL.\"\"\""),
            "    Hello,\n  World!\n\nYours,\n  GraphQL.");
}

TEST(Lexer, BlockStringsKeepTrailingSpaces) {
  EXPECT_EQ(string_value("\"\"\"               \n    Hello,     \n      World!   \n"
                         "               \n    Yours,     \n      GraphQL. \n"
                         "               \"\"\""),
            "Hello,     \n  World!   \n           \nYours,     \n  GraphQL. ");
}

TEST(Lexer, BlockStringsOfOnlyBlankLinesAreEmpty) {
  EXPECT_EQ(string_value("\"\"\"\n\n\"\"\""), "");
  EXPECT_EQ(string_value("\"\"\"  \n \t \n\"\"\""), "");
}

TEST(Lexer, BlockStringsCountTabsAsIndentation) {
  EXPECT_EQ(string_value("\"\"\"\n\ta\n\t\tb\n\"\"\""), "a\n\tb");
}

TEST(Lexer, BlockStringsAdvanceLinesForLaterTokens) {
  const std::vector<Lexed> tokens = lex_all("\"\"\"a\n  b\r\n c\"\"\" x\ny");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].kind, TokenKind::block_string);
  EXPECT_EQ(tokens[0].value, "a\n b\nc");
  EXPECT_EQ(tokens[1].loc, (Location{3, 7}));
  EXPECT_EQ(tokens[2].loc, (Location{4, 1}));
}

TEST(Lexer, TracksLinesAcrossAllTerminators) {
  const std::vector<Lexed> tokens = lex_all("a\nb\r\nc\rd\n\n  e");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].loc, (Location{1, 1}));
  EXPECT_EQ(tokens[1].loc, (Location{2, 1}));
  EXPECT_EQ(tokens[2].loc, (Location{3, 1}));
  EXPECT_EQ(tokens[3].loc, (Location{4, 1}));
  EXPECT_EQ(tokens[4].loc, (Location{6, 3}));
}

TEST(Lexer, CountsColumnsInUtf16CodeUnits) {
  // é is one UTF-16 unit (two bytes), 😀 is two (four bytes), the BOM is one (three bytes).
  const std::vector<Lexed> tokens =
      lex_all("\"\xC3\xA9\" a \"\xF0\x9F\x98\x80\" b # \xF0\x9F\x98\x80\n\xEF\xBB\xBF c");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[1].loc, (Location{1, 5}));
  EXPECT_EQ(tokens[3].loc, (Location{1, 12}));
  EXPECT_EQ(tokens[4].loc, (Location{2, 3}));
}

TEST(Lexer, LocationAtMatchesTokenLocations) {
  const std::string source =
      "query {\r\n  a(x: \"\xC3\xA9\xF0\x9F\x98\x80\") # c\xC3\xA9\r  \"\"\"\n "
      "\xE2\x82\xAC\n\"\"\" b\n}";
  Lexer lexer(source);
  Token t;
  for (lexer.next(t); t.kind != TokenKind::eof; lexer.next(t)) {
    ASSERT_NE(t.kind, TokenKind::error);
    EXPECT_EQ(t.loc, location_at(source, t.start)) << describe(t);
  }
}

TEST(Lexer, RejectsUnexpectedCharacters) {
  EXPECT_LEX_ERROR("?", "Unexpected character: \"?\".", 1u, 1u);
  EXPECT_LEX_ERROR("a .b", "Unexpected character: \".\".", 1u, 3u);
  EXPECT_LEX_ERROR("..", "Unexpected character: \".\".", 1u, 1u);
  EXPECT_LEX_ERROR("\x07", "Unexpected character: U+0007.", 1u, 1u);
  EXPECT_LEX_ERROR(std::string_view("a \0", 3), "Unexpected character: U+0000.", 1u, 3u);
  EXPECT_LEX_ERROR("\xC3\xA9", "Unexpected character: U+00E9.", 1u, 1u);
  EXPECT_LEX_ERROR("\"\xF0\x9F\x98\x80\" \xF0\x9F\x98\x80", "Unexpected character: U+1F600.", 1u,
                   6u);
  EXPECT_LEX_ERROR("\n\n  \"", "Unterminated string.", 3u, 4u);
}

TEST(Lexer, SuggestsDoubleQuotesForSingleQuotes) {
  EXPECT_LEX_ERROR("'a'",
                   "Unexpected single quote character ('), did you mean to use a double quote "
                   "(\")?",
                   1u, 1u);
}

TEST(Lexer, ReadsInvalidUtf8AsReplacementCharacter) {
  // Node decodes bytes that are not UTF-8 as U+FFFD, so graphql-js sees that character.
  EXPECT_LEX_ERROR("\xFF", "Unexpected character: U+FFFD.", 1u, 1u);
  EXPECT_LEX_ERROR("\xED\xA0\x80", "Unexpected character: U+FFFD.", 1u, 1u);  // a surrogate
  EXPECT_EQ(string_value("\"a\xFF"
                         "b\xE2\x82\""),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(string_value("\"\"\"\xC0\xAF\"\"\""), "\xEF\xBF\xBD\xEF\xBF\xBD");
  // A comment may hold any bytes; a truncated sequence at the end of input is one U+FFFD.
  const std::vector<Lexed> tokens = lex_all("# \xFF\xFE\n\xC3 a");
  EXPECT_EQ(tokens[0].kind, TokenKind::error);
  EXPECT_EQ(tokens[0].value, "Unexpected character: U+FFFD.");
  EXPECT_EQ(tokens[0].loc, (Location{2, 1}));
}

TEST(Lexer, DecodesUtf8AsTheWhatwgDecoderDoes) {
  EXPECT_EQ(decode_utf8("\xE2\x82\xAC", 0).code_point, 0x20ACu);
  EXPECT_EQ(decode_utf8("\xE2\x82\xAC", 0).length, 3u);
  // A truncated sequence is one U+FFFD over its valid prefix.
  EXPECT_EQ(decode_utf8("\xE2\x82x", 0).length, 2u);
  EXPECT_FALSE(decode_utf8("\xE2\x82x", 0).valid);
  // Overlong forms and surrogates fail at the second byte.
  EXPECT_EQ(decode_utf8("\xE0\x80\x80", 0).length, 1u);
  EXPECT_EQ(decode_utf8("\xED\xA0\x80", 0).length, 1u);
  EXPECT_EQ(decode_utf8("\xF4\x90\x80\x80", 0).length, 1u);
  EXPECT_EQ(decode_utf8("\xF0\x9F\x98\x80", 0).code_point, 0x1F600u);
}

TEST(Lexer, DescribesTokensAsGraphqlJsDoes) {
  Lexer lexer("{ name 12 1.5 \"s\" \"\"\"b\"\"\" ...");
  Token t;
  std::vector<std::string> described;
  for (lexer.next(t); t.kind != TokenKind::eof; lexer.next(t))
    described.push_back(describe(t));
  described.push_back(describe(t));
  const std::vector<std::string> expected = {"\"{\"",         "Name \"name\"", "Int \"12\"",
                                             "Float \"1.5\"", "String \"s\"",  "BlockString \"b\"",
                                             "\"...\"",       "<EOF>"};
  EXPECT_EQ(described, expected);
}

}  // namespace
}  // namespace stashql::syntax
