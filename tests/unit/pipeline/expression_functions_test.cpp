// The function library: each function's happy path, what it does with null, and the error a
// wrong argument type gives (naming the function). Arity errors are compile errors and are
// covered with the other compile errors.
#include <cctype>
#include <string>

#include <gtest/gtest.h>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

#include "unit/pipeline/expression_test_support.hpp"

namespace stashql::expr {
namespace {

using testing::eval_error;
using testing::eval_json;
using testing::eval_value;
using testing::EvalCase;

class Function : public ::testing::TestWithParam<EvalCase> {};

TEST_P(Function, ReturnsTheExpectedJson) {
  EXPECT_EQ(eval_json(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Collections, Function,
    ::testing::Values(
        EvalCase{"size('héllo')", "5"}, EvalCase{"size([1, 2])", "2"},
        EvalCase{"size(stash.user)", "3"}, EvalCase{"size(null)", "0"}, EvalCase{"size('')", "0"},
        EvalCase{"keys({a: 1, b: 2})", R"(["a","b"])"}, EvalCase{"keys(null)", "[]"},
        EvalCase{"values({a: 1, b: [2]})", "[1,[2]]"},
        EvalCase{"values(stash.user)", R"(["Alice",10,null])"}, EvalCase{"values(null)", "[]"},
        EvalCase{"first([1, 2])", "1"}, EvalCase{"last(stash.items)", "3"},
        EvalCase{"first([])", "null"}, EvalCase{"last(null)", "null"},
        EvalCase{"reverse([1, 2, 3])", "[3,2,1]"}, EvalCase{"reverse('héllo')", R"("olléh")"},
        EvalCase{"reverse(null)", "null"},
        EvalCase{"unique([1, 2, 1, 1.0, 'a', 'a', [1], [1]])", R"([1,2,"a",[1]])"},
        EvalCase{"unique(null)", "null"},
        EvalCase{"unique([-0.0, 0, {a: 1, b: 2}, {b: 2, a: 1}, [1, 2], [2, 1]])",
                 R"([0,{"a":1,"b":2},[1,2],[2,1]])"},
        EvalCase{"flatten([1, [2, [3]], []])", "[1,2,[3]]"}, EvalCase{"flatten(null)", "null"},
        EvalCase{"sum([1, 2, 3])", "6"}, EvalCase{"sum([1, 2.5, null])", "3.5"},
        EvalCase{"sum([])", "0"}, EvalCase{"sum(null)", "0"}, EvalCase{"min(3, 1, 2)", "1"},
        EvalCase{"max(3, 1.5)", "3"}, EvalCase{"min(stash.items)", "1"},
        EvalCase{"max([4, 2.5, 8])", "8"}, EvalCase{"max([])", "null"},
        EvalCase{"min(1, null)", "1"}, EvalCase{"max(null)", "null"}, EvalCase{"min(-1.5)", "-1.5"},
        EvalCase{"contains([1, 2], 2.0)", "true"},
        EvalCase{"contains(identity.groups, 'root')", "false"},
        EvalCase{"contains('hello', 'ell')", "true"}, EvalCase{"contains('hello', null)", "false"},
        EvalCase{"contains(null, 1)", "false"}, EvalCase{"slice('héllo', 1, 3)", R"("él")"},
        EvalCase{"slice('hello', -3)", R"("llo")"},
        EvalCase{"slice('hello', 1, null)", R"("ello")"}, EvalCase{"slice('hello', 3, 1)", R"("")"},
        EvalCase{"slice([1, 2, 3, 4], 1, -1)", "[2,3]"}, EvalCase{"slice([1, 2], 5)", "[]"},
        EvalCase{"slice([1, 2], -9)", "[1,2]"}, EvalCase{"slice(null, 1)", "null"}));

INSTANTIATE_TEST_SUITE_P(
    Objects, Function,
    ::testing::Values(EvalCase{"merge({a: 1}, {b: 2}, null, {a: 3})", R"({"a":3,"b":2})"},
                      EvalCase{"merge(stash.user, {nick: 'Al'})",
                               R"({"name":"Alice","maxPosts":10,"nick":"Al"})"},
                      EvalCase{"merge(null)", "{}"},
                      EvalCase{"pick(stash.user, 'name', 'missing')", R"({"name":"Alice"})"},
                      EvalCase{"pick({a: 1, b: 2, c: 3}, ['c', 'a'])", R"({"c":3,"a":1})"},
                      EvalCase{"pick(null, 'a')", "null"},
                      EvalCase{"omit({a: 1, b: 2, c: 3}, 'b')", R"({"a":1,"c":3})"},
                      EvalCase{"omit(stash.user, ['nick', 'maxPosts'])", R"({"name":"Alice"})"},
                      EvalCase{"omit(null, 'a')", "null"},
                      EvalCase{"has(stash.user, 'nick')", "true"},
                      EvalCase{"has(stash.user, 'zzz')", "false"},
                      EvalCase{"has(null, 'a')", "false"},
                      EvalCase{"coalesce(null, stash.missing, 0, 1)", "0"},
                      EvalCase{"coalesce(stash.user.nick, identity.username)", R"("alice")"},
                      EvalCase{"coalesce(null)", "null"}, EvalCase{"isEmpty(null)", "true"},
                      EvalCase{"isEmpty('')", "true"}, EvalCase{"isEmpty(stash.empty)", "true"},
                      EvalCase{"isEmpty({})", "true"}, EvalCase{"isEmpty(' ')", "false"},
                      EvalCase{"isEmpty(0)", "false"}, EvalCase{"isEmpty(stash.items)", "false"},
                      EvalCase{"type(null)", R"("null")"}, EvalCase{"type(true)", R"("boolean")"},
                      EvalCase{"type(1)", R"("integer")"}, EvalCase{"type(1.5)", R"("number")"},
                      EvalCase{"type('a')", R"("string")"}, EvalCase{"type([])", R"("list")"},
                      EvalCase{"type(stash.user)", R"("object")"}));

INSTANTIATE_TEST_SUITE_P(
    Strings, Function,
    ::testing::Values(
        EvalCase{"lower('HeLLo É')", R"("hello É")"}, EvalCase{"upper('abc é')", R"("ABC é")"},
        EvalCase{"trim('  x y \\n\\t')", R"("x y")"}, EvalCase{"lower(null)", "null"},
        EvalCase{"upper(stash.missing)", "null"}, EvalCase{"trim(null)", "null"},
        EvalCase{"startsWith('hello', 'he')", "true"},
        EvalCase{"startsWith('hello', 'lo')", "false"}, EvalCase{"endsWith('hello', 'lo')", "true"},
        EvalCase{"startsWith(null, 'a')", "false"}, EvalCase{"endsWith('a', null)", "false"},
        EvalCase{"split('a,b,,c', ',')", R"(["a","b","","c"])"},
        EvalCase{"split('a--b', '--')", R"(["a","b"])"},
        EvalCase{"split('héj', '')", R"(["h","é","j"])"}, EvalCase{"split('', ',')", R"([""])"},
        EvalCase{"split(null, ',')", "null"},
        EvalCase{"join(['a', 1, null, true, 1.5], '-')", R"("a-1--true-1.5")"},
        EvalCase{"join([], ',')", R"("")"}, EvalCase{"join(null, ',')", "null"},
        EvalCase{"replace('a-b-c', '-', '+')", R"("a+b+c")"},
        EvalCase{"replace('aaa', 'aa', 'b')", R"("ba")"},
        EvalCase{"replace('aaa', '', 'x')", R"("aaa")"},
        EvalCase{"replace(null, 'a', 'b')", "null"}, EvalCase{"string(1.5)", R"("1.5")"},
        EvalCase{"string(42)", R"("42")"}, EvalCase{"string(null)", R"("")"},
        EvalCase{"string([1, 'a'])", R"("[1,\"a\"]")"}, EvalCase{"string(true)", R"("true")"},
        EvalCase{"string('x')", R"("x")"},
        EvalCase{"json({a: [1, 'x']})", R"("{\"a\":[1,\"x\"]}")"},
        EvalCase{"json(null)", R"("null")"}, EvalCase{"json('s')", R"("\"s\"")"},
        EvalCase{"parseJson('{\"a\": [1, 2]}').a[1]", "2"}, EvalCase{"parseJson(' 7 ')", "7"},
        EvalCase{"parseJson(null)", "null"}, EvalCase{"base64('hello')", R"("aGVsbG8=")"},
        EvalCase{"base64('ab')", R"("YWI=")"}, EvalCase{"base64('abc')", R"("YWJj")"},
        EvalCase{"base64('')", R"("")"}, EvalCase{"base64(null)", "null"},
        EvalCase{"base64Decode('aGVsbG8=')", R"("hello")"},
        EvalCase{"base64Decode('aGVsbG8')", R"("hello")"},
        EvalCase{"base64Decode('Pj4-Pw')", R"(">>>?")"},
        EvalCase{"base64Decode(base64('héllo'))", R"("héllo")"},
        EvalCase{"base64Decode('')", R"("")"}, EvalCase{"base64Decode(null)", "null"},
        EvalCase{"urlEncode('a b&c/é~')", R"("a%20b%26c%2F%C3%A9~")"},
        EvalCase{"urlEncode(null)", "null"}));

INSTANTIATE_TEST_SUITE_P(
    Numbers, Function,
    ::testing::Values(
        EvalCase{"number('42')", "42"}, EvalCase{"number(' 1.5 ')", "1.5"},
        EvalCase{"number('+1e3')", "1000"}, EvalCase{"number('-0.25')", "-0.25"},
        EvalCase{"number(7)", "7"}, EvalCase{"number(null)", "null"}, EvalCase{"int(3.9)", "3"},
        EvalCase{"int(-3.9)", "-3"}, EvalCase{"int('42')", "42"}, EvalCase{"int('3.7')", "3"},
        EvalCase{"int(5)", "5"}, EvalCase{"int(null)", "null"}, EvalCase{"round(2.5)", "3"},
        EvalCase{"round(-2.5)", "-3"}, EvalCase{"round(2.4)", "2"},
        EvalCase{"round(1.2345, 2)", "1.23"}, EvalCase{"round(1234, -2)", "1200"},
        EvalCase{"round(1250.5, -2)", "1300"}, EvalCase{"round(1250, -2)", "1300"},
        EvalCase{"round(-1250, -2)", "-1300"}, EvalCase{"round(null)", "null"},
        EvalCase{"floor(1.7)", "1"}, EvalCase{"floor(-1.2)", "-2"}, EvalCase{"floor(4)", "4"},
        EvalCase{"ceil(1.2)", "2"}, EvalCase{"ceil(-1.7)", "-1"}, EvalCase{"ceil(null)", "null"},
        EvalCase{"abs(-3)", "3"}, EvalCase{"abs(-2.5)", "2.5"}, EvalCase{"abs(null)", "null"}));

TEST(Functions, RoundingGivesIntegersWithoutDigitsAndNumbersWithThem) {
  EXPECT_TRUE(eval_value("round(2.5)").is_int());
  EXPECT_TRUE(eval_value("floor(2.5)").is_int());
  EXPECT_TRUE(eval_value("ceil(2.5)").is_int());
  EXPECT_TRUE(eval_value("int('7.9')").is_int());
  EXPECT_TRUE(eval_value("number('7')").is_int());
  EXPECT_TRUE(eval_value("number('7.0')").is_double());
  EXPECT_TRUE(eval_value("round(2.567, 1)").is_double());
  EXPECT_TRUE(eval_value("floor(1e300)").is_double());
}

class FunctionErrors : public ::testing::TestWithParam<EvalCase> {};

TEST_P(FunctionErrors, NameTheFunctionAndTheWrongType) {
  EXPECT_EQ(eval_error(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Functions, FunctionErrors,
    ::testing::Values(
        EvalCase{"size(1)", "size() needs a string, a list or an object, got an integer"},
        EvalCase{"keys([1])", "keys() needs an object, got a list"},
        EvalCase{"values('x')", "values() needs an object, got a string"},
        EvalCase{"lower(1)", "lower() needs a string, got an integer"},
        EvalCase{"upper(stash.count)", "upper() needs a string, got an integer"},
        EvalCase{"trim([])", "trim() needs a string, got a list"},
        EvalCase{"parseJson(1)", "parseJson() needs a string, got an integer"},
        EvalCase{"parseJson('{')",
                 "parseJson(): invalid JSON at 1:2: expected a string key, found end of input"},
        EvalCase{"base64(1)", "base64() needs a string, got an integer"},
        EvalCase{"base64Decode('a')", "base64Decode(): the text is not valid base64"},
        EvalCase{"base64Decode('a$==')", "base64Decode(): the text is not valid base64"},
        EvalCase{"base64Decode('aGVsbG9=')", "base64Decode(): the text is not valid base64"},
        EvalCase{"urlEncode(1)", "urlEncode() needs a string, got an integer"},
        EvalCase{"contains('abc', 1)", "contains() needs a string to look for, got an integer"},
        EvalCase{"contains(5, 1)", "contains() needs a string or a list, got an integer"},
        EvalCase{"startsWith(1, 'a')", "startsWith() needs a string, got an integer"},
        EvalCase{"endsWith('a', [])", "endsWith() needs a string, got a list"},
        EvalCase{"split('a', 1)", "split() needs a string separator, got an integer"},
        EvalCase{"split(1, ',')", "split() needs a string, got an integer"},
        EvalCase{"join('a', ',')", "join() needs a list, got a string"},
        EvalCase{"join([], null)", "join() needs a string separator, got null"},
        EvalCase{"replace('a', 1, 'b')", "replace() needs a string to replace, got an integer"},
        EvalCase{"replace('a', 'a', null)", "replace() needs a string to replace with, got null"},
        EvalCase{"slice(1, 0)", "slice() needs a string or a list, got an integer"},
        EvalCase{"slice('a', 'b')", "slice() needs an integer start, got a string"},
        EvalCase{"slice('a', 0, 1.5)", "slice() needs an integer end, got a number"},
        EvalCase{"number(true)", "number() needs a string or a number, got a boolean"},
        EvalCase{"number('abc')", R"(number() cannot read "abc" as a number)"},
        EvalCase{"number('inf')", R"(number() cannot read "inf" as a number)"},
        EvalCase{"number('')", R"(number() cannot read "" as a number)"},
        EvalCase{"int('x')", R"(int() cannot read "x" as a number)"},
        EvalCase{"int(1e30)", "int(): the number is out of the integer range"},
        EvalCase{"int([])", "int() needs a number or a string, got a list"},
        EvalCase{"round('a')", "round() needs a number, got a string"},
        EvalCase{"round(1.5, 99)", "round() needs a number of digits from -15 to 15"},
        EvalCase{"floor(true)", "floor() needs a number, got a boolean"},
        EvalCase{"ceil('1')", "ceil() needs a number, got a string"},
        EvalCase{"abs('x')", "abs() needs a number, got a string"},
        EvalCase{"abs(-9223372036854775808)", "integer overflow"},
        EvalCase{"min(1, 'a')", "min() needs numbers, got a string"},
        EvalCase{"max(['a'])", "max() needs numbers, got a string"},
        EvalCase{"sum([1, 'a'])", "sum() needs a list of numbers, got a string"},
        EvalCase{"sum('x')", "sum() needs a list of numbers, got a string"},
        EvalCase{"sum([stash.big, 1])", "integer overflow"},
        EvalCase{"first('ab')", "first() needs a list, got a string"},
        EvalCase{"last({})", "last() needs a list, got an object"},
        EvalCase{"reverse(1)", "reverse() needs a list or a string, got an integer"},
        EvalCase{"unique('a')", "unique() needs a list, got a string"},
        EvalCase{"flatten(1)", "flatten() needs a list, got an integer"},
        EvalCase{"merge(1)", "merge() needs objects, got an integer"},
        EvalCase{"merge({}, [])", "merge() needs objects, got a list"},
        EvalCase{"pick({a: 1}, 1)", "pick() needs string keys, got an integer"},
        EvalCase{"pick([], 'a')", "pick() needs an object, got a list"},
        EvalCase{"omit({a: 1}, [1])", "omit() needs string keys, got an integer"},
        EvalCase{"omit('a', 'a')", "omit() needs an object, got a string"},
        EvalCase{"has([1], 'a')", "has() needs an object, got a list"},
        EvalCase{"has({}, 1)", "has() needs a string key, got an integer"}));

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

TEST(Functions, UuidIsARandomVersion4Uuid) {
  const Value a = eval_value("uuid()");
  const Value b = eval_value("uuid()");
  ASSERT_TRUE(a.is_string());
  const std::string& s = a.as_string();
  ASSERT_EQ(s.size(), 36U);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      EXPECT_EQ(s[i], '-') << s;
    } else {
      EXPECT_TRUE(is_hex(s[i]) && !std::isupper(static_cast<unsigned char>(s[i]))) << s;
    }
  }
  EXPECT_EQ(s[14], '4') << s;
  EXPECT_NE(std::string("89ab").find(s[19]), std::string::npos) << s;
  EXPECT_NE(a, b);
}

TEST(Functions, NowIsIso8601UtcWithMilliseconds) {
  const Value v = eval_value("now()");
  ASSERT_TRUE(v.is_string());
  const std::string& s = v.as_string();
  ASSERT_EQ(s.size(), 24U) << s;
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (shape[i] == 'd') {
      EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(s[i]))) << s;
    } else {
      EXPECT_EQ(s[i], shape[i]) << s;
    }
  }
  EXPECT_GE(s.substr(0, 4), "2024");
}

TEST(Functions, EpochSecondsAndMillisAgree) {
  const Value seconds = eval_value("epochSeconds()");
  const Value millis = eval_value("epochMillis()");
  ASSERT_TRUE(seconds.is_int() && millis.is_int());
  EXPECT_GT(seconds.as_int(), 1'700'000'000);
  EXPECT_LE(seconds.as_int(), millis.as_int() / 1000);
  EXPECT_LE(millis.as_int() / 1000 - seconds.as_int(), 5);
}

TEST(Functions, FirstAndCoalesceReturnReferencesIntoTheScope) {
  auto direct = Expression::compile("coalesce(stash.nothing, stash.user)");
  ASSERT_TRUE(direct.has_value());
  auto r = direct->evaluate(testing::test_scope());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_ref());
  EXPECT_EQ(&r->get(), testing::test_scope().get(Root::stash)->find("user"));
}

TEST(Functions, UniqueKeepsTheFirstOfEachValueOfALongList) {
  const Value v = eval_value(
      "unique(split(join([1, 2, 3, 2, 1], ',') + ',' + "
      "join(split(slice(json(stash), 0, 2000), ''), ','), ','))");
  ASSERT_TRUE(v.is_list());
  ASSERT_GE(v.as_list().size(), 3U);
  EXPECT_EQ(v.as_list()[0], Value("1"));
  EXPECT_EQ(v.as_list()[1], Value("2"));
  EXPECT_EQ(v.as_list()[2], Value("3"));
  for (std::size_t i = 0; i < v.as_list().size(); ++i) {
    for (std::size_t j = i + 1; j < v.as_list().size(); ++j) {
      ASSERT_NE(v.as_list()[i], v.as_list()[j]);
    }
  }
}

TEST(Functions, NestedGrowthStopsAtTheSizeLimitInsteadOfExhaustingMemory) {
  // Each level squares the length and doubles the text: 9, 81, 6561, then 43 million bytes.
  std::string replace_bomb = "'aaaaaaaaa'";
  for (int i = 0; i < 4; ++i) {
    replace_bomb = "replace(" + replace_bomb + ", 'a', " + replace_bomb + ")";
  }
  EXPECT_EQ(eval_error(replace_bomb), "replace(): the result would be larger than 16 MiB");

  // 2, 4, 16, 256, 65536 bytes, then too much.
  std::string join_bomb = "'ab'";
  for (int i = 0; i < 6; ++i) {
    join_bomb = "join(split(" + join_bomb + ", ''), " + join_bomb + ")";
  }
  EXPECT_EQ(eval_error(join_bomb), "join(): the result would be larger than 16 MiB");
}

}  // namespace
}  // namespace stashql::expr
