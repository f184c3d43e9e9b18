// JSON reading and writing: the request body and response paths depend on these exactly.
#include <gtest/gtest.h>

#include <stashql/json.hpp>

namespace stashql {
namespace {

Value parse_ok(std::string_view text) {
  auto r = parse_json(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r.has_value() ? "" : r.error().message);
  return r.has_value() ? *r : Value{};
}

JsonError parse_fail(std::string_view text, JsonLimits limits = {}) {
  auto r = parse_json(text, limits);
  EXPECT_FALSE(r.has_value()) << text;
  return r.has_value() ? JsonError{} : r.error();
}

TEST(Json, ReadsScalars) {
  EXPECT_EQ(parse_ok("null"), Value());
  EXPECT_EQ(parse_ok(" true "), Value(true));
  EXPECT_EQ(parse_ok("false"), Value(false));
  EXPECT_TRUE(parse_ok("42").is_int());
  EXPECT_EQ(parse_ok("-7").as_int(), -7);
  EXPECT_TRUE(parse_ok("1.5").is_double());
  EXPECT_DOUBLE_EQ(parse_ok("1e3").as_double(), 1000.0);
  EXPECT_DOUBLE_EQ(parse_ok("-0.25E-2").as_double(), -0.0025);
  EXPECT_EQ(parse_ok("\"hi\"").as_string(), "hi");
}

TEST(Json, IntegersBeyondInt64BecomeDoubles) {
  Value v = parse_ok("123456789012345678901234567890");
  ASSERT_TRUE(v.is_double());
  EXPECT_GT(v.as_double(), 1e29);
}

TEST(Json, HugeExponentsOverflowToInfinityAndWriteAsNull) {
  Value v = parse_ok("1e400");
  ASSERT_TRUE(v.is_double());
  EXPECT_EQ(to_json(v), "null");
  EXPECT_EQ(parse_ok("1e-400").as_double(), 0.0);
}

TEST(Json, ReadsEscapesAndSurrogatePairs) {
  EXPECT_EQ(parse_ok(R"("a\"b\\c\/d\b\f\n\r\t")").as_string(), "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(parse_ok(R"("\u00e9\u20ac")").as_string(), "\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(parse_ok(R"("\ud83d\ude00")").as_string(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(parse_ok(R"("\ud83d")").as_string(), "\xEF\xBF\xBD");  // lone surrogate
}

TEST(Json, ObjectsKeepOrderAndLastDuplicateWins) {
  Value v = parse_ok(R"({"b": 1, "a": [1, {"c": null}], "b": 2})");
  ASSERT_TRUE(v.is_object());
  ASSERT_EQ(v.as_object().size(), 2U);
  EXPECT_EQ(v.as_object()[0].first, "b");
  EXPECT_EQ(v.find("b")->as_int(), 2);
  EXPECT_EQ(to_json(v), R"({"b":2,"a":[1,{"c":null}]})");
}

TEST(Json, ALargeObjectWithRepeatedKeysKeepsTheFirstPlaceAndTheLastValue) {
  // Beyond the first members, repeated keys are found through an index of the names; nested
  // objects read in between keep their own members.
  std::string text = "{";
  for (int i = 0; i < 1000; ++i) {
    text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    if (i % 100 == 7) text += "\"n" + std::to_string(i) + "\": {\"k3\": \"inner\", \"k3\": 0}, ";
  }
  text += "\"k3\": \"last\", \"k999\": -1, \"k500\": [1]}";
  Value v = parse_ok(text);
  ASSERT_TRUE(v.is_object());
  const Object& members = v.as_object();
  ASSERT_EQ(members.size(), 1010U);
  EXPECT_EQ(members[3].first, "k3");
  EXPECT_EQ(members[3].second.as_string(), "last");
  EXPECT_EQ(to_json(*v.find("k500")), "[1]");
  EXPECT_EQ(v.find("k999")->as_int(), -1);
  EXPECT_EQ(to_json(*v.find("n107")), R"({"k3":0})");
  EXPECT_EQ(members.back().first, "k999");
}

TEST(Json, RejectsMalformedInputWithPosition) {
  JsonError e = parse_fail("{\n  \"a\": 1,\n}");
  EXPECT_EQ(e.line, 3U);
  EXPECT_EQ(e.column, 1U);
  EXPECT_NE(e.message.find("string key"), std::string::npos);
  parse_fail("");
  parse_fail("[1,]");
  parse_fail("01");
  parse_fail("1.");
  parse_fail("-");
  parse_fail("tru");
  parse_fail("\"abc");
  parse_fail("\"a\x01\"");
  parse_fail("\"\\x\"");
  parse_fail("\"\\u12G4\"");
  parse_fail("{} {}");
  parse_fail("NaN");
}

TEST(Json, BoundsNesting) {
  std::string deep(300, '[');
  JsonError e = parse_fail(deep + std::string(300, ']'));
  EXPECT_NE(e.message.find("nesting"), std::string::npos);
  EXPECT_TRUE(parse_json(std::string(10, '[') + std::string(10, ']'), JsonLimits{10}).has_value());
  parse_fail(std::string(11, '[') + std::string(11, ']'), JsonLimits{10});
}

TEST(Json, WritesEscapedValidUtf8) {
  std::string out;
  write_json_string(out, std::string_view("q\"\\\n\x01\xC3\xA9", 7));
  EXPECT_EQ(out, "\"q\\\"\\\\\\n\\u0001\xC3\xA9\"");
  out.clear();
  write_json_string(out, "bad\xFF\xC3");  // invalid bytes become U+FFFD
  EXPECT_EQ(out, "\"bad\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

// Plain ASCII is copied a word at a time: a byte that needs escaping is found at any offset in
// a long string, and the bytes around it are kept.
TEST(Json, WritesEscapesAtEveryOffsetOfALongString) {
  const std::vector<std::pair<std::string, std::string>> specials = {
      {"\"", "\\\""},
      {"\\", "\\\\"},
      {"\n", "\\n"},
      {"\x1f", "\\u001f"},
      {"\xC3\xA9", "\xC3\xA9"},
      {"\xFF", "\xEF\xBF\xBD"},
      {"\x7f", "\x7f"},
      {"!", "!"},
      {"#", "#"},
      {"[", "["},
      {"]", "]"},
      {" ", " "},
  };
  const std::string plain = "abcdefghijklmnopqrstuvwxyz0123";
  for (const auto& [raw, written] : specials) {
    for (std::size_t at = 0; at <= plain.size(); ++at) {
      std::string out;
      write_json_string(out, plain.substr(0, at) + raw + plain.substr(at));
      EXPECT_EQ(out, "\"" + plain.substr(0, at) + written + plain.substr(at) + "\"")
          << "at offset " << at;
    }
  }
}

// Plain runs are read many bytes at a time: an escape, a UTF-8 sequence or a control character
// is found at any offset of a long string.
TEST(Json, ReadsEscapesAtEveryOffsetOfALongString) {
  const std::vector<std::pair<std::string, std::string>> specials = {
      {"\\\"", "\""},
      {"\\\\", "\\"},
      {"\\n", "\n"},
      {"\\u00e9", "\xC3\xA9"},
      {"\xC3\xA9", "\xC3\xA9"},
      {"\x7f", "\x7f"},
      {"\xFF", "\xFF"},
      {"!", "!"},
      {"]", "]"},
  };
  const std::string plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
  for (const auto& [written, read] : specials) {
    for (std::size_t at = 0; at <= plain.size(); ++at) {
      const std::string head = plain.substr(0, at);
      const std::string tail = plain.substr(at);
      EXPECT_EQ(parse_ok("\"" + head + written + tail + "\"").as_string(), head + read + tail)
          << "at offset " << at;
    }
  }
  for (std::size_t at = 0; at <= plain.size(); ++at) {
    const JsonError e = parse_fail("\"" + plain.substr(0, at) + "\x01" + plain.substr(at) + "\"");
    EXPECT_EQ(e.message, "control character in string") << "at offset " << at;
    EXPECT_EQ(e.offset, at + 1);
    EXPECT_EQ(parse_fail("\"" + plain.substr(0, at)).message, "unterminated string");
  }
}

TEST(Json, WritesNumbersShortestRoundTrip) {
  EXPECT_EQ(to_json(Value(0.1)), "0.1");
  EXPECT_EQ(to_json(Value(1.0)), "1");
  EXPECT_EQ(to_json(Value(std::int64_t{-9007199254740993})), "-9007199254740993");
  EXPECT_EQ(to_json(Value(1e21)), "1e+21");
}

TEST(Json, WritesNumbersAsJavaScriptDoes) {
  EXPECT_EQ(to_json(Value(1e-7)), "1e-7");
  EXPECT_EQ(to_json(Value(1.5e-7)), "1.5e-7");
  EXPECT_EQ(to_json(Value(3e9)), "3000000000");
  EXPECT_EQ(to_json(Value(1e20)), "100000000000000000000");
  EXPECT_EQ(to_json(Value(123.456)), "123.456");
  EXPECT_EQ(to_json(Value(0.000001)), "0.000001");
  EXPECT_EQ(to_json(Value(-2.5e-10)), "-2.5e-10");
  EXPECT_EQ(to_json(Value(-0.0)), "0");
  EXPECT_EQ(to_json(Value(1.7976931348623157e308)), "1.7976931348623157e+308");
  // Large integral doubles: shortest digits padded with zeros, not the exact binary value.
  EXPECT_EQ(to_json(Value(123456789012345683968.0)), "123456789012345680000");
  EXPECT_EQ(to_json(Value(133400200601805424.0)), "133400200601805420");
  EXPECT_EQ(to_json(Value(1009027081243731165184.0)), "1.0090270812437312e+21");
  EXPECT_EQ(to_json(Value(1e15)), "1000000000000000");
  EXPECT_EQ(to_json(Value(999999999999999.9)), "999999999999999.9");
  EXPECT_EQ(to_json(Value(5e-324)), "5e-324");
}

TEST(Value, LookupAndEquality) {
  Value v;
  v["x"] = 1;
  v["y"] = List{Value("a"), Value()};
  EXPECT_EQ(v.find("x")->as_int(), 1);
  EXPECT_EQ(v.find("z"), nullptr);
  EXPECT_EQ(Value(1), Value(1.0));
  EXPECT_FALSE(Value(1) == Value("1"));
  EXPECT_EQ(Value().find("x"), nullptr);
}

}  // namespace
}  // namespace stashql
