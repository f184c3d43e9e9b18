// `stashql run` in-process on the library demo (pipelines/demo: pure pipelines, no
// datasources): the trace of each step, JSON output, argument coercion, identities from
// --identity and --jwt, the stash and usage errors with exit codes. Runs against real
// backends and --dry are tested in tests/integration/cli_test.cpp.
#include <sstream>

#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "cli/cli.hpp"
#include "cli/local_run.hpp"
#include "cli/tracer.hpp"
#include "pipeline/base64.hpp"

namespace stashql::cli {
namespace {

const std::string kDemo = std::string(STASHQL_TEST_DATA) + "/../pipelines/demo/stashql.yaml";

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome stashql(std::vector<std::string> args) {
  args.emplace_back("-c");
  args.push_back(kDemo);
  std::ostringstream out;
  std::ostringstream err;
  const int code = run(args, out, err);
  return Outcome{code, out.str(), err.str()};
}

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string jwt(std::string_view claims) {
  return base64_encode(R"({"alg":"HS256","typ":"JWT"})", Base64Alphabet::url) + "." +
         base64_encode(claims, Base64Alphabet::url) + ".c2ln";
}

TEST(RunCommand, TracesEachStepWithItsRenderedArgumentsAndResult) {
  Outcome r = stashql({"run", "Query.book", "--args", R"({"id": "b1"})"});
  ASSERT_EQ(r.code, kOk) << r.err;
  // The root field's parent is the root value, as when served.
  EXPECT_TRUE(has(r.out, "Query.book (Query.book.yaml)\n")) << r.out;
  EXPECT_TRUE(has(r.out, "\n  1      function.find_book  ")) << r.out;
  EXPECT_TRUE(has(r.out, R"(with    {"id":"b1"})")) << r.out;
  EXPECT_TRUE(has(r.out, "\n    1.1  filter  ")) << r.out;
  EXPECT_TRUE(has(r.out, R"(where   "item.id == args.id")")) << r.out;
  EXPECT_TRUE(has(r.out, R"(result  {"__typename":"Book","id":"b1","title":)")) << r.out;
  EXPECT_TRUE(has(r.out, "2 steps ran in ")) << r.out;
}

TEST(RunCommand, JsonGivesEveryStepWhole) {
  Outcome r = stashql({"run", "Query.book", "--args", R"({"id": "b1"})", "--json"});
  ASSERT_EQ(r.code, kOk) << r.err;
  auto parsed = parse_json(r.out);
  ASSERT_TRUE(parsed.has_value()) << r.out;
  EXPECT_EQ(parsed->find("field")->as_string(), "Query.book");
  EXPECT_EQ(parsed->find("dry")->as_bool(), false);
  const List& steps = parsed->find("steps")->as_list();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].find("step")->as_string(), "1");
  EXPECT_EQ(steps[0].find("use")->as_string(), "function.find_book");
  EXPECT_EQ(steps[1].find("step")->as_string(), "1.1");
  EXPECT_EQ(steps[1].find("status")->as_string(), "ran");
  EXPECT_TRUE(steps[1].find("ms")->is_number());
  EXPECT_EQ(parsed->find("result")->find("id")->as_string(), "b1");
  EXPECT_TRUE(parsed->find("errors")->as_list().empty());
}

TEST(RunCommand, ArgumentsAreCoercedAndDefaultsApply) {
  // Query.books(first: Int = 10 …): an ID given as a number is coerced; defaults fill the rest.
  Outcome r = stashql({"run", "Query.book", "--args", R"({"id": 1})", "--json"});
  ASSERT_EQ(r.code, kOk) << r.err;
  EXPECT_TRUE(has(r.out, R"("with": {
          "id": "1")"))
      << r.out;
}

TEST(RunCommand, SkippedAndNotReachedStepsSayWhy) {
  Outcome r = stashql({"run", "Query.search", "--args", R"({"text": "x"})"});
  EXPECT_EQ(r.code, kResponseErrors) << r.err;
  EXPECT_TRUE(has(r.out, "failed")) << r.out;
  EXPECT_TRUE(has(r.out, "BadRequest: search for at least 2 characters")) << r.out;
  EXPECT_TRUE(has(r.out, "not reached: the pipeline ended at step 2")) << r.out;
  Outcome ok = stashql({"run", "Query.search", "--args", R"({"text": "dune"})"});
  EXPECT_EQ(ok.code, kOk) << ok.err;
  EXPECT_TRUE(has(ok.out, "skipped: if: size(stash.needle) < 2 was false")) << ok.out;
  EXPECT_TRUE(has(ok.out, "stash.needle  = \"dune\"")) << ok.out;
}

TEST(RunCommand, IdentityComesFromIdentityOrAJwt) {
  const std::string rate = R"({"id": "b1", "stars": 5})";
  Outcome anonymous = stashql({"run", "Mutation.rateBook", "--args", rate});
  EXPECT_EQ(anonymous.code, kResponseErrors);
  EXPECT_TRUE(has(anonymous.out, "Unauthorized")) << anonymous.out;
  Outcome given =
      stashql({"run", "Mutation.rateBook", "--args", rate, "--identity", R"({"sub": "u1"})"});
  EXPECT_EQ(given.code, kOk) << given.out << given.err;
  Outcome token = stashql({"run", "Mutation.rateBook", "--args", rate, "--jwt",
                           jwt(R"({"sub":"u1","username":"ada","groups":["readers"]})")});
  EXPECT_EQ(token.code, kOk) << token.out << token.err;
}

TEST(RunCommand, TheStashCanStartFilled) {
  Outcome r = stashql({"run", "Query.search", "--args", R"({"text": "dune"})", "--stash",
                       R"({"before": 1})", "--json"});
  ASSERT_EQ(r.code, kOk) << r.err;
  auto parsed = parse_json(r.out);
  ASSERT_TRUE(parsed.has_value());
  // The first step sets stash.needle; the stash given stays beside it.
  const Value& first = parsed->find("steps")->as_list().front();
  EXPECT_EQ(*first.find("stash"), *parse_json(R"({"needle": "dune"})"));
}

TEST(RunCommand, UsageErrorsExitTwoAndSayWhat) {
  auto expect_usage = [](std::vector<std::string> args, std::string_view message) {
    Outcome r = stashql(std::move(args));
    EXPECT_EQ(r.code, kBadUsage) << r.out;
    EXPECT_TRUE(has(r.err, message)) << r.err;
  };
  expect_usage({"run"}, "name the field whose pipeline to run");
  expect_usage({"run", "book"}, R"(book: must be "Type.field", not "book")");
  expect_usage({"run", "Query.bok"}, R"(type Query has no field "bok". Did you mean "book")");
  expect_usage({"run", "Quer.book"}, R"(Quer.book: the schema has no type "Quer")");
  expect_usage({"run", "Book.title"}, "Book.title has no pipeline");
  expect_usage({"run", "Query.book"}, R"(argument "id" of required type "ID!" was not provided)");
  expect_usage({"run", "Query.book", "--args", R"({"ide": "1"})"},
               R"(book has no argument "ide". Did you mean "id"?)");
  expect_usage({"run", "Query.book", "--args", "{"}, "--args is not JSON");
  expect_usage({"run", "Query.book", "--args", "[1]"}, "--args must be a JSON object");
  expect_usage({"run", "Query.book", "--identity", "{}", "--jwt", "a.b.c"},
               "--identity and --jwt exclude each other");
  expect_usage({"run", "Query.book", "--args", R"({"id": "b1"})", "--jwt", "abc"},
               "--jwt: a JWT has three parts");
  expect_usage({"run", "Query.book", "--args", R"({"id": "b1"})", "--headers", R"({"a": 1})"},
               R"(--headers: the value of "a" must be a string)");
  expect_usage({"run", "Query.book", "--color", "pink"}, "--color must be auto, always or never");
}

TEST(RunCommand, ColourOnlyWhenAsked) {
  const std::vector<std::string> base = {"run", "Query.book", "--args", R"({"id": "b1"})"};
  std::vector<std::string> always = base;
  always.insert(always.end(), {"--color", "always"});
  EXPECT_TRUE(has(stashql(always).out, "\x1b[")) << "colour asked for";
  EXPECT_FALSE(has(stashql(base).out, "\x1b[")) << "not a terminal";
}

TEST(JwtIdentity, ClaimsBecomeAnIdentity) {
  auto identity = identity_from_jwt(jwt(R"({"sub":"u1","cognito:username":"ada",)"
                                        R"("cognito:groups":["editors"],"exp":1})"));
  ASSERT_TRUE(identity.has_value()) << identity.error();
  EXPECT_EQ(to_json(*identity),
            R"({"sub":"u1","username":"ada","groups":["editors"],"claims":{"sub":"u1",)"
            R"("cognito:username":"ada","cognito:groups":["editors"],"exp":1}})");
  auto plain = identity_from_jwt(jwt(R"({"sub":"u2"})"));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->find("username")->as_string(), "u2");
  EXPECT_EQ(to_json(*plain->find("groups")), "[]");
}

TEST(JwtIdentity, MalformedTokensAreRefusedWithTheReason) {
  EXPECT_EQ(identity_from_jwt("a.b").error(),
            "a JWT has three parts separated by dots (header.claims.signature)");
  EXPECT_EQ(identity_from_jwt("a.!!.c").error(), "the claims (second part) are not base64url");
  EXPECT_EQ(identity_from_jwt("a." + base64_encode("[1]", Base64Alphabet::url) + ".c").error(),
            "the claims (second part) are not a JSON object");
  EXPECT_EQ(identity_from_jwt(jwt(R"({"name":"x"})")).error(),
            "the claims have no \"sub\" (the subject)");
}

TEST(TraceText, DurationsReadAsPeopleWrite) {
  using std::chrono::microseconds;
  EXPECT_EQ(format_duration(microseconds(410)), "0.41 ms");
  EXPECT_EQ(format_duration(microseconds(12'340)), "12.3 ms");
  EXPECT_EQ(format_duration(microseconds(1'204'000)), "1.20 s");
}

TEST(TraceText, LongResultsAreCutAtACharacterBoundary) {
  EXPECT_EQ(shortened_json(Value("abc"), 10), R"("abc")");
  EXPECT_EQ(shortened_json(Value("abcdefghij"), 6), R"("abcde…)");
  // "é" is two bytes: a cut inside it backs up to its start.
  EXPECT_EQ(shortened_json(Value("ééé"), 4), "\"é…");
}

}  // namespace
}  // namespace stashql::cli
