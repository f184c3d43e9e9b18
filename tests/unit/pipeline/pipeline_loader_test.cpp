// Loading pipelines and functions: each kind of mistake a pipeline author makes is reported
// before anything is served, at its exact file:line:column, and all of them at once.
#include <gtest/gtest.h>

#include <stashql/app.hpp>
#include <stashql/unit_function.hpp>

#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

namespace fs = std::filesystem;

using test_support::env_of;
using test_support::formatted;
using test_support::TempDir;

constexpr const char* kSchema = R"(type Query {
  hello(name: String): String
  count: Int
}
type Mutation { ping: Boolean }
)";

// An app in a scratch folder: stashql.yaml with `pipelines: .`, the schema above, and files.
class PipelineApp {
 public:
  explicit PipelineApp(const std::string& extra_config = "") {
    dir_.write("schema.graphql", kSchema);
    dir_.write("stashql.yaml", "schema: schema.graphql\npipelines: .\n" + extra_config);
  }
  // Writes a file and returns the name errors give it.
  std::string write(const std::string& name, const std::string& text) {
    return dir_.write(name, text).lexically_normal().string();
  }
  Result<App, std::vector<SourceError>> load(
      const pipeline::FunctionRegistry& functions = pipeline::builtin_functions()) {
    return load_app(dir_.path() / "stashql.yaml", env_of({}), functions);
  }
  std::vector<std::string> errors(
      const pipeline::FunctionRegistry& functions = pipeline::builtin_functions()) {
    auto app = load(functions);
    if (app.has_value()) return {};
    return formatted(app.error());
  }

 private:
  TempDir dir_;
};

TEST(PipelineLoader, LoadsAValidPipelineAndBindsItToItsField) {
  PipelineApp app;
  app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: set
    value: "hello, {{ args.name ?? 'world' }}"
)");
  auto loaded = app.load();
  ASSERT_TRUE(loaded.has_value()) << formatted(loaded.error())[0];
  const Field* field = loaded->engine->schema->query_type()->field("hello");
  EXPECT_NE(loaded->engine->resolvers->find(*field), nullptr);
  const Field* count = loaded->engine->schema->query_type()->field("count");
  EXPECT_EQ(loaded->engine->resolvers->find(*count), nullptr);
}

TEST(PipelineLoader, UnknownKeyInAPipelineFile) {
  PipelineApp app;
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps: []
reslt: "{{ 1 }}"
)");
  EXPECT_EQ(app.errors(), std::vector<std::string>{
                              file + ":3:1: unknown key \"reslt\" in a pipeline file (expected one "
                                     "of: resolver, description, steps, result)"});
}

TEST(PipelineLoader, UnknownKeyInAStep) {
  PipelineApp app;
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: set
    valeu: 1
)");
  EXPECT_EQ(app.errors(), std::vector<std::string>{
                              file + ":4:5: unknown key \"valeu\" in step 1 (set) (expected one "
                                     "of: id, use, if, description, value)"});
}

TEST(PipelineLoader, UnknownUnitFunction) {
  PipelineApp app;
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: filtr
    where: "true"
)");
  EXPECT_EQ(app.errors(),
            std::vector<std::string>{file + ":3:10: unknown unit function \"filtr\". Did "
                                            "you mean \"filter\" or \"fail\"?"});
}

TEST(PipelineLoader, ResolverNamingNoFieldOfTheSchema) {
  PipelineApp app;
  const std::string a = app.write("a.yaml", "resolver: Query.helo\nsteps: []\n");
  const std::string b = app.write("b.yaml", "resolver: Querry.hello\nsteps: []\n");
  const std::string c = app.write("c.yaml", "resolver: hello\nsteps: []\n");
  EXPECT_EQ(app.errors(),
            (std::vector<std::string>{
                a + ":1:11: resolver \"Query.helo\": type Query has no field \"helo\". Did you "
                    "mean \"hello\"?",
                b + ":1:11: resolver \"Querry.hello\": the schema has no type \"Querry\". Did "
                    "you mean \"Query\"?",
                c + ":1:11: resolver must be \"Type.field\", not \"hello\"",
            }));
}

TEST(PipelineLoader, TwoPipelinesForOneField) {
  PipelineApp app;
  const std::string first = app.write("Query.hello.yaml", "resolver: Query.hello\nsteps: []\n");
  const std::string second =
      app.write("more/hello.yaml", "description: again\nresolver: Query.hello\nsteps: []\n");
  EXPECT_EQ(app.errors(), std::vector<std::string>{second +
                                                   ":2:11: Query.hello already has a pipeline, "
                                                   "at " +
                                                   first + ":1:11"});
}

TEST(PipelineLoader, TemplateThatDoesNotParse) {
  PipelineApp app;
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: set
    value: "{{ args.name + }}"
)");
  const std::vector<std::string> errors = app.errors();
  ASSERT_EQ(errors.size(), 1U);
  // The column points inside the quoted scalar, at the end of the broken expression.
  EXPECT_TRUE(errors[0].starts_with(file + ":4:28: invalid template: ")) << errors[0];
}

TEST(PipelineLoader, UnterminatedTemplate) {
  PipelineApp app;
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: set
    value: "hello {{ args.name"
)");
  const std::vector<std::string> errors = app.errors();
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_TRUE(errors[0].starts_with(file + ":4:19: invalid template: ")) << errors[0];
}

TEST(PipelineLoader, UnknownContextRoot) {
  PipelineApp app;
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: set
    value: "{{ context.args.name }}"
  - use: fail
    if: ctx.user == null
    error: { message: no }
)");
  const std::vector<std::string> errors = app.errors();
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_TRUE(errors[0].starts_with(file + ":4:16: invalid template: unknown name \"context\""))
      << errors[0];
  EXPECT_TRUE(errors[1].starts_with(file + ":6:9: invalid expression in step 2 (fail): if: "
                                           "unknown name \"ctx\""))
      << errors[1];
}

TEST(PipelineLoader, ArgumentTheFieldDoesNotHave) {
  PipelineApp app;
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: set
    value: "Hi {{ args.nme }}"
  - use: set
    if: args["name"] != null and args.first > 1
    value: 1
)");
  EXPECT_EQ(app.errors(),
            (std::vector<std::string>{
                file + ":4:19: args.nme: the field Query.hello has no argument \"nme\" (it has: "
                       "name)",
                file + ":6:34: args.first: the field Query.hello has no argument \"first\" (it "
                       "has: name)",
            }));
}

// A function that needs a redis datasource, registered only for these tests.
class NoOp final : public pipeline::UnitFunction {
 public:
  pipeline::StepOutcome run(pipeline::StepContext&) const override {
    return pipeline::StepOutcome::keep();
  }
};

pipeline::FunctionRegistry with_kv_get() {
  pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  registry.add(pipeline::FunctionSpec{
      "kv.get",
      "reads a key",
      pipeline::Effect::reads,
      pipeline::ResultKind::any,
      {"key"},
      DatasourceKind::redis,
      [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        if (!args.value("key", pipeline::Presence::required)) return nullptr;
        return std::make_unique<NoOp>();
      }});
  return registry;
}

TEST(PipelineLoader, DatasourceThatIsNotDeclared) {
  PipelineApp app(R"(datasources:
  cache: { kind: redis, url: "redis://127.0.0.1:6379" }
  files: { kind: file, root: blobs }
)");
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: kv.get
    datasource: cahce
    key: greeting
  - use: kv.get
    datasource: files
    key: greeting
)");
  EXPECT_EQ(app.errors(with_kv_get()),
            (std::vector<std::string>{
                file + ":4:17: step 1 (kv.get): datasource \"cahce\" is not declared under "
                       "`datasources:` in the app's configuration. Did you mean \"cache\"?",
                file + ":7:17: step 2 (kv.get): datasource \"files\" is a file datasource; "
                       "kv.get needs a redis one",
            }));
}

TEST(PipelineLoader, TheOnlyDatasourceOfAKindNeedsNoName) {
  PipelineApp app("datasources:\n  cache: { kind: redis, url: \"redis://127.0.0.1:6379\" }\n");
  app.write("Query.hello.yaml", "resolver: Query.hello\nsteps:\n  - use: kv.get\n    key: k\n");
  EXPECT_EQ(app.errors(with_kv_get()), std::vector<std::string>{});

  PipelineApp none;
  const std::string file = none.write(
      "Query.hello.yaml", "resolver: Query.hello\nsteps:\n  - use: kv.get\n    key: k\n");
  EXPECT_EQ(
      none.errors(with_kv_get()),
      std::vector<std::string>{file + ":3:5: step 1 (kv.get) needs a redis datasource: declare "
                                      "one under `datasources:` in the app's configuration"});
}

TEST(PipelineLoader, StepIdUsedTwice) {
  PipelineApp app;
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - id: greeting
    use: set
    value: hi
  - id: greeting
    use: set
    value: hello
)");
  EXPECT_EQ(app.errors(),
            std::vector<std::string>{file + ":6:9: step id \"greeting\" is used twice in "
                                            "Query.hello (first at line 3)"});
}

TEST(PipelineLoader, EveryProblemOfEveryFileAtOnce) {
  PipelineApp app;
  app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: nope
  - id: "not a name"
    use: set
    value: 1
)");
  app.write("Query.count.yaml", "resolver: Query.count\nsteps: {}\n");
  app.write("notes.yaml", "title: not a pipeline\n");
  app.write("broken.yml", "resolver: [\n");
  const std::vector<std::string> errors = app.errors();
  EXPECT_EQ(errors.size(), 5U) << ::testing::PrintToString(errors);
}

TEST(PipelineLoader, ConfigurationAndPipelineProblemsTogether) {
  PipelineApp app("colour: blue\n");
  const std::string file =
      app.write("Query.hello.yaml", "resolver: Query.hello\nsteps:\n  - use: grep\n");
  const std::vector<std::string> errors = app.errors();
  ASSERT_EQ(errors.size(), 2U) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("stashql.yaml:3:1: unknown key \"colour\""), std::string::npos);
  EXPECT_EQ(errors[1], file + ":3:10: unknown unit function \"grep\".");
}

TEST(PipelineLoader, FunctionsAreCheckedLikePipelines) {
  PipelineApp app;
  const std::string fn = app.write("functions/greet.yaml", R"(function: greet
args: [name]
steps:
  - use: set
    value: "hi {{ args.name }} {{ args.title }}"
)");
  const std::string file = app.write("Query.hello.yaml", R"(resolver: Query.hello
steps:
  - use: function.greet
    with: { name: "{{ args.name }}", nick: x }
  - use: function.great
)");
  EXPECT_EQ(app.errors(),
            (std::vector<std::string>{
                file + ":4:38: step 1 (function.greet): function greet has no argument \"nick\" "
                       "(it declares: name)",
                file + ":5:10: unknown function \"great\". Did you mean \"greet\"?",
                fn + ":5:35: args.title: function greet has no argument \"title\" (it has: name)",
            }));
}

TEST(PipelineLoader, FunctionsThatCallEachOtherInACycle) {
  PipelineApp app;
  app.write("functions/a.yaml", "function: a\nsteps:\n  - use: function.b\n");
  const std::string b = app.write("functions/b.yaml", R"(function: b
steps:
  - use: function.a
)");
  const std::vector<std::string> errors = app.errors();
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0], b + ":3:10: functions call each other in a cycle, which would never end: "
                           "function.a → function.b → function.a");
}

TEST(PipelineLoader, DuplicateFunctionNames) {
  PipelineApp app;
  const std::string a = app.write("functions/a.yaml", "function: f\nsteps: []\n");
  const std::string b = app.write("functions/b.yaml", "function: f\nsteps: []\n");
  EXPECT_EQ(app.errors(), std::vector<std::string>{b +
                                                   ":1:11: function \"f\" is already "
                                                   "defined at " +
                                                   a + ":1:11"});
}

TEST(PipelineLoader, DatasourceSettingsAreChecked) {
  PipelineApp app(R"(datasources:
  cache: { kind: redis }
  web: { kind: http, base_url: "ftp://x", retries: 99 }
  odd: { kind: mongo }
  files: { kind: file, root: data, colour: blue }
)");
  const std::vector<std::string> errors = app.errors();
  ASSERT_EQ(errors.size(), 5U) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find(":4:10: datasources.cache.url is required"), std::string::npos)
      << errors[0];
  EXPECT_NE(errors[1].find(":5:32: datasources.web.base_url: must start with http:// or "
                           "https://"),
            std::string::npos)
      << errors[1];
  EXPECT_NE(errors[2].find(":5:52: datasources.web.retries must be an integer from 0 to 10"),
            std::string::npos)
      << errors[2];
  EXPECT_NE(errors[3].find(":6:16: datasources.odd.kind must be redis, file or http, not "
                           "\"mongo\""),
            std::string::npos)
      << errors[3];
  EXPECT_NE(errors[4].find(":7:36: unknown key \"colour\" in datasources.files"), std::string::npos)
      << errors[4];
}

}  // namespace
}  // namespace stashql
