// set, return, fail and append_error: the steps that produce a value, end a pipeline early or
// report an error to the client.
#include "functions/core/core.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/functions/function_test_support.hpp"

namespace stashql::functions {
namespace {

using testing::build_step;
using testing::Built;
using testing::describe;
using ::testing::HasSubstr;
using testing::must_build;
using testing::Roots;
using ::testing::StartsWith;

// --- set -------------------------------------------------------------------------------------

TEST(Set, RendersAnObjectKeepingTheTypesOfSingleTemplates) {
  auto set = must_build(set_function(), R"(
value: { id: "{{ args.id }}", title: "Post {{ args.n }}", n: 3, tags: ["{{ args.tag }}"] }
)");
  Roots roots;
  roots.args(R"({"id": 7, "n": 2, "tag": "news"})");
  EXPECT_EQ(describe(roots.run(*set)), R"(next {"id":7,"title":"Post 2","n":3,"tags":["news"]})");
}

TEST(Set, ConstantValue) {
  auto set = must_build(set_function(), "value: [1, two, true, null]");
  Roots roots;
  EXPECT_EQ(describe(roots.run(*set)), R"(next [1,"two",true,null])");
}

TEST(Set, CopiesWhatItReadsSoTheResultOutlivesTheScope) {
  auto set = must_build(set_function(), R"(value: "{{ stash.user }}")");
  pipeline::StepOutcome outcome;
  {
    Roots roots;
    roots.stash(R"({"user": {"name": "ada"}})");
    outcome = roots.run(*set);
  }
  EXPECT_EQ(describe(outcome), R"(next {"name":"ada"})");
}

TEST(Set, ExplicitNullIsAValue) {
  auto set = must_build(set_function(), "value: null");
  Roots roots;
  roots.prev(R"([1])");
  EXPECT_EQ(describe(roots.run(*set)), "next null");
}

TEST(Set, ValueIsRequired) {
  Built built = build_step(set_function(), "other: 1");
  EXPECT_EQ(built.function, nullptr);
  ASSERT_EQ(built.errors.size(), 1U);
  EXPECT_THAT(built.errors[0], HasSubstr("step 1 (set) needs \"value\""));
}

TEST(Set, InvalidTemplateIsALoadError) {
  Built built = build_step(set_function(), R"(value: "{{ stash.user ")");
  EXPECT_EQ(built.function, nullptr);
  ASSERT_EQ(built.errors.size(), 1U);
  EXPECT_THAT(built.errors[0], StartsWith("step.yaml:1:"));
  EXPECT_THAT(built.errors[0], HasSubstr("invalid template"));
}

TEST(Set, EvaluationErrorIsARunTimeErrorNamingTheFunction) {
  auto set = must_build(set_function(), R"(value: "{{ stash.count.x }}")");
  Roots roots;
  roots.stash(R"({"count": 3})");
  pipeline::StepOutcome outcome = roots.run(*set);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("value: "));
  EXPECT_THAT(outcome.failure.message, HasSubstr("stash.count.x"));
}

// --- return ----------------------------------------------------------------------------------

TEST(Return, DefaultsToThePreviousResult) {
  auto ret = must_build(return_function(), "{}");
  Roots roots;
  roots.prev(R"({"cached": true})");
  EXPECT_EQ(describe(roots.run(*ret)), R"(finish {"cached":true})");
}

TEST(Return, WithNoPreviousResultReturnsNull) {
  auto ret = must_build(return_function(), "{}");
  Roots roots;
  EXPECT_EQ(describe(roots.run(*ret)), "finish null");
}

TEST(Return, RendersItsValue) {
  auto ret = must_build(return_function(), R"(value: { hit: "{{ stash.cache }}" })");
  Roots roots;
  roots.stash(R"({"cache": [1, 2]})").prev("0");
  EXPECT_EQ(describe(roots.run(*ret)), R"(finish {"hit":[1,2]})");
}

TEST(Return, ValueNullReturnsNullNotThePreviousResult) {
  auto ret = must_build(return_function(), "value: null");
  Roots roots;
  roots.prev("5");
  EXPECT_EQ(describe(roots.run(*ret)), "finish null");
}

TEST(Return, EvaluationErrorIsARunTimeError) {
  auto ret = must_build(return_function(), R"(value: "{{ stash.s.x }}")");
  Roots roots;
  roots.stash(R"({"s": "text"})");
  pipeline::StepOutcome outcome = roots.run(*ret);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("value: "));
}

// --- fail ------------------------------------------------------------------------------------

TEST(Fail, FailsWithTheRenderedMessageAndTheTypeAsCode) {
  auto fail = must_build(fail_function(), R"(
error: { type: NotFound, message: "no profile for {{ identity.username }}" }
)");
  Roots roots;
  roots.identity(R"({"sub": "u1", "username": "ada"})");
  EXPECT_EQ(describe(roots.run(*fail)), R"(fail no profile for ada {"code":"NotFound"})");
  EXPECT_TRUE(roots.errors.empty());
}

TEST(Fail, TypeDefaultsToError) {
  auto fail = must_build(fail_function(), "error: { message: boom }");
  Roots roots;
  EXPECT_EQ(describe(roots.run(*fail)), R"(fail boom {"code":"Error"})");
}

TEST(Fail, DataGoesIntoTheExtensions) {
  auto fail = must_build(fail_function(), R"(
error:
  type: QuotaExceeded
  message: "quota of {{ stash.max }} posts reached"
  data: { max: "{{ stash.max }}", used: "{{ stash.used }}" }
)");
  Roots roots;
  roots.stash(R"({"max": 10, "used": 11})");
  EXPECT_EQ(
      describe(roots.run(*fail)),
      R"(fail quota of 10 posts reached {"code":"QuotaExceeded","data":{"max":10,"used":11}})");
}

TEST(Fail, MessageThatIsNotAStringIsWrittenAsText) {
  auto number = must_build(fail_function(), R"(error: { message: "{{ stash.n }}" })");
  auto object = must_build(fail_function(), R"(error: { message: "{{ stash.o }}" })");
  auto null = must_build(fail_function(), R"(error: { message: "{{ stash.missing }}" })");
  Roots roots;
  roots.stash(R"({"n": 42, "o": {"a": [1, true]}})");
  EXPECT_EQ(roots.run(*number).failure.message, "42");
  EXPECT_EQ(roots.run(*object).failure.message, R"({"a":[1,true]})");
  EXPECT_EQ(roots.run(*null).failure.message, "");
}

TEST(Fail, ErrorIsRequired) {
  Built built = build_step(fail_function(), "message: boom");
  EXPECT_EQ(built.function, nullptr);
  ASSERT_EQ(built.errors.size(), 1U);
  EXPECT_THAT(built.errors[0], HasSubstr("step 1 (fail) needs \"error\""));
}

TEST(Fail, ErrorMustBeAMapping) {
  Built built = build_step(fail_function(), "error: boom");
  EXPECT_EQ(built.function, nullptr);
  ASSERT_EQ(built.errors.size(), 1U);
  EXPECT_THAT(built.errors[0], HasSubstr("step 1 (fail): error must be a mapping"));
}

TEST(Fail, MessageIsRequired) {
  Built built = build_step(fail_function(), "error: { type: NotFound }");
  EXPECT_EQ(built.function, nullptr);
  ASSERT_EQ(built.errors.size(), 1U);
  EXPECT_THAT(built.errors[0], HasSubstr("needs \"message\""));
}

TEST(Fail, UnknownKeyInErrorIsReported) {
  Built built = build_step(fail_function(), "error: { message: m, code: NotFound }");
  EXPECT_EQ(built.function, nullptr);
  ASSERT_EQ(built.errors.size(), 1U);
  EXPECT_THAT(built.errors[0], HasSubstr("unknown key \"code\""));
}

TEST(Fail, TypeMustBeAName) {
  Built built = build_step(fail_function(), R"(error: { type: "not found", message: m })");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_EQ(built.error_text(),
            "step.yaml:1:16: step 1 (fail): error: type: must be a name such as NotFound, not "
            "\"not found\"");
}

TEST(Fail, TypeIsNotATemplate) {
  Built built = build_step(fail_function(), R"(error: { type: "{{ args.t }}", message: m })");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("must be a name such as NotFound"));
}

TEST(Fail, EveryProblemIsReportedAtOnce) {
  Built built = build_step(fail_function(), R"(error: { type: "a b", data: "{{ x" })");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_EQ(built.errors.size(), 3U) << built.error_text();
}

TEST(Fail, EvaluationErrorInTheMessageIsARunTimeError) {
  auto fail = must_build(fail_function(), R"(error: { message: "{{ stash.n.x }}" })");
  Roots roots;
  roots.stash(R"({"n": 1})");
  pipeline::StepOutcome outcome = roots.run(*fail);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("error.message: "));
}

TEST(Fail, EvaluationErrorInTheDataIsARunTimeError) {
  auto fail = must_build(fail_function(), R"(error: { message: m, data: "{{ stash.n.x }}" })");
  Roots roots;
  roots.stash(R"({"n": 1})");
  pipeline::StepOutcome outcome = roots.run(*fail);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("error.data: "));
}

// --- append_error ----------------------------------------------------------------------------

TEST(AppendError, AddsTheErrorAndGoesOn) {
  auto append = must_build(append_error_function(), R"(
error: { type: Stale, message: "cache is {{ stash.age }}s old", data: { age: "{{ stash.age }}" } }
)");
  Roots roots;
  roots.stash(R"({"age": 90})").prev(R"([1])");
  EXPECT_EQ(describe(roots.run(*append)), "keep");
  ASSERT_EQ(roots.errors.size(), 1U);
  EXPECT_EQ(roots.errors[0].message, "cache is 90s old");
  EXPECT_EQ(to_json(roots.errors[0].extensions), R"({"code":"Stale","data":{"age":90}})");
}

TEST(AppendError, EachRunAddsOneMore) {
  auto append = must_build(append_error_function(), "error: { message: partial }");
  Roots roots;
  roots.run(*append);
  roots.run(*append);
  ASSERT_EQ(roots.errors.size(), 2U);
  EXPECT_EQ(to_json(roots.errors[1].extensions), R"({"code":"Error"})");
}

TEST(AppendError, WithNowhereToAddItStillGoesOn) {
  auto append = must_build(append_error_function(), "error: { message: partial }");
  pipeline::StepContext context;  // errors == nullptr
  EXPECT_EQ(describe(append->run(context)), "keep");
}

TEST(AppendError, ErrorIsRequired) {
  Built built = build_step(append_error_function(), "{}");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("step 1 (append_error) needs \"error\""));
}

TEST(AppendError, EvaluationErrorAddsNothing) {
  auto append = must_build(append_error_function(), R"(error: { message: "{{ stash.n.x }}" })");
  Roots roots;
  roots.stash(R"({"n": 1})");
  pipeline::StepOutcome outcome = roots.run(*append);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("error.message: "));
  EXPECT_TRUE(roots.errors.empty());
}

}  // namespace
}  // namespace stashql::functions
