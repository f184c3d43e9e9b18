// The expression language as pipeline authors use it in `if:`, `where:` and templates: paths
// into the context roots, literals, every operator and its precedence, null handling, the
// errors at compile time (with their offsets) and at run time, constant folding, and what an
// expression tells the loader about the roots it reads.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <stashql/expression.hpp>
#include <stashql/json.hpp>

#include "unit/pipeline/expression_test_support.hpp"

namespace stashql::expr {
namespace {

using testing::compile_error;
using testing::eval_error;
using testing::eval_json;
using testing::eval_value;
using testing::EvalCase;
using testing::test_scope;

// ---- values of expressions ------------------------------------------------------------------

class Evaluates : public ::testing::TestWithParam<EvalCase> {};

TEST_P(Evaluates, ToTheExpectedJson) {
  EXPECT_EQ(eval_json(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Paths, Evaluates,
    ::testing::Values(
        EvalCase{"args.input.title", R"("Hello")"},
        EvalCase{"args[\"key-with-dash\"]", R"("dash")"},
        EvalCase{"args['key-with-dash']", R"("dash")"}, EvalCase{"args.input.tags[0]", R"("a")"},
        EvalCase{"args.input.tags[-1]", R"("b")"}, EvalCase{"args.input.tags[2]", "null"},
        EvalCase{"args.input.tags[-3]", "null"}, EvalCase{"stash.items[stash.items[0]]", "2"},
        EvalCase{"stash.items[1.0]", "2"}, EvalCase{"stash.user[stash.k]", R"("Alice")"},
        EvalCase{"args.input['ti' + 'tle']", R"("Hello")"}, EvalCase{"args.missing", "null"},
        EvalCase{"args.missing.deeper[0].still", "null"}, EvalCase{"stash.user.nick.first", "null"},
        EvalCase{"stash.items[stash.nothing]", "null"},
        EvalCase{"prev.result", R"({"a":1,"b":[10,20]})"}, EvalCase{"prev.result.a", "1"},
        EvalCase{"prev.result.b[1]", "20"}, EvalCase{"identity.groups[1]", R"("dev")"},
        EvalCase{"headers['x-request-id']", R"("r-1")"},
        EvalCase{"info.fieldName", R"("createPost")"}, EvalCase{"source.name", R"("Src")"},
        EvalCase{"item.qty", "4"}, EvalCase{"stash.user?.name", R"("Alice")"},
        EvalCase{"stash.user.missing?.name", "null"}, EvalCase{"(stash.user).name", R"("Alice")"},
        EvalCase{"{a: {b: 5}}.a.b", "5"}, EvalCase{"[1, 2, 3][1]", "2"},
        EvalCase{"[stash.count, 2][0]", "5"}, EvalCase{"{in: 1, null: 2, and: 3}.null", "2"},
        EvalCase{"stash", R"({"count":5,"user":{"name":"Alice","maxPosts":10,"nick":null},)"
                          R"("items":[1,2,3],"empty":[],"s":"héllo","f":1.5,"zero":0,"t":true,)"
                          R"("obj":{},"big":9223372036854775807,"k":"name"})"}));

INSTANTIATE_TEST_SUITE_P(
    Literals, Evaluates,
    ::testing::Values(EvalCase{"42", "42"}, EvalCase{"-7", "-7"}, EvalCase{"1.5", "1.5"},
                      EvalCase{"1e3", "1000"}, EvalCase{"2.5E-1", "0.25"}, EvalCase{".5", "0.5"},
                      EvalCase{"-9223372036854775808", "-9223372036854775808"},
                      EvalCase{"'single'", R"("single")"}, EvalCase{"\"double\"", R"("double")"},
                      EvalCase{R"("a\nb\tc")", R"("a\nb\tc")"},
                      EvalCase{R"('it\'s "quoted" \\ \/')", R"("it's \"quoted\" \\ /")"},
                      EvalCase{R"("\u00e9")", R"("é")"}, EvalCase{R"("\ud83d\ude00")", R"("😀")"},
                      EvalCase{R"("\ud800")", R"("�")"}, EvalCase{"true", "true"},
                      EvalCase{"false", "false"}, EvalCase{"null", "null"}, EvalCase{"[]", "[]"},
                      EvalCase{"{}", "{}"}, EvalCase{"[1, stash.count, 'x']", R"([1,5,"x"])"},
                      EvalCase{"[1, 2,]", "[1,2]"},
                      EvalCase{"{a: 1, 'b-c': stash.count, \"d\": [true]}",
                               R"({"a":1,"b-c":5,"d":[true]})"},
                      EvalCase{"{a: {b: {c: null}}}", R"({"a":{"b":{"c":null}}})"}));

INSTANTIATE_TEST_SUITE_P(
    Equality, Evaluates,
    ::testing::Values(EvalCase{"1 == 1.0", "true"}, EvalCase{"'a' == 'a'", "true"},
                      EvalCase{"1 == '1'", "false"}, EvalCase{"0 == false", "false"},
                      EvalCase{"null == null", "true"}, EvalCase{"stash.user.nick == null", "true"},
                      EvalCase{"args.missing == null", "true"},
                      EvalCase{"[1, 2] == [1, 2.0]", "true"},
                      EvalCase{"{a: 1, b: 2} == {b: 2, a: 1}", "true"},
                      EvalCase{"{a: 1} == {a: 1, b: 2}", "false"},
                      EvalCase{"stash.items == [1, 2, 3]", "true"}, EvalCase{"[1] != [2]", "true"},
                      EvalCase{"1 != 1", "false"}, EvalCase{"'a' != null", "true"}));

INSTANTIATE_TEST_SUITE_P(
    Ordering, Evaluates,
    ::testing::Values(EvalCase{"1 < 2", "true"}, EvalCase{"2 <= 2", "true"},
                      EvalCase{"3 > 2.5", "true"}, EvalCase{"2.5 >= 3", "false"},
                      EvalCase{"'a' < 'b'", "true"}, EvalCase{"'Z' < 'a'", "true"},
                      EvalCase{"'é' > 'z'", "true"}, EvalCase{"'ab' < 'abc'", "true"},
                      EvalCase{"null < 1", "false"}, EvalCase{"1 >= null", "false"},
                      EvalCase{"stash.missing > 'a'", "false"},
                      EvalCase{"stash.count > stash.user.maxPosts", "false"},
                      EvalCase{"9223372036854775807 > 9223372036854775806", "true"}));

INSTANTIATE_TEST_SUITE_P(
    Membership, Evaluates,
    ::testing::Values(EvalCase{"'b' in ['a', 'b']", "true"}, EvalCase{"3 in [1, 2]", "false"},
                      EvalCase{"1.0 in [1]", "true"}, EvalCase{"[1] in [[1], [2]]", "true"},
                      EvalCase{"'name' in stash.user", "true"},
                      EvalCase{"'nick' in stash.user", "true"},
                      EvalCase{"'zzz' in stash.user", "false"},
                      EvalCase{"'ell' in 'hello'", "true"}, EvalCase{"'' in 'hello'", "true"},
                      EvalCase{"1 in null", "false"}, EvalCase{"null in 'abc'", "false"},
                      EvalCase{"'admin' in identity.groups", "true"},
                      EvalCase{"'x' not in ['a']", "true"}, EvalCase{"'a' not in ['a']", "false"}));

INSTANTIATE_TEST_SUITE_P(
    Logic, Evaluates,
    ::testing::Values(
        EvalCase{"null ?? 1", "1"}, EvalCase{"0 ?? 1", "0"}, EvalCase{"false ?? true", "false"},
        EvalCase{"args.missing ?? 'default'", R"("default")"},
        EvalCase{"args.missing ?? stash.missing ?? 3", "3"}, EvalCase{"true and false", "false"},
        EvalCase{"1 and 'x'", "true"}, EvalCase{"0 or ''", "false"}, EvalCase{"null or 2", "true"},
        EvalCase{"true && true", "true"}, EvalCase{"false || true", "true"},
        EvalCase{"not 0", "true"}, EvalCase{"not ''", "true"}, EvalCase{"not stash.empty", "false"},
        EvalCase{"not stash.obj", "false"}, EvalCase{"!true", "false"},
        EvalCase{"!!stash.s", "true"}, EvalCase{"not not null", "false"},
        EvalCase{"false and 1 / 0", "false"}, EvalCase{"true or 1 / 0", "true"},
        EvalCase{"stash.count > 3 ? 'big' : 'small'", R"("big")"}, EvalCase{"0 ? 1 : 2", "2"},
        EvalCase{"null ? 1 : 2", "2"}, EvalCase{"stash.empty ? 1 : 2", "1"},
        EvalCase{"false ? 1 : true ? 2 : 3", "2"}, EvalCase{"true ? 1 / 1 : 1 / 0", "1"}));

INSTANTIATE_TEST_SUITE_P(
    Arithmetic, Evaluates,
    ::testing::Values(
        EvalCase{"1 + 2", "3"}, EvalCase{"7 - 10", "-3"}, EvalCase{"6 * 7", "42"},
        EvalCase{"7 / 2", "3.5"}, EvalCase{"6 / 3", "2"}, EvalCase{"-6 / 4", "-1.5"},
        EvalCase{"7 % 3", "1"}, EvalCase{"-7 % 3", "-1"}, EvalCase{"5.5 % 2", "1.5"},
        EvalCase{"1.5 + 1", "2.5"}, EvalCase{"0.1 + 0.2", "0.30000000000000004"},
        EvalCase{"item.price * item.qty", "10"}, EvalCase{"'a' + 'b'", R"("ab")"},
        EvalCase{"'n=' + string(stash.count)", R"("n=5")"}, EvalCase{"[1] + [2, 3]", "[1,2,3]"},
        EvalCase{"stash.items + stash.empty", "[1,2,3]"},
        EvalCase{"{a: 1, b: 2} + {b: 3, c: 4}", R"({"a":1,"b":3,"c":4})"},
        EvalCase{"stash.user + {name: 'Bob'}", R"({"name":"Bob","maxPosts":10,"nick":null})"},
        EvalCase{"-stash.count", "-5"}, EvalCase{"- -3", "3"}, EvalCase{"-stash.f", "-1.5"},
        EvalCase{"stash.big - 1 + 1", "9223372036854775807"}));

INSTANTIATE_TEST_SUITE_P(
    Precedence, Evaluates,
    ::testing::Values(
        EvalCase{"1 + 2 * 3", "7"}, EvalCase{"(1 + 2) * 3", "9"}, EvalCase{"10 - 2 - 3", "5"},
        EvalCase{"24 / 4 / 2", "3"}, EvalCase{"2 * 3 % 4", "2"}, EvalCase{"-2 * 3", "-6"},
        EvalCase{"-stash.items[0]", "-1"}, EvalCase{"1 + 2 == 3", "true"},
        EvalCase{"not 1 == 2", "true"}, EvalCase{"not 'a' in ['b']", "true"},
        EvalCase{"true or false and false", "true"}, EvalCase{"(true or false) and false", "false"},
        EvalCase{"not true or true", "true"}, EvalCase{"null ?? false or true", "true"},
        EvalCase{"1 == 1 ? 'y' : 'n'", R"("y")"},
        EvalCase{"stash.missing ?? 0 ? 'y' : 'n'", R"("n")"},
        EvalCase{"'a' in ['a'] and 1 < 2", "true"}, EvalCase{"1 + 1 in [2]", "true"},
        EvalCase{"1 < 2 == true ? 1 : 0",
                 "COMPILE ERROR: comparisons do not chain: write `a < b and b < c`"}));

// ---- types and references -------------------------------------------------------------------

TEST(Expression, IntegersStayIntegersAndDivisionIsExactOrDouble) {
  EXPECT_TRUE(eval_value("6 / 3").is_int());
  EXPECT_TRUE(eval_value("7 / 2").is_double());
  EXPECT_TRUE(eval_value("2 * 3").is_int());
  EXPECT_TRUE(eval_value("2 * 1.0").is_double());
  EXPECT_TRUE(eval_value("1e3").is_double());
  EXPECT_TRUE(eval_value("7 % 2").is_int());
}

TEST(Expression, PathsReferToTheScopeWithoutCopying) {
  auto e = Expression::compile("stash.user");
  ASSERT_TRUE(e.has_value());
  auto r = e->evaluate(test_scope());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_ref());
  EXPECT_EQ(&r->get(), test_scope().get(Root::stash)->find("user"));

  auto indexed = Expression::compile("stash.items[-1]");
  ASSERT_TRUE(indexed.has_value());
  auto last = indexed->evaluate(test_scope());
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(&last->get(), &test_scope().get(Root::stash)->find("items")->as_list().back());
}

TEST(Expression, AMissingRootReadsAsNull) {
  auto e = Expression::compile("source.name ?? 'none'");
  ASSERT_TRUE(e.has_value());
  auto r = e->evaluate(Scope{});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->get(), Value("none"));
}

TEST(Expression, ConstantsAreFoldedOnceAndEvaluateAsReferences) {
  auto e = Expression::compile("[1, 2, size('abc') + 1]");
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->is_constant());
  EXPECT_EQ(e->roots(), 0);
  auto first = e->evaluate(Scope{});
  auto second = e->evaluate(test_scope());
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_TRUE(first->is_ref());
  EXPECT_EQ(&first->get(), &second->get());
  EXPECT_EQ(to_json(first->get()), "[1,2,4]");
}

TEST(Expression, RootsAndChangingFunctionsAreNotConstant) {
  for (const char* text : {"stash.count + 1", "uuid()", "now()", "epochSeconds()", "epochMillis()",
                           "[1, uuid()]", "item"}) {
    auto e = Expression::compile(text);
    ASSERT_TRUE(e.has_value()) << text;
    EXPECT_FALSE(e->is_constant()) << text;
  }
  auto u = Expression::compile("uuid()");
  ASSERT_TRUE(u.has_value());
  EXPECT_NE(to_json(u->evaluate(Scope{})->get()), to_json(u->evaluate(Scope{})->get()));
}

TEST(Expression, AConstantThatFailsCompilesAndFailsWhenEvaluated) {
  auto e = Expression::compile("1 / 0");
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->is_constant());
  auto r = e->evaluate(Scope{});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "division by zero");
}

TEST(Expression, TestAppliesTruthiness) {
  auto yes = Expression::compile("stash.count");
  auto no = Expression::compile("stash.empty == [] and stash.zero");
  auto broken = Expression::compile("stash.s < 1");
  ASSERT_TRUE(yes && no && broken);
  EXPECT_TRUE(*yes->test(test_scope()));
  EXPECT_FALSE(*no->test(test_scope()));
  EXPECT_FALSE(broken->test(test_scope()).has_value());
}

TEST(Expression, CopiesShareTheCompiledTreeAndKeepTheirText) {
  auto e = Expression::compile("stash.count * 2");
  ASSERT_TRUE(e.has_value());
  const Expression copy = *e;
  EXPECT_EQ(copy.text(), "stash.count * 2");
  EXPECT_EQ(to_json(copy.evaluate(test_scope())->get()), "10");
}

TEST(Expression, ReportsTheRootsItReads) {
  auto e = Expression::compile("args.x + stash.count > prev.result.a ? item : identity.sub");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->roots(), root_bit(Root::args) | root_bit(Root::stash) | root_bit(Root::prev) |
                            root_bit(Root::item) | root_bit(Root::identity));
}

struct ReferenceCase {
  std::string_view text;
  std::vector<std::tuple<Root, std::string, std::size_t>> expected;
};

// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks it up by this name
void PrintTo(const ReferenceCase& c, std::ostream* os) {
  *os << c.text;
}

class References : public ::testing::TestWithParam<ReferenceCase> {};

TEST_P(References, NameTheRootTheFirstKeyAndTheOffset) {
  auto e = Expression::compile(GetParam().text);
  ASSERT_TRUE(e.has_value()) << e.error().message;
  std::vector<std::tuple<Root, std::string, std::size_t>> got;
  for (const Reference& r : e->references())
    got.emplace_back(r.root, r.first_key, r.offset);
  EXPECT_EQ(got, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Expression, References,
    ::testing::Values(ReferenceCase{"args.input.title", {{Root::args, "input", 0}}},
                      ReferenceCase{"args[\"x\"]", {{Root::args, "x", 0}}},
                      ReferenceCase{"args[0]", {{Root::args, "", 0}}},
                      ReferenceCase{"args[stash.k]", {{Root::args, "", 0}, {Root::stash, "k", 5}}},
                      ReferenceCase{"prev.result.a", {{Root::prev, "a", 0}}},
                      ReferenceCase{"prev.result", {{Root::prev, "", 0}}},
                      ReferenceCase{"stash", {{Root::stash, "", 0}}},
                      ReferenceCase{"1 + stash.count", {{Root::stash, "count", 4}}},
                      ReferenceCase{"(args).x", {{Root::args, "", 1}}},
                      ReferenceCase{"size(identity.groups) > 0 and headers['x-a'] == item",
                                    {{Root::identity, "groups", 5},
                                     {Root::headers, "x-a", 30},
                                     {Root::item, "", 48}}}));

// ---- compile errors -------------------------------------------------------------------------

struct CompileErrorCase {
  std::string_view text;
  std::string_view message;
  std::size_t offset;
};

// NOLINTNEXTLINE(readability-identifier-naming): GoogleTest looks it up by this name
void PrintTo(const CompileErrorCase& c, std::ostream* os) {
  *os << c.text;
}

class CompileErrors : public ::testing::TestWithParam<CompileErrorCase> {};

TEST_P(CompileErrors, HaveAMessageAndAnOffset) {
  const CompileError error = compile_error(GetParam().text);
  EXPECT_EQ(error.message, GetParam().message) << GetParam().text;
  EXPECT_EQ(error.offset, GetParam().offset) << GetParam().text;
}

constexpr std::string_view kUnknownFoo =
    "unknown name \"foo\": expected one of args, source, identity, headers, info, stash, prev, "
    "item, or a function call";

INSTANTIATE_TEST_SUITE_P(
    Expression, CompileErrors,
    ::testing::Values(
        CompileErrorCase{"foo", kUnknownFoo, 0}, CompileErrorCase{"1 + foo.x", kUnknownFoo, 4},
        CompileErrorCase{"prev", "prev has only .result", 0},
        CompileErrorCase{"prev.x", "prev has only .result", 0},
        CompileErrorCase{"stash.a == prev['result']", "prev has only .result", 11},
        CompileErrorCase{"foo(1)", "unknown function \"foo\"", 0},
        CompileErrorCase{"stash.a + lenght(x)", "unknown function \"lenght\"", 10},
        CompileErrorCase{"size()", "size() takes 1 argument, got 0", 0},
        CompileErrorCase{"size(1, 2)", "size() takes 1 argument, got 2", 0},
        CompileErrorCase{"uuid(1)", "uuid() takes no arguments, got 1", 0},
        CompileErrorCase{"slice('a')", "slice() takes 2 or 3 arguments, got 1", 0},
        CompileErrorCase{"1 + min()", "min() takes at least 1 argument, got 0", 4},
        CompileErrorCase{"replace('a', 'b')", "replace() takes 3 arguments, got 2", 0},
        CompileErrorCase{"1 < 2 < 3", "comparisons do not chain: write `a < b and b < c`", 6},
        CompileErrorCase{"1 == 1 == 1", "comparisons do not chain: write `a < b and b < c`", 7},
        CompileErrorCase{"'a' in ['a'] in [true]",
                         "comparisons do not chain: write `a < b and b < c`", 13},
        CompileErrorCase{"99999999999999999999",
                         "integer 99999999999999999999 is too large (the largest is "
                         "9223372036854775807; write a decimal such as 1e20 for larger numbers)",
                         0},
        CompileErrorCase{"9223372036854775808",
                         "integer 9223372036854775808 is too large (the largest is "
                         "9223372036854775807)",
                         0},
        CompileErrorCase{"1e999", "number 1e999 is out of range", 0},
        CompileErrorCase{"", "expected an expression, found the end of the expression", 0},
        CompileErrorCase{"1 +", "expected an expression, found the end of the expression", 3},
        CompileErrorCase{"(1 + 2", "expected ')', found the end of the expression", 6},
        CompileErrorCase{"[1, 2", "expected ',' or ']' in a list, found the end of the expression",
                         5},
        CompileErrorCase{"{a 1}", "expected ':', found '1'", 3},
        CompileErrorCase{"{a: 1 b: 2}", "expected ',' or '}' in an object, found 'b'", 6},
        CompileErrorCase{"{a: 1, a: 2}", "duplicate key \"a\" in an object", 7},
        CompileErrorCase{"{1: 2}",
                         "expected a key (a name or a quoted string) in an object, found '1'", 1},
        CompileErrorCase{"size(1 2)", "expected ',' or ')' after an argument of size(), found '2'",
                         7},
        CompileErrorCase{"\"abc", "unterminated string", 0},
        CompileErrorCase{"x == 'abc\\", "unterminated string", 5},
        CompileErrorCase{
            "'a\\qb'",
            "unknown escape '\\q' in a string (known: \\n \\t \\r \\b \\f \\/ \\\" \\' "
            "\\\\ \\uXXXX)",
            2},
        CompileErrorCase{"\"\\u12\"", "invalid \\u escape: expected 4 hex digits", 1},
        CompileErrorCase{"stash.a = 1", "unexpected '=': compare with '=='", 8},
        CompileErrorCase{"stash.a & 1", "unexpected '&': write 'and' or '&&'", 8},
        CompileErrorCase{"stash.a | 1", "unexpected '|': write 'or' or '||'", 8},
        CompileErrorCase{"#", "unexpected character '#'", 0},
        CompileErrorCase{"1 + \xc3\xa9", "unexpected character U+00E9", 4},
        CompileErrorCase{"\xff", "unexpected character byte 0xFF", 0},
        CompileErrorCase{"1abc", "unexpected character 'a' after a number", 1},
        CompileErrorCase{"stash.", "expected a name after '.', found the end of the expression", 6},
        CompileErrorCase{"stash.[0]", "expected a name after '.', found '['", 6},
        CompileErrorCase{"stash[1", "expected ']', found the end of the expression", 7},
        CompileErrorCase{"1 2", "expected an operator or the end of the expression, found '2'", 2},
        CompileErrorCase{"stash.a)", "expected an operator or the end of the expression, found ')'",
                         7},
        CompileErrorCase{"and", "expected an expression, found 'and'", 0},
        CompileErrorCase{"1 and or 2", "expected an expression, found 'or'", 6},
        CompileErrorCase{"stash.a ? 1", "expected ':', found the end of the expression", 11},
        CompileErrorCase{"not in [1]", "expected an expression, found 'in'", 4}));

TEST(Expression, DeepNestingIsACompileErrorNotACrash) {
  const std::string ok = std::string(60, '(') + "1" + std::string(60, ')');
  EXPECT_EQ(eval_json(ok), "1");

  const std::string parens = std::string(100, '(') + "1" + std::string(100, ')');
  CompileError e = compile_error(parens);
  EXPECT_EQ(e.message, "expression nested too deeply");
  EXPECT_EQ(e.offset, 64U);

  std::string lists;
  for (int i = 0; i < 100'000; ++i)
    lists += '[';
  EXPECT_EQ(compile_error(lists).message, "expression nested too deeply");

  std::string nots;
  for (int i = 0; i < 100'000; ++i)
    nots += "not ";
  EXPECT_EQ(compile_error(nots + "true").message, "expression nested too deeply");

  std::string minus(100'000, '-');
  EXPECT_EQ(compile_error(minus + "stash.count").message, "expression nested too deeply");
}

TEST(Expression, LongOperatorChainsAreBoundedToo) {
  std::string chain = "stash.count";
  for (int i = 0; i < 100; ++i)
    chain += " + stash.count";
  EXPECT_EQ(eval_json(chain), "505");

  std::string huge = "stash.count";
  for (int i = 0; i < 50'000; ++i)
    huge += " + stash.count";
  EXPECT_EQ(compile_error(huge).message, "expression nested too deeply");

  // Constant chains fold as they are parsed, so any length is fine.
  std::string constant = "1";
  for (int i = 0; i < 50'000; ++i)
    constant += " + 1";
  EXPECT_EQ(eval_json(constant), "50001");
}

TEST(Expression, HugeLiteralsAreFine) {
  std::string list = "[";
  for (int i = 0; i < 100'000; ++i)
    list += "1,";
  list += "2]";
  EXPECT_EQ(eval_json("size(" + list + ")"), "100001");

  const std::string long_string = "'" + std::string(1'000'000, 'x') + "'";
  EXPECT_EQ(eval_json("size(" + long_string + ")"), "1000000");
}

TEST(Expression, InvalidUtf8InStringLiteralsIsKeptAsBytes) {
  const Value v = eval_value("'a\xff\xfe' + 'b'");
  ASSERT_TRUE(v.is_string());
  EXPECT_EQ(v.as_string(),
            "a\xff\xfe"
            "b");
  EXPECT_EQ(eval_json("size('a\xff\xfe')"), "3");
  // An incomplete sequence stays one character: reversing keeps its bytes together.
  EXPECT_EQ(eval_value("reverse('a\xe2\x82')"), Value("\xe2\x82"
                                                      "a"));
  EXPECT_EQ(eval_value("upper('a\xff')"), Value("A\xff"));
}

// ---- run-time errors ------------------------------------------------------------------------

class EvalErrors : public ::testing::TestWithParam<EvalCase> {};

TEST_P(EvalErrors, HaveAMessageInTheAuthorsWords) {
  EXPECT_EQ(eval_error(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Expression, EvalErrors,
    ::testing::Values(
        EvalCase{"stash.s.x", R"(cannot read "x" of a string (stash.s.x))"},
        EvalCase{"stash.count.x.y", R"(cannot read "x" of an integer (stash.count.x))"},
        EvalCase{"stash.t.x", R"(cannot read "x" of a boolean (stash.t.x))"},
        EvalCase{"stash.items.x", R"(cannot read "x" of a list (stash.items.x))"},
        EvalCase{"stash.user[0]", "cannot index an object with an integer (stash.user[0])"},
        EvalCase{"stash.items['a']", "cannot index a list with a string (stash.items['a'])"},
        EvalCase{"stash.items[stash.k]",
                 "cannot index a list with a string (stash.items[stash.k])"},
        EvalCase{"stash.s[0]", "cannot read [0] of a string (stash.s[0])"},
        EvalCase{"stash.items[true]", "cannot index with a boolean (stash.items[true])"},
        EvalCase{"stash.items[0.5]", "cannot index with a fractional number (stash.items[0.5])"},
        EvalCase{"prev.result.a.b", R"(cannot read "b" of an integer (prev.result.a.b))"},
        EvalCase{"parseJson('[1]').x", R"(cannot read "x" of a list (parseJson('[1]').x))"},
        EvalCase{"stash.s < 1", "cannot compare a string with an integer"},
        EvalCase{"true < false", "cannot compare a boolean with a boolean"},
        EvalCase{"[1] < [2]", "cannot compare a list with a list"},
        EvalCase{"stash.user >= 1.5", "cannot compare an object with a number"},
        EvalCase{"1 in 5", "`in` needs a list, an object or a string on its right, got an integer"},
        EvalCase{"1 in 'abc'", "cannot look for an integer in a string"},
        EvalCase{"1 in {a: 1}", "cannot look up an integer in an object: its keys are strings"},
        EvalCase{"stash.big + 1", "integer overflow"},
        EvalCase{"stash.big * 2", "integer overflow"},
        EvalCase{"-stash.big - 2", "integer overflow"},
        EvalCase{"-(-9223372036854775808)", "integer overflow"},
        EvalCase{"-9223372036854775808 / -1", "integer overflow"},
        EvalCase{"1 / 0", "division by zero"}, EvalCase{"1.5 / 0", "division by zero"},
        EvalCase{"stash.count / stash.zero", "division by zero"},
        EvalCase{"1 % 0", "division by zero (%)"},
        EvalCase{"'a' + 1", "cannot add a string and an integer"},
        EvalCase{"null + 1", "cannot add null and an integer"},
        EvalCase{"[1] + {a: 1}", "cannot add a list and an object"},
        EvalCase{"true + true", "cannot add a boolean and a boolean"},
        EvalCase{"'a' - 1", "cannot subtract an integer from a string"},
        EvalCase{"'a' * 2", "cannot multiply a string by an integer"},
        EvalCase{"[1] / 2", "cannot divide a list by an integer"},
        EvalCase{"1 % null", "cannot take the remainder of an integer by null"},
        EvalCase{"-'a'", "cannot negate a string"},
        EvalCase{"-stash.missing", "cannot negate null"},
        EvalCase{"stash.count > 1 ? stash.s.x : 0", R"(cannot read "x" of a string (stash.s.x))"},
        EvalCase{"[1, stash.s.x]", R"(cannot read "x" of a string (stash.s.x))"},
        EvalCase{"{a: stash.s < 1}", "cannot compare a string with an integer"},
        EvalCase{"size(stash.s.x)", R"(cannot read "x" of a string (stash.s.x))"}));

// ---- helpers the runtime uses ---------------------------------------------------------------

TEST(Truthy, FollowsJavaScript) {
  EXPECT_FALSE(truthy(Value()));
  EXPECT_FALSE(truthy(Value(false)));
  EXPECT_FALSE(truthy(Value(0)));
  EXPECT_FALSE(truthy(Value(0.0)));
  EXPECT_FALSE(truthy(Value(-0.0)));
  EXPECT_FALSE(truthy(Value(std::nan(""))));
  EXPECT_FALSE(truthy(Value("")));
  EXPECT_TRUE(truthy(Value(true)));
  EXPECT_TRUE(truthy(Value(-1)));
  EXPECT_TRUE(truthy(Value(0.5)));
  EXPECT_TRUE(truthy(Value("0")));
  EXPECT_TRUE(truthy(Value(List{})));
  EXPECT_TRUE(truthy(Value(Object{})));
}

TEST(AppendAsText, WritesStringsBareAndEverythingElseAsJson) {
  auto text = [](const Value& v) {
    std::string out = "<";
    append_as_text(out, v);
    return out + ">";
  };
  EXPECT_EQ(text(Value("a \"b\"")), "<a \"b\">");
  EXPECT_EQ(text(Value()), "<>");
  EXPECT_EQ(text(Value(true)), "<true>");
  EXPECT_EQ(text(Value(-12)), "<-12>");
  EXPECT_EQ(text(Value(0.5)), "<0.5>");
  EXPECT_EQ(text(Value(1e21)), "<1e+21>");
  EXPECT_EQ(text(Value(List{1, "x"})), "<[1,\"x\"]>");
  EXPECT_EQ(text(Value(Object{{"a", Value()}})), "<{\"a\":null}>");
}

TEST(RootName, SpellsEachRoot) {
  EXPECT_EQ(root_name(Root::args), "args");
  EXPECT_EQ(root_name(Root::source), "source");
  EXPECT_EQ(root_name(Root::identity), "identity");
  EXPECT_EQ(root_name(Root::headers), "headers");
  EXPECT_EQ(root_name(Root::info), "info");
  EXPECT_EQ(root_name(Root::stash), "stash");
  EXPECT_EQ(root_name(Root::prev), "prev");
  EXPECT_EQ(root_name(Root::item), "item");
}

}  // namespace
}  // namespace stashql::expr
