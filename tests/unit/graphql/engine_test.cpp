// The engine: the document cache (the same text gives the same prepared document, LRU
// eviction, invalid documents cached with their errors), operation selection errors as
// request errors, the root value chosen by operation type, and variables.
#include <memory>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <stashql/engine.hpp>
#include <stashql/json.hpp>

#include "graphql/executor.hpp"
#include "unit/graphql/execution_fixture.hpp"

namespace stashql {
namespace {

std::shared_ptr<const EngineConfig> make_config(std::size_t cache_entries = 1024,
                                                std::string_view root_json = "null") {
  auto config = std::make_shared<EngineConfig>();
  config->schema = testing::fixture().schema;
  config->resolvers = std::make_shared<Resolvers>();
  auto root = parse_json(root_json);
  EXPECT_TRUE(root.has_value());
  config->root_value = std::make_shared<Value>(std::move(*root));
  config->document_cache_entries = cache_entries;
  return config;
}

struct Answer {
  ExecutionOutcome outcome;
  std::string body;
};

Answer run(Engine& engine, std::string_view query, std::string_view operation_name = {},
           const char* variables_json = nullptr) {
  Value variables;
  if (variables_json != nullptr) {
    auto parsed = parse_json(variables_json);
    EXPECT_TRUE(parsed.has_value());
    variables = std::move(*parsed);
  }
  Answer answer;
  answer.outcome = engine.run(
      GraphQLRequest{query, operation_name, variables_json != nullptr ? &variables : nullptr},
      nullptr, answer.body);
  return answer;
}

TEST(DocumentCache, SameTextGivesTheSamePreparedDocument) {
  Engine engine(make_config());
  PreparedRequest a = engine.prepare("{ hello }", "");
  PreparedRequest b = engine.prepare("{ hello }", "");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.document.get(), b.document.get());
  EXPECT_EQ(a.operation, b.operation);
  EXPECT_EQ(engine.cached_documents(), 1u);
  PreparedRequest c = engine.prepare("{ hello  }", "");  // other text, other entry
  EXPECT_NE(a.document.get(), c.document.get());
  EXPECT_EQ(engine.cached_documents(), 2u);
}

TEST(DocumentCache, EvictsTheLeastRecentlyUsedDocument) {
  Engine engine(make_config(2));
  auto a = engine.prepare("{ a: hello }", "").document;
  auto b = engine.prepare("{ b: hello }", "").document;
  EXPECT_EQ(engine.prepare("{ a: hello }", "").document, a);  // `a` is now the most recent
  auto c = engine.prepare("{ c: hello }", "").document;       // evicts `b`
  EXPECT_EQ(engine.cached_documents(), 2u);
  EXPECT_EQ(engine.prepare("{ a: hello }", "").document, a);
  EXPECT_EQ(engine.prepare("{ c: hello }", "").document, c);
  EXPECT_NE(engine.prepare("{ b: hello }", "").document, b);  // parsed anew
  EXPECT_EQ(engine.cached_documents(), 2u);
}

TEST(DocumentCache, AnEvictedDocumentStaysAliveForItsRequest) {
  Engine engine(make_config(1, R"({"query": {"hello": "hi"}})"));
  PreparedRequest first = engine.prepare("{ hello }", "");
  engine.prepare("{ int }", "");  // evicts the first document from the cache
  EXPECT_EQ(engine.cached_documents(), 1u);
  std::string out;
  boost::asio::io_context io;
  boost::asio::co_spawn(io, engine.execute(first, nullptr, nullptr, out), boost::asio::detached);
  io.run();
  EXPECT_EQ(out, R"({"data":{"hello":"hi"}})");
}

TEST(DocumentCache, SyntaxErrorsAreCachedAndAnsweredWithoutData) {
  Engine engine(make_config());
  PreparedRequest first = engine.prepare("{ hello", "");
  PreparedRequest second = engine.prepare("{ hello", "");
  EXPECT_FALSE(first.ok());
  EXPECT_EQ(first.document.get(), second.document.get());
  Answer answer = run(engine, "{ hello");
  EXPECT_FALSE(answer.outcome.data_present);
  EXPECT_EQ(answer.body, R"({"errors":[{"message":"Syntax Error: Expected Name, found <EOF>.",)"
                         R"("locations":[{"line":1,"column":8}]}]})");
  EXPECT_EQ(engine.cached_documents(), 1u);
}

TEST(DocumentCache, ValidationErrorsAreCachedAndAnsweredWithoutData) {
  Engine engine(make_config());
  EXPECT_EQ(engine.prepare("{ nope }", "").document, engine.prepare("{ nope }", "").document);
  Answer answer = run(engine, "{ nope }");
  EXPECT_FALSE(answer.outcome.data_present);
  EXPECT_EQ(answer.body,
            R"({"errors":[{"message":"Cannot query field \"nope\" on type \"Query\".",)"
            R"("locations":[{"line":1,"column":3}]}]})");
}

TEST(DocumentCache, ZeroEntriesCachesNothing) {
  Engine engine(make_config(0, R"({"query": {"hello": "hi"}})"));
  EXPECT_NE(engine.prepare("{ hello }", "").document, engine.prepare("{ hello }", "").document);
  EXPECT_EQ(engine.cached_documents(), 0u);
  EXPECT_EQ(run(engine, "{ hello }").body, R"({"data":{"hello":"hi"}})");
}

TEST(OperationSelection, SeveralOperationsNeedAName) {
  Engine engine(make_config());
  Answer answer = run(engine, "query A { hello } query B { int }");
  EXPECT_FALSE(answer.outcome.data_present);
  EXPECT_EQ(answer.body, R"({"errors":[{"message":"Must provide operation name if query contains )"
                         R"(multiple operations."}]})");
}

TEST(OperationSelection, UnknownOperationName) {
  Engine engine(make_config());
  Answer answer = run(engine, "query A { hello }", "C");
  EXPECT_FALSE(answer.outcome.data_present);
  EXPECT_EQ(answer.body, R"({"errors":[{"message":"Unknown operation named \"C\"."}]})");
}

TEST(OperationSelection, NamedOperationRunsWithTheSharedDocument) {
  Engine engine(make_config(8, R"({"query": {"hello": "hi", "int": 3}})"));
  EXPECT_EQ(run(engine, "query A { hello } query B { int }", "B").body, R"({"data":{"int":3}})");
  EXPECT_EQ(run(engine, "query A { hello } query B { int }", "A").body,
            R"({"data":{"hello":"hi"}})");
  EXPECT_EQ(engine.cached_documents(), 1u);
}

TEST(Engine, RootValueIsChosenByOperationType) {
  Engine engine(make_config(8, R"({"query": {"hello": "from query"}, "mutation": {"first": 1}})"));
  EXPECT_EQ(run(engine, "{ hello }").body, R"({"data":{"hello":"from query"}})");
  EXPECT_EQ(run(engine, "mutation { first }").body, R"({"data":{"first":1}})");
}

TEST(Engine, MissingRootValueReadsAsAnEmptyObject) {
  Engine engine(make_config(8, "null"));
  EXPECT_EQ(run(engine, "{ hello __typename }").body,
            R"({"data":{"hello":null,"__typename":"Query"}})");
}

TEST(Engine, VariableErrorsAreRequestErrors) {
  Engine engine(make_config(8, R"({"query": {"echo": "unused"}})"));
  Answer answer = run(engine, "query Q($x: Int!) { echo(req: $x) }", {}, R"({"x": "five"})");
  EXPECT_FALSE(answer.outcome.data_present);
  EXPECT_EQ(answer.body,
            R"({"errors":[{"message":"Variable \"$x\" got invalid value \"five\"; Int cannot )"
            R"(represent non-integer value: \"five\"","locations":[{"line":1,"column":9}]}]})");
}

TEST(Engine, ContextReachesResolvers) {
  struct Identity : RequestContext {
    std::string user = "ada";
  };
  struct WhoAmI : FieldResolver {
    Resolved resolve(const ResolveInfo& info) const override {
      auto* identity = dynamic_cast<Identity*>(info.context);
      return Resolved::of(identity != nullptr ? Value(identity->user) : Value());
    }
  };
  auto config = std::const_pointer_cast<EngineConfig>(make_config());
  auto resolvers = std::make_shared<Resolvers>();
  resolvers->set(*config->schema->query_type()->field("hello"), std::make_shared<WhoAmI>());
  config->resolvers = resolvers;
  Engine engine(config);
  Identity identity;
  std::string out;
  engine.run(GraphQLRequest{"{ hello }", {}, nullptr}, &identity, out);
  EXPECT_EQ(out, R"({"data":{"hello":"ada"}})");
}

// The engine keeps execution plans with a cached document; what depends on variables must
// still follow each request's variables.
TEST(PlanCache, DirectivesWithVariablesFollowEachRequest) {
  Engine engine(make_config(8, R"({"query": {"hello": "hi", "int": 1, "obj": {"a": "A"}}})"));
  const char* query = "query Q($s: Boolean!) { a: hello @skip(if: $s) obj { a @include(if: $s) } }";
  EXPECT_EQ(run(engine, query, {}, R"({"s": true})").body, R"({"data":{"obj":{"a":"A"}}})");
  EXPECT_EQ(run(engine, query, {}, R"({"s": false})").body, R"({"data":{"a":"hi","obj":{}}})");
  EXPECT_EQ(run(engine, query, {}, R"({"s": true})").body, R"({"data":{"obj":{"a":"A"}}})");
}

TEST(PlanCache, ArgumentsWithVariablesFollowEachRequest) {
  auto config = std::const_pointer_cast<EngineConfig>(make_config(8, R"({"query": {}})"));
  auto resolvers = std::make_shared<Resolvers>();
  resolvers->set(*config->schema->query_type()->field("echo"),
                 std::make_shared<testing::EchoResolver>());
  config->resolvers = resolvers;
  Engine engine(config);
  const char* query =
      "query Q($v: Int!) { a: echo(req: $v) b: echo(req: 5, list: [$v]) c: echo(req: 6) }";
  EXPECT_EQ(run(engine, query, {}, R"({"v": 1})").body,
            R"({"data":{"a":"{\"req\":1,\"def\":42}",)"
            R"("b":"{\"list\":[1],\"req\":5,\"def\":42}","c":"{\"req\":6,\"def\":42}"}})");
  EXPECT_EQ(run(engine, query, {}, R"({"v": 2})").body,
            R"({"data":{"a":"{\"req\":2,\"def\":42}",)"
            R"("b":"{\"list\":[2],\"req\":5,\"def\":42}","c":"{\"req\":6,\"def\":42}"}})");
}

TEST(PlanCache, RootPlansWithoutVariablesAreKeptWithTheDocument) {
  Engine engine(make_config(8, R"({"query": {"hello": "hi", "obj": {"a": "A"}}})"));
  const char* fixed = "query Q($v: Int!) { hello obj { a } echo(req: $v) }";
  const char* varying = "query Q($s: Boolean!) { hello @skip(if: $s) }";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(run(engine, fixed, {}, R"({"v": 1})").body,
              R"({"data":{"hello":"hi","obj":{"a":"A"},"echo":null}})");
    EXPECT_EQ(run(engine, varying, {}, R"({"s": false})").body, R"({"data":{"hello":"hi"}})");
  }
  EXPECT_EQ(engine.prepare(fixed, "").document->plans->roots.size(), 1u);
  EXPECT_EQ(engine.prepare(varying, "").document->plans->roots.size(), 0u);
  EXPECT_EQ(engine.prepare("{ nope }", "").document->plans, nullptr);  // invalid: never runs
}

TEST(Engine, WriteErrorsResponseHasNoData) {
  std::string out;
  write_errors_response(out, {GraphQLError{"a", {Location{1, 2}}, {}, {}},
                              GraphQLError{"b", {}, List{Value("x"), Value(1)}, {}}});
  EXPECT_EQ(out, R"({"errors":[{"message":"a","locations":[{"line":1,"column":2}]},)"
                 R"({"message":"b","path":["x",1]}]})");
}

}  // namespace
}  // namespace stashql
