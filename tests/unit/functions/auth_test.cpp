// auth: who may go past the step — signed in, groups, allowed and denied subjects, owners,
// API keys — and the error everyone else gets.
#include <memory>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stashql/resolver.hpp>
#include <stashql/schema.hpp>

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
using ::testing::StartsWith;

constexpr std::string_view kDenied =
    R"(fail Not Authorized to access Query.posts {"code":"Unauthorized"})";
constexpr std::string_view kAda =
    R"({"sub": "u-1", "username": "ada", "groups": ["editors", "staff"], "claims": {}})";
constexpr std::string_view kBob = R"({"sub": "u-2", "username": "bob", "groups": []})";
constexpr std::string_view kCiKey = R"({"apiKey": "ci"})";

// The field being resolved, as the executor describes it to a resolver.
struct FieldUnderTest {
  std::shared_ptr<const Schema> schema;
  ast::Selection selection;
  Value source;
  Value args = Object{};
  Value variables = Object{};
  PathSegment path;
  std::unique_ptr<ResolveInfo> info;

  FieldUnderTest(std::string_view type, std::string_view field) {
    auto built = Schema::build({SdlSource{"test.graphql", R"(
type Query { posts: [String] }
type Mutation { createPost(title: String): String }
)"}});
    if (!built) {
      ADD_FAILURE() << built.error().front().format();
      return;
    }
    schema = *built;
    const Type* parent = schema->type(type);
    selection.name.value = std::string(field);
    path.key = selection.name.value;
    info = std::make_unique<ResolveInfo>(ResolveInfo{*schema, *parent, *parent->field(field),
                                                     selection, source, args, variables, path,
                                                     nullptr});
  }
};

std::string check(std::string_view step, std::string_view identity, std::string_view stash = "{}") {
  auto auth = must_build(auth_function(), step);
  if (auth == nullptr) return "not built";
  FieldUnderTest field("Query", "posts");
  Roots roots;
  roots.identity(identity).stash(stash).prev(R"("kept")");
  roots.info = field.info.get();
  return describe(roots.run(*auth));
}

TEST(Auth, SignedInPassesWithNoRules) {
  EXPECT_EQ(check("{}", kAda), "keep");
}

TEST(Auth, AnonymousFailsByDefault) {
  EXPECT_EQ(check("{}", "null"), kDenied);
}

TEST(Auth, SignedInFalseLetsAnonymousThrough) {
  EXPECT_EQ(check("signedIn: false", "null"), "keep");
  EXPECT_EQ(check("signedIn: false", kAda), "keep");
}

TEST(Auth, SignedInTrueIsTheDefault) {
  EXPECT_EQ(check("signedIn: true", "null"), kDenied);
}

TEST(Auth, GroupsAnyOf) {
  EXPECT_EQ(check("groups: [admins, editors]", kAda), "keep");
  EXPECT_EQ(check("groups: editors", kAda), "keep");
  EXPECT_EQ(check("groups: [admins, editors]", kBob), kDenied);
}

TEST(Auth, GroupsWithoutAGroupsListFail) {
  EXPECT_EQ(check("groups: editors", R"({"sub": "u-3"})"), kDenied);
  EXPECT_EQ(check("groups: editors", R"({"sub": "u-3", "groups": "editors"})"), kDenied);
}

TEST(Auth, AllowMatchesSubOrUsername) {
  EXPECT_EQ(check("allow: [ada]", kAda), "keep");
  EXPECT_EQ(check("allow: u-1", kAda), "keep");
  EXPECT_EQ(check("allow: [ada]", kBob), kDenied);
}

TEST(Auth, DenyWinsOverEverything) {
  EXPECT_EQ(check("{deny: ada, groups: editors, allow: ada}", kAda), kDenied);
  EXPECT_EQ(check("deny: [u-1]", kAda), kDenied);
}

TEST(Auth, DenyAloneLetsOthersThrough) {
  EXPECT_EQ(check("deny: [ada]", kBob), "keep");
}

TEST(Auth, DenyDoesNotLetAnonymousThrough) {
  EXPECT_EQ(check("deny: [ada]", "null"), kDenied);
  EXPECT_EQ(check("{deny: [ada], signedIn: false}", "null"), "keep");
}

TEST(Auth, OwnerMatchesUsernameOrSub) {
  EXPECT_EQ(check("owner: stash.post.userId", kAda, R"({"post": {"userId": "ada"}})"), "keep");
  EXPECT_EQ(check("owner: stash.post.userId", kAda, R"({"post": {"userId": "u-1"}})"), "keep");
  EXPECT_EQ(check("owner: stash.post.userId", kBob, R"({"post": {"userId": "ada"}})"), kDenied);
}

TEST(Auth, OwnerMayBeATemplate) {
  EXPECT_EQ(check(R"(owner: "{{ stash.post.userId }}")", kAda, R"({"post": {"userId": "ada"}})"),
            "keep");
}

TEST(Auth, MissingOwnerBelongsToNobody) {
  EXPECT_EQ(check("owner: stash.post.userId", kAda, "{}"), kDenied);
  EXPECT_EQ(check("owner: stash.post.userId", R"({"apiKey": "ci"})", "{}"), kDenied);
}

TEST(Auth, OwnerOfAnotherKindDoesNotMatch) {
  EXPECT_EQ(check("owner: stash.post.userId", R"({"sub": "1"})", R"({"post": {"userId": 1}})"),
            kDenied);
}

TEST(Auth, AnyOfTheGrantsIsEnough) {
  const std::string_view step = "{groups: admins, allow: bob, owner: stash.post.userId}";
  EXPECT_EQ(check(step, kBob, "{}"), "keep");                                     // allow
  EXPECT_EQ(check(step, kAda, R"({"post": {"userId": "ada"}})"), "keep");         // owner
  EXPECT_EQ(check(step, kAda, R"({"post": {"userId": "bob"}})"), kDenied);        // none
  EXPECT_EQ(check(step, R"({"sub": "x", "groups": ["admins"]})", "{}"), "keep");  // groups
}

TEST(Auth, ApiKeyTrueAcceptsAnyKey) {
  EXPECT_EQ(check("apiKey: true", kCiKey), "keep");
  EXPECT_EQ(check("apiKey: true", kAda), kDenied);
}

TEST(Auth, ApiKeyNames) {
  EXPECT_EQ(check("apiKey: ci", kCiKey), "keep");
  EXPECT_EQ(check("apiKey: [deploy, ci]", kCiKey), "keep");
  EXPECT_EQ(check("apiKey: [deploy]", kCiKey), kDenied);
}

TEST(Auth, ApiKeyFalseIsTheSameAsNoRule) {
  EXPECT_EQ(check("apiKey: false", kAda), "keep");
  EXPECT_EQ(check("apiKey: false", kCiKey), "keep");
}

TEST(Auth, ApiKeyOrGroup) {
  EXPECT_EQ(check("{apiKey: ci, groups: editors}", kAda), "keep");
  EXPECT_EQ(check("{apiKey: ci, groups: editors}", kCiKey), "keep");
  EXPECT_EQ(check("{apiKey: ci, groups: editors}", kBob), kDenied);
}

TEST(Auth, AnonymousNeverMatchesAGrant) {
  EXPECT_EQ(check("{signedIn: false, groups: editors}", "null"), kDenied);
  EXPECT_EQ(check("{signedIn: false, apiKey: true}", "null"), kDenied);
}

TEST(Auth, FailureNamesTheFieldBeingResolved) {
  // Inside a reusable function the message names the field that called it.
  Built built = build_step(auth_function(), "groups: admins", "function.load_post");
  ASSERT_NE(built.function, nullptr) << built.error_text();
  FieldUnderTest field("Mutation", "createPost");
  Roots roots;
  roots.identity(kBob);
  roots.info = field.info.get();
  EXPECT_EQ(describe(roots.run(*built.function)),
            R"(fail Not Authorized to access Mutation.createPost {"code":"Unauthorized"})");
}

TEST(Auth, WithoutAFieldTheMessageNamesThePipeline) {
  Built built = build_step(auth_function(), "{}", "Query.posts");
  ASSERT_NE(built.function, nullptr) << built.error_text();
  Roots roots;
  EXPECT_EQ(describe(roots.run(*built.function)), kDenied);
}

TEST(Auth, EvaluationErrorInOwnerIsARunTimeError) {
  auto auth = must_build(auth_function(), "owner: stash.post.userId");
  Roots roots;
  roots.identity(kAda).stash(R"({"post": "text"})");
  pipeline::StepOutcome outcome = roots.run(*auth);
  EXPECT_EQ(outcome.flow, pipeline::StepOutcome::Flow::error);
  EXPECT_THAT(outcome.failure.message, StartsWith("owner: "));
}

TEST(Auth, OwnerIsOnlyEvaluatedWhenNoOtherGrantMatched) {
  // The owner path would fail on this stash; the group matches first.
  EXPECT_EQ(check("{groups: editors, owner: stash.post.userId}", kAda, R"({"post": "text"})"),
            "keep");
}

TEST(Auth, SignedInMustBeABoolean) {
  Built built = build_step(auth_function(), "signedIn: maybe");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("signedIn"));
}

TEST(Auth, ApiKeyMustBeABooleanOrNames) {
  for (const char* yaml : {"apiKey: 3", "apiKey: null", R"(apiKey: "{{ args.key }}")", "apiKey: []",
                           "apiKey: [ci, 2]", "apiKey: {a: b}"}) {
    Built built = build_step(auth_function(), yaml);
    EXPECT_EQ(built.function, nullptr) << yaml;
    EXPECT_THAT(built.error_text(),
                HasSubstr("step 1 (auth): apiKey: must be true, false, an API key name or a "
                          "list of them"))
        << yaml;
  }
}

TEST(Auth, GroupsMustBeNames) {
  Built built = build_step(auth_function(), "groups: {a: b}");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("groups"));
}

TEST(Auth, InvalidOwnerIsALoadError) {
  Built built = build_step(auth_function(), "owner: stash.post.");
  EXPECT_EQ(built.function, nullptr);
  EXPECT_THAT(built.error_text(), HasSubstr("invalid expression in step 1 (auth): owner"));
}

}  // namespace
}  // namespace stashql::functions
