// Loading an app from stashql.yaml: settings, schema files and globs, the root value, and every
// problem reported at once with its exact file:line:column.
#include <filesystem>
#include <fstream>
#include <map>
#include <stdlib.h>

#include <gtest/gtest.h>

#include <stashql/app.hpp>
#include <stashql/engine.hpp>

#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

namespace fs = std::filesystem;

using test_support::env_of;
using test_support::formatted;
using test_support::TempDir;

constexpr const char* kSchema = "type Query { hello: String }\ntype Mutation { ping: Boolean }\n";

TEST(LoadApp, ReadsEverySetting) {
  TempDir dir;
  dir.write("schema.graphql", kSchema);
  dir.write("root.json", R"({"query": {"hello": "world"}, "mutation": {"ping": true}})");
  const fs::path config = dir.write("stashql.yaml", R"(listen: "127.0.0.1:8123"
threads: 3
schema: schema.graphql
root_value: root.json
graphiql: false
introspection: true
limits:
  body_bytes: 2048
  header_timeout: 1.5
  request_timeout: 20
  idle_timeout: 5
  max_tokens: 500
)");
  auto app = load_app(config, env_of({}));
  ASSERT_TRUE(app.has_value()) << formatted(app.error()).front();
  EXPECT_EQ(app->server.host, "127.0.0.1");
  EXPECT_EQ(app->server.port, 8123);
  EXPECT_EQ(app->server.threads, 3U);
  EXPECT_FALSE(app->server.graphiql);
  EXPECT_EQ(app->server.body_bytes, 2048U);
  EXPECT_EQ(app->server.header_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(app->server.request_timeout, std::chrono::seconds(20));
  EXPECT_EQ(app->server.idle_timeout, std::chrono::seconds(5));
  EXPECT_EQ(app->engine->parse_limits.max_tokens, 500U);
  ASSERT_NE(app->engine->schema, nullptr);
  EXPECT_NE(app->engine->schema->mutation_type(), nullptr);
  ASSERT_NE(app->engine->root_value, nullptr);
  EXPECT_EQ(*app->engine->root_value->find("query")->find("hello"), Value("world"));
}

TEST(LoadApp, DefaultsAndPortOnlyListen) {
  TempDir dir;
  dir.write("schema.graphql", kSchema);
  const fs::path config = dir.write("stashql.yaml", "listen: \":4000\"\nschema: schema.graphql\n");
  auto app = load_app(config, env_of({}));
  ASSERT_TRUE(app.has_value()) << formatted(app.error()).front();
  EXPECT_EQ(app->server.host, "0.0.0.0");
  EXPECT_EQ(app->server.port, 4000);
  EXPECT_GE(app->server.threads, 1U);
  EXPECT_TRUE(app->server.graphiql);
  EXPECT_TRUE(app->introspection);
  EXPECT_EQ(app->server.body_bytes, 1024U * 1024U);
  EXPECT_EQ(app->engine->root_value, nullptr);
}

TEST(LoadApp, ExpandsEnvironmentVariables) {
  TempDir dir;
  dir.write("sdl/app.graphql", kSchema);
  const fs::path config = dir.write("stashql.yaml", R"(listen: "${HOST:-0.0.0.0}:${PORT}"
schema: ${SDL_DIR}/app.graphql
threads: ${THREADS:-2}
)");
  auto app = load_app(config, env_of({{"PORT", "9000"}, {"SDL_DIR", "sdl"}}));
  ASSERT_TRUE(app.has_value()) << formatted(app.error()).front();
  EXPECT_EQ(app->server.host, "0.0.0.0");
  EXPECT_EQ(app->server.port, 9000);
  EXPECT_EQ(app->server.threads, 2U);
}

TEST(LoadApp, SchemaFromAGlobAndAList) {
  TempDir dir;
  dir.write("sdl/a.graphql", "type Query { a: A }\n");
  dir.write("sdl/b.graphql", "type A { b: String }\n");
  dir.write("extra/c.graphql", "extend type A { c: Int }\n");
  const fs::path config =
      dir.write("app/stashql.yaml", "schema:\n  - ../sdl/*.graphql\n  - ../extra/c.graphql\n");
  auto app = load_app(config, env_of({}));
  ASSERT_TRUE(app.has_value()) << formatted(app.error()).front();
  const Type* a = app->engine->schema->type("A");
  ASSERT_NE(a, nullptr);
  EXPECT_NE(a->field("b"), nullptr);
  EXPECT_NE(a->field("c"), nullptr);
}

TEST(LoadApp, ReportsEveryProblemWithItsLocation) {
  TempDir dir;
  dir.write("root.json", "{\n  \"query\": {\"hello\": }\n}\n");
  const fs::path config = dir.write("stashql.yaml", R"(listen: "localhost"
threads: lots
schema: [missing.graphql, "none/*.graphql"]
root_value: root.json
graphiql: sometimes
colour: blue
limits:
  body_bytes: -1
  timeout: 3
)");
  auto app = load_app(config, env_of({}));
  ASSERT_FALSE(app.has_value());
  const std::string file = config.string();
  const std::string folder = dir.path().string();
  EXPECT_EQ(
      formatted(app.error()),
      (std::vector<std::string>{
          file + ":6:1: unknown key \"colour\" in the configuration (expected one of: "
                 "listen, threads, schema, root_value, pipelines, datasources, limits, graphiql, "
                 "introspection)",
          file + ":1:9: listen must be \"host:port\" or \":port\", not \"localhost\"",
          file + ":2:10: threads must be an integer from 1 to 1024, not \"lots\"",
          file + ":5:11: graphiql must be true or false, not \"sometimes\"",
          file + ":9:3: unknown key \"timeout\" in limits (expected one of: body_bytes, "
                 "header_timeout, request_timeout, idle_timeout, max_tokens)",
          file + ":8:15: limits.body_bytes must be an integer from 0 to 4294967296, not "
                 "\"-1\"",
          file + ":3:27: schema: no file matches \"" + folder + "/none/*.graphql\"",
          file + ":3:10: schema: cannot read \"" + folder +
              "/missing.graphql\": No such file or directory",
          folder + "/root.json:2:22: unexpected '}'",
      }));
}

TEST(LoadApp, UnsetVariableIsReportedWhereItIsUsed) {
  TempDir dir;
  dir.write("schema.graphql", kSchema);
  const fs::path config =
      dir.write("stashql.yaml", "schema: schema.graphql\nlisten: \"${LISTEN}\"\n");
  auto app = load_app(config, env_of({}));
  ASSERT_FALSE(app.has_value());
  ASSERT_EQ(app.error().size(), 1U);
  EXPECT_TRUE(app.error()[0].format().starts_with(
      config.string() + ":2:9: listen: environment variable LISTEN is not set"))
      << app.error()[0].format();
}

TEST(LoadApp, SchemaErrorsPointIntoTheSdlFile) {
  TempDir dir;
  dir.write("schema.graphql", "type Query {\n  posts: [Pots]\n}\n");
  const fs::path config = dir.write("stashql.yaml", "schema: schema.graphql\n");
  auto app = load_app(config, env_of({}));
  ASSERT_FALSE(app.has_value());
  ASSERT_EQ(app.error().size(), 1U);
  EXPECT_EQ(app.error()[0].file, (dir.path() / "schema.graphql").string());
  EXPECT_EQ(app.error()[0].loc, (Location{2, 11}));
}

TEST(LoadApp, YamlSyntaxErrorHasItsLocation) {
  TempDir dir;
  const fs::path config = dir.write("stashql.yaml", "schema: a.graphql\nlimits: [1, 2\n");
  auto app = load_app(config, env_of({}));
  ASSERT_FALSE(app.has_value());
  ASSERT_EQ(app.error().size(), 1U);
  EXPECT_EQ(app.error()[0].file, config.string());
  EXPECT_NE(app.error()[0].loc.line, 0U);
  EXPECT_TRUE(app.error()[0].message.starts_with("invalid YAML: ")) << app.error()[0].message;
}

TEST(LoadApp, MissingConfigurationAndMissingSchemaKey) {
  TempDir dir;
  auto missing = load_app(dir.path() / "nope.yaml", env_of({}));
  ASSERT_FALSE(missing.has_value());
  EXPECT_TRUE(missing.error()[0].message.starts_with("cannot read the configuration"));

  const fs::path config = dir.write("stashql.yaml", "threads: 1\n");
  auto no_schema = load_app(config, env_of({}));
  ASSERT_FALSE(no_schema.has_value());
  EXPECT_EQ(formatted(no_schema.error()),
            (std::vector<std::string>{config.string() +
                                      ":1:1: missing key \"schema\": the SDL file(s) of the app"}));
}

TEST(LoadApp, RootValueMustHaveOperationRoots) {
  TempDir dir;
  dir.write("schema.graphql", kSchema);
  dir.write("root.json", R"({"query": {}, "querry": {}, "mutation": 3})");
  const fs::path config =
      dir.write("stashql.yaml", "schema: schema.graphql\nroot_value: root.json\n");
  auto app = load_app(config, env_of({}));
  ASSERT_FALSE(app.has_value());
  EXPECT_EQ(app.error().size(), 2U);
}

TEST(LoadApp, StaticDataAnswersThroughTheEngine) {
  TempDir dir;
  dir.write("schema.graphql", kSchema);
  dir.write("root.json", R"({"query": {"hello": "world"}})");
  const fs::path config =
      dir.write("stashql.yaml", "schema: schema.graphql\nroot_value: root.json\n");
  auto app = load_app(config, env_of({}));
  ASSERT_TRUE(app.has_value());
  Engine engine(app->engine);
  std::string out;
  engine.run(GraphQLRequest{"{ hello __schema { queryType { name } } }", "", nullptr}, nullptr,
             out);
  EXPECT_EQ(out, R"({"data":{"hello":"world","__schema":{"queryType":{"name":"Query"}}}})");
}

TEST(LoadApp, DisabledIntrospectionRefusesSchemaAndType) {
  TempDir dir;
  dir.write("schema.graphql", kSchema);
  const fs::path config =
      dir.write("stashql.yaml", "schema: schema.graphql\nintrospection: false\n");
  auto app = load_app(config, env_of({}));
  ASSERT_TRUE(app.has_value());
  EXPECT_FALSE(app->introspection);
  Engine engine(app->engine);
  std::string out;
  engine.run(GraphQLRequest{"{ __type(name: \"Query\") { name } }", "", nullptr}, nullptr, out);
  EXPECT_NE(out.find("GraphQL introspection has been disabled, but the requested query contained "
                     "the field \\\"__type\\\"."),
            std::string::npos)
      << out;
  out.clear();
  engine.run(GraphQLRequest{"{ __typename }", "", nullptr}, nullptr, out);
  EXPECT_EQ(out, R"({"data":{"__typename":"Query"}})");
}

}  // namespace
}  // namespace stashql
