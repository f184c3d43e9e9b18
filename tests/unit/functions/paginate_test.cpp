// paginate: pages of a list with an opaque, checked nextToken.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "functions/core/core.hpp"
#include "unit/functions/function_test_support.hpp"

namespace stashql::functions {
namespace {

using testing::build_step;
using testing::Built;
using testing::describe;
using ::testing::HasSubstr;
using testing::must_build;
using testing::Roots;

constexpr std::string_view kStep = R"(
items: "{{ stash.all }}"
limit: "{{ args.limit }}"
nextToken: "{{ args.nextToken }}"
)";

// [0, 1, …, n-1] as JSON.
std::string numbers(int n) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ',';
    out += std::to_string(i);
  }
  return out + "]";
}

std::string page(std::string_view step, int count, std::string_view args_json) {
  auto paginate = must_build(paginate_function(), step);
  if (paginate == nullptr) return "not built";
  Roots roots;
  roots.stash(R"({"all": )" + numbers(count) + "}").args(args_json);
  return describe(roots.run(*paginate));
}

TEST(Paginate, FirstPageAndItsToken) {
  // The token is base64url, without padding, of "p1:<offset>".
  EXPECT_EQ(page(kStep, 5, R"({"limit": 2})"), R"(next {"items":[0,1],"nextToken":"cDE6Mg"})");
}

TEST(Paginate, TheTokenGivesTheNextPage) {
  EXPECT_EQ(page(kStep, 5, R"({"limit": 2, "nextToken": "cDE6Mg"})"),
            R"(next {"items":[2,3],"nextToken":"cDE6NA"})");
}

TEST(Paginate, LastPageHasANullToken) {
  EXPECT_EQ(page(kStep, 5, R"({"limit": 2, "nextToken": "cDE6NA"})"),
            R"(next {"items":[4],"nextToken":null})");
}

TEST(Paginate, APageThatEndsExactlyAtTheEndHasANullToken) {
  EXPECT_EQ(page(kStep, 4, R"({"limit": 2, "nextToken": "cDE6Mg"})"),
            R"(next {"items":[2,3],"nextToken":null})");
}

TEST(Paginate, WalkingThePagesGivesEveryItemOnce) {
  auto paginate = must_build(paginate_function(), kStep);
  ASSERT_NE(paginate, nullptr);
  std::string collected;
  Value token;
  int pages = 0;
  do {
    Value args = Object{};
    args["limit"] = 7;
    args["nextToken"] = token;
    Roots roots;
    roots.stash(R"({"all": )" + numbers(30) + "}").args(to_json(args));
    pipeline::StepOutcome outcome = roots.run(*paginate);
    ASSERT_EQ(outcome.flow, pipeline::StepOutcome::Flow::next) << describe(outcome);
    for (const Value& v : outcome.value.find("items")->as_list())
      collected += to_json(v) + ",";
    token = *outcome.value.find("nextToken");
    ++pages;
  } while (!token.is_null() && pages < 100);
  EXPECT_EQ(pages, 5);
  std::string expected = numbers(30).substr(1);
  expected.back() = ',';
  EXPECT_EQ(collected, expected);
}

TEST(Paginate, LimitDefaultsToTwenty) {
  auto paginate = must_build(paginate_function(), "{}");
  Roots roots;
  roots.prev(numbers(25));
  pipeline::StepOutcome outcome = roots.run(*paginate);
  EXPECT_EQ(outcome.value.find("items")->as_list().size(), 20U);
  EXPECT_EQ(to_json(*outcome.value.find("nextToken")), R"("cDE6MjA")");
}

TEST(Paginate, NullLimitMeansTheDefault) {
  auto paginate = must_build(paginate_function(), kStep);
  Roots roots;
  roots.stash(R"({"all": )" + numbers(25) + "}").args(R"({"limit": null})");
  EXPECT_EQ(roots.run(*paginate).value.find("items")->as_list().size(), 20U);
}

TEST(Paginate, DefaultLimitIsCappedByMaxLimit) {
  EXPECT_EQ(page("maxLimit: 3\nitems: \"{{ stash.all }}\"", 5, "{}"),
            R"(next {"items":[0,1,2],"nextToken":"cDE6Mw"})");
}

TEST(Paginate, LimitUpToMaxLimitIsAllowed) {
  auto paginate = must_build(paginate_function(), kStep);
  Roots roots;
  roots.stash(R"({"all": )" + numbers(150) + "}").args(R"({"limit": 100})");
  EXPECT_EQ(roots.run(*paginate).value.find("items")->as_list().size(), 100U);
}

TEST(Paginate, LimitAboveMaxLimitIsABadRequest) {
  EXPECT_EQ(page(kStep, 5, R"({"limit": 101})"),
            R"(fail limit must be between 0 and 100 {"code":"BadRequest"})");
}

TEST(Paginate, NegativeLimitIsABadRequest) {
  EXPECT_EQ(page(kStep, 5, R"({"limit": -1})"),
            R"(fail limit must be between 0 and 100 {"code":"BadRequest"})");
}

TEST(Paginate, LimitThatIsNotANumberIsABadRequest) {
  EXPECT_EQ(page(kStep, 5, R"({"limit": "ten"})"),
            R"(fail limit must be between 0 and 100 {"code":"BadRequest"})");
  EXPECT_EQ(page(kStep, 5, R"({"limit": 2.5})"),
            R"(fail limit must be between 0 and 100 {"code":"BadRequest"})");
}

TEST(Paginate, WholeDecimalLimitIsAccepted) {
  EXPECT_EQ(page(kStep, 5, R"({"limit": 1.0})"), R"(next {"items":[0],"nextToken":"cDE6MQ"})");
}

TEST(Paginate, MaxLimitSetsTheBound) {
  std::string step = std::string(kStep) + "maxLimit: 5\n";
  EXPECT_EQ(page(step, 9, R"({"limit": 6})"),
            R"(fail limit must be between 0 and 5 {"code":"BadRequest"})");
  EXPECT_EQ(page(step, 9, R"({"limit": 5})"), R"(next {"items":[0,1,2,3,4],"nextToken":"cDE6NQ"})");
}

TEST(Paginate, LimitZeroGivesNoItemsAndKeepsThePlace) {
  EXPECT_EQ(page(kStep, 5, R"({"limit": 0, "nextToken": "cDE6Mg"})"),
            R"(next {"items":[],"nextToken":"cDE6Mg"})");
}

TEST(Paginate, ConstantLimit) {
  EXPECT_EQ(page("items: \"{{ stash.all }}\"\nlimit: 1", 3, "{}"),
            R"(next {"items":[0],"nextToken":"cDE6MQ"})");
}

TEST(Paginate, EmptyTokenIsTheFirstPage) {
  EXPECT_EQ(page(kStep, 3, R"({"limit": 2, "nextToken": ""})"),
            R"(next {"items":[0,1],"nextToken":"cDE6Mg"})");
}

TEST(Paginate, TokenPastTheEndGivesAnEmptyLastPage) {
  // "cDE6MTAw" is offset 100.
  EXPECT_EQ(page(kStep, 5, R"({"limit": 2, "nextToken": "cDE6MTAw"})"),
            R"(next {"items":[],"nextToken":null})");
}

TEST(Paginate, GarbageTokenIsABadRequest) {
  EXPECT_EQ(page(kStep, 5, R"({"nextToken": "not a token"})"),
            R"(fail invalid nextToken {"code":"BadRequest"})");
}

TEST(Paginate, TamperedTokensAreBadRequests) {
  for (const char* token : {
           "cDE6Mw==",  // padded
           "cDE6MjB",   // the same offset with stray bits
           "cDE6LTE",   // p1:-1
           "cDE6MDU",   // p1:05
           "eDE6NQ",    // x1:5: another version
           "cDE6",      // p1: with no offset
           "cDE6Mg.",   // a character outside base64url
       }) {
    EXPECT_EQ(page(kStep, 5, std::string(R"({"nextToken": ")") + token + R"("})"),
              R"(fail invalid nextToken {"code":"BadRequest"})")
        << token;
  }
}

TEST(Paginate, TokenThatIsNotAStringIsABadRequest) {
  EXPECT_EQ(page(kStep, 5, R"({"nextToken": 2})"),
            R"(fail invalid nextToken {"code":"BadRequest"})");
}

TEST(Paginate, EvaluationErrorsNameTheirKey) {
  auto limit = must_build(paginate_function(), R"(limit: "{{ args.page.size }}")");
  auto token = must_build(paginate_function(), R"(nextToken: "{{ args.page.token }}")");
  Roots roots;
  roots.args(R"({"page": "first"})").prev("[1]");
  pipeline::StepOutcome outcome = roots.run(*limit);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, ::testing::StartsWith("limit: "));
  outcome = roots.run(*token);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, ::testing::StartsWith("nextToken: "));
}

TEST(Paginate, ItemsDefaultToThePreviousResult) {
  auto paginate = must_build(paginate_function(), "limit: 1");
  Roots roots;
  roots.prev(R"(["a", "b"])");
  EXPECT_EQ(describe(roots.run(*paginate)), R"(next {"items":["a"],"nextToken":"cDE6MQ"})");
}

TEST(Paginate, NullItemsGiveAnEmptyPage) {
  auto paginate = must_build(paginate_function(), "{}");
  Roots roots;
  EXPECT_EQ(describe(roots.run(*paginate)), R"(next {"items":[],"nextToken":null})");
}

TEST(Paginate, ItemsThatAreNotAListAreAnError) {
  auto paginate = must_build(paginate_function(), "{}");
  Roots roots;
  roots.prev(R"({"items": []})");
  EXPECT_EQ(describe(roots.run(*paginate)), "error items must be a list, got an object");
}

TEST(Paginate, MaxLimitMustBeBetween1And10000) {
  for (const char* yaml : {"maxLimit: 0", "maxLimit: 10001", "maxLimit: many"}) {
    Built built = build_step(paginate_function(), yaml);
    EXPECT_EQ(built.function, nullptr) << yaml;
    EXPECT_THAT(built.error_text(), HasSubstr("maxLimit")) << yaml;
  }
  EXPECT_NE(build_step(paginate_function(), "maxLimit: 10000").function, nullptr);
}

TEST(Paginate, ConstantLimitOutOfRangeIsALoadError) {
  Built built = build_step(paginate_function(), "limit: 500");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_EQ(built.error_text(),
            "step.yaml:1:8: step 1 (paginate): limit: must be an integer between 0 and 100 "
            "(maxLimit)");
}

TEST(Paginate, ConstantLimitIsCheckedAgainstItsMaxLimit) {
  EXPECT_NE(build_step(paginate_function(), "{limit: 500, maxLimit: 1000}").function, nullptr);
  EXPECT_EQ(build_step(paginate_function(), "{limit: 50, maxLimit: 10}").function, nullptr);
}

}  // namespace
}  // namespace stashql::functions
