// The stash-passing runtime, through the GraphQL engine, on the test app in apps/orders:
// steps chained over the stash, early return, failure with a code, partial errors, run-time
// errors naming the file and step, functions sharing the stash, auth over the identity, the
// info and headers roots, and pipelines run for each item of a list.
#include <gtest/gtest.h>

#include <stashql/app.hpp>
#include <stashql/engine.hpp>
#include <stashql/json.hpp>

#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

class TestContext final : public RequestContext {
 public:
  explicit TestContext(Value identity, Value headers = {})
      : identity_(std::move(identity)), headers_(std::move(headers)) {}
  const Value& identity() const override { return identity_; }
  const Value& headers() const override { return headers_; }

 private:
  Value identity_;
  Value headers_;
};

Value json(std::string_view text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v.has_value() ? std::move(*v) : Value{};
}

class Runtime : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto app = load_app(std::string(STASHQL_TEST_DATA) + "/unit/pipeline/apps/orders/stashql.yaml",
                        test_support::env_of({}));
    ASSERT_TRUE(app.has_value()) << test_support::formatted(app.error())[0];
    config_ = app->engine;
  }
  static void TearDownTestSuite() { config_.reset(); }

  // The response to `query` as a Value.
  static Value run(std::string_view query, Value identity = {}, Value headers = {},
                   const char* variables = nullptr) {
    Engine engine(config_);
    TestContext context(std::move(identity), std::move(headers));
    Value vars = variables != nullptr ? json(variables) : Value{};
    GraphQLRequest request{query, {}, variables != nullptr ? &vars : nullptr};
    std::string out;
    engine.run(request, &context, out);
    return json(out);
  }

  static std::shared_ptr<const EngineConfig> config_;
};

std::shared_ptr<const EngineConfig> Runtime::config_;

TEST_F(Runtime, ChainsStepsOverTheStashAndCallsAFunction) {
  EXPECT_EQ(run(R"({ order(id: "o1") { id status lineCount lines { sku } } })"),
            json(R"({"data": {"order": {"id": "o1", "status": "open", "lineCount": 4,
                     "lines": [{"sku": "pen"}, {"sku": "book"}]}}})"));
}

TEST_F(Runtime, ReturnEndsThePipelineEarlyWithItsValue) {
  EXPECT_EQ(run(R"({ order(id: "nope") { id } })"), json(R"({"data": {"order": null}})"));
}

TEST_F(Runtime, FailStopsThePipelineWithTheErrorTypeAsCode) {
  EXPECT_EQ(run(R"({ order(id: "o2") { id } })"),
            json(R"({"errors": [{"message": "order o2 is blocked",
                                 "locations": [{"line": 1, "column": 3}], "path": ["order"],
                                 "extensions": {"code": "Forbidden", "data": {"id": "o2"}}}],
                     "data": {"order": null}})"));
}

TEST_F(Runtime, FilterSortAndPaginateWithAnOpaqueNextToken) {
  const Value first = run(R"({ orders(status: "open", first: 1) { items { id } nextToken } })");
  const Value* page = first.find("data")->find("orders");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(*page->find("items"), json(R"([{"id": "o1"}])"));
  ASSERT_TRUE(page->find("nextToken")->is_string());
  const std::string token = page->find("nextToken")->as_string();
  EXPECT_EQ(token.find("o1"), std::string::npos);

  const std::string next = R"({ orders(status: "open", first: 1, after: ")" + token +
                           R"(") { items { id } nextToken } })";
  EXPECT_EQ(run(next),
            json(R"({"data": {"orders": {"items": [{"id": "o3"}], "nextToken": null}}})"));
}

TEST_F(Runtime, AnInvalidNextTokenIsABadRequest) {
  const Value r = run(R"({ orders(after: "garbage") { items { id } } })");
  ASSERT_NE(r.find("errors"), nullptr) << to_json(r);
  const Value& error = r.find("errors")->as_list()[0];
  EXPECT_EQ(*error.find("extensions")->find("code"), Value("BadRequest"));
  EXPECT_EQ(*r.find("data"), Value());  // orders is non-null: the null reaches data
}

TEST_F(Runtime, ListItemsEachRunTheirFieldsPipeline) {
  EXPECT_EQ(run(R"({ orders { items { summary } } })"), json(R"({"data": {"orders": {"items": [
                  {"summary": "o4 at items: 1 line(s), 99"},
                  {"summary": "o1 at items: 2 line(s), 30.5"},
                  {"summary": "o2 at items: 1 line(s), 12"},
                  {"summary": "o3 at items: 1 line(s), 7"}]}}})"));
}

TEST_F(Runtime, RunTimeErrorsNameTheFileAndStep) {
  const Value r = run("{ broken(n: 5) }");
  ASSERT_NE(r.find("errors"), nullptr) << to_json(r);
  const Value& error = r.find("errors")->as_list()[0];
  const std::string& message = error.find("message")->as_string();
  EXPECT_TRUE(message.starts_with("Query.broken.yaml step 2 (set) if: ")) << message;
  EXPECT_NE(message.find("cannot compare"), std::string::npos) << message;
  EXPECT_EQ(*error.find("extensions"),
            json(R"({"code": "PipelineError", "pipeline": "Query.broken", "step": 2, "line": 6})"));
  EXPECT_EQ(*r.find("data"), json(R"({"broken": null})"));
}

TEST_F(Runtime, AppendErrorKeepsTheValueAndAddsAnError) {
  EXPECT_EQ(run("{ partial }"),
            json(R"({"errors": [{"message": "c is missing", "locations": [{"line": 1, "column": 3}],
                                 "path": ["partial"], "extensions": {"code": "Degraded"}}],
                     "data": {"partial": ["a", "b"]}})"));
}

TEST_F(Runtime, AuthNeedsASignedInIdentity) {
  EXPECT_EQ(run("{ me { sub } }"),
            json(R"({"errors": [{"message": "Not Authorized to access Query.me",
                                 "locations": [{"line": 1, "column": 3}], "path": ["me"],
                                 "extensions": {"code": "Unauthorized"}}],
                     "data": {"me": null}})"));
  EXPECT_EQ(run("{ me { sub groups } }", json(R"({"sub": "u1", "groups": ["staff"]})")),
            json(R"({"data": {"me": {"sub": "u1", "groups": ["staff"]}}})"));
}

TEST_F(Runtime, AuthGroupsAnyOfAndDenyWins) {
  const Value staff = json(R"({"sub": "u2", "username": "ann", "groups": ["readers", "staff"]})");
  EXPECT_EQ(run("{ whoami }", staff), json(R"({"data": {"whoami": "ann"}})"));
  const Value reader = json(R"({"sub": "u3", "username": "ben", "groups": ["readers"]})");
  EXPECT_NE(run("{ whoami }", reader).find("errors"), nullptr);
  const Value mallory = json(R"({"sub": "u4", "username": "mallory", "groups": ["admins"]})");
  EXPECT_NE(run("{ whoami }", mallory).find("errors"), nullptr);
}

TEST_F(Runtime, AuthOwnershipPredicate) {
  const Value ada = json(R"({"sub": "s-ada", "username": "ada"})");
  EXPECT_EQ(run(R"({ secret(owner: "ada") })", ada),
            json(R"({"data": {"secret": "ada's secret"}})"));
  const Value r = run(R"({ secret(owner: "bob") })", ada);
  ASSERT_NE(r.find("errors"), nullptr);
  EXPECT_EQ(*r.find("data"), json(R"({"secret": null})"));
}

TEST_F(Runtime, InfoAndHeadersRoots) {
  EXPECT_EQ(run("{ where }", {}, json(R"({"user-agent": "curl/8"})")),
            json(R"({"data": {"where": "Query.where for curl/8"}})"));
  EXPECT_EQ(run("{ where }"), json(R"({"data": {"where": "Query.where for nobody"}})"));
}

TEST_F(Runtime, InfoDescribesTheFieldAndItsSelection) {
  EXPECT_EQ(
      run(R"(query ($v: Boolean!) { x: inspect @include(if: $v) { fields ...F nested { path } } }
             fragment F on Inspect { path, ... on Inspect { fields } })",
          {}, {}, R"({"v": true})"),
      json(R"({"data": {"x": {"fields": "fields,path,nested,nested/path",
                               "path": "x in Query.inspect", "nested": {"path": "{\"v\":true}"}}}})"));
}

TEST_F(Runtime, MutationThroughAFunctionWithAnEarlyReturn) {
  const Value staff = json(R"({"sub": "u2", "groups": ["staff"]})");
  EXPECT_EQ(run(R"(mutation { cancel(id: "o1") { id status lineCount } })", staff),
            json(R"({"data": {"cancel": {"id": "o1", "status": "cancelled", "lineCount": 0}}})"));
  const Value missing = run(R"(mutation { cancel(id: "zz") { id } })", staff);
  ASSERT_NE(missing.find("errors"), nullptr);
  EXPECT_EQ(*missing.find("errors")->as_list()[0].find("message"), Value("no order zz"));
}

TEST_F(Runtime, VariablesReachArgs) {
  EXPECT_EQ(run(R"(query ($id: ID!) { order(id: $id) { id } })", {}, {}, R"({"id": "o3"})"),
            json(R"({"data": {"order": {"id": "o3"}}})"));
}

}  // namespace
}  // namespace stashql
