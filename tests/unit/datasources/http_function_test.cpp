// The `http` and `http.send` steps as the loader checks them: what an author gets wrong is
// reported at load time, at its file:line:column, before anything is served.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <stashql/app.hpp>
#include <stashql/unit_function.hpp>

#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

using test_support::env_of;
using test_support::formatted;
using test_support::TempDir;

// The load errors of an app whose Query.user pipeline has one step `step` (YAML lines indented
// by four spaces after `- `), joined by newlines; empty when it loads.
std::string load_errors(std::string_view step, std::string_view datasource = "") {
  TempDir dir;
  dir.write("schema.graphql",
            "type Query { user(id: ID): User }\ntype User { id: ID }\n"
            "type Mutation { drop(id: ID): Boolean }\n");
  dir.write("pipelines/Query.user.yaml",
            "resolver: Query.user\nsteps:\n  - " + std::string(step) + "\n");
  const auto config = dir.write("stashql.yaml",
                                "schema: schema.graphql\n"
                                "pipelines: pipelines\n"
                                "datasources:\n"
                                "  users:\n"
                                "    kind: http\n"
                                "    base_url: http://127.0.0.1:9/api\n" +
                                    std::string(datasource));
  auto app = load_app(config, env_of({}));
  if (app) return "";
  std::string out;
  for (const std::string& line : formatted(app.error()))
    out += line + "\n";
  return out;
}

TEST(HttpFunction, HttpReadsAndHttpSendWrites) {
  const pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  const pipeline::FunctionSpec* http = registry.find("http");
  const pipeline::FunctionSpec* send = registry.find("http.send");
  ASSERT_NE(http, nullptr);
  ASSERT_NE(send, nullptr);
  EXPECT_EQ(http->effect, pipeline::Effect::reads);
  EXPECT_EQ(send->effect, pipeline::Effect::writes);
  EXPECT_EQ(http->datasource, DatasourceKind::http);
  EXPECT_EQ(send->datasource, DatasourceKind::http);
}

TEST(HttpFunction, AnyJsonValueCanComeBack) {
  const pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  for (const char* name : {"http", "http.send"}) {
    ASSERT_NE(registry.find(name), nullptr) << name;
    EXPECT_EQ(registry.find(name)->result, pipeline::ResultKind::any) << name;
  }
}

TEST(HttpFunction, AStepWithEveryArgumentLoads) {
  EXPECT_EQ(load_errors(R"(use: http
    method: GET
    path: "/users/{{ args.id }}"
    query: { fields: "id,name", id: "{{ args.id }}" }
    headers: { X-Request-Id: "{{ args.id }}", Accept-Language: en }
    expect: [200, 404]
    select: data.user
    batch: { key: id, path: id, max: 50 })",
                        "    dedupe: false\n    max_bytes: 1000\n    retries: 2\n"),
            "");
  EXPECT_EQ(load_errors(R"(use: http.send
    method: DELETE
    path: "/users/{{ args.id }}"
    body: { reason: test }
    expect: 204)"),
            "");
}

TEST(HttpFunction, ABodyOnAGetIsALoadError) {
  const std::string errors = load_errors(R"(use: http
    path: /users
    body: { a: 1 })");
  EXPECT_NE(errors.find("Query.user.yaml:5:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("body: is not allowed with GET"), std::string::npos) << errors;
}

TEST(HttpFunction, EachFunctionTakesOnlyItsOwnMethods) {
  EXPECT_NE(load_errors("use: http\n    method: POST\n    path: /users")
                .find("POST changes data: use `http.send`"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http.send\n    method: GET\n    path: /users")
                .find("GET only reads: use `http`"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http.send\n    path: /users").find("needs \"method\""),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    method: FETCH\n    path: /users").find("not \"FETCH\""),
            std::string::npos);
}

TEST(HttpFunction, HeaderNamesAreCheckedAtLoad) {
  const std::string bad_name = load_errors(R"(use: http
    path: /users
    headers: { "X Bad": "{{ args.id }}" })");
  EXPECT_NE(bad_name.find("\"X Bad\" is not a header name"), std::string::npos) << bad_name;
  const std::string reserved = load_errors(R"(use: http
    path: /users
    headers: { Content-Length: "5" })");
  EXPECT_NE(reserved.find("Content-Length is set by the client"), std::string::npos) << reserved;
  const std::string constant_value = load_errors(
      "use: http\n    path: /users\n"
      "    headers: { X-A: \"a\\r\\nX-B: b\" }");
  EXPECT_NE(constant_value.find("header X-A holds a line break"), std::string::npos)
      << constant_value;
}

TEST(HttpFunction, PathsStatusesSelectAndBatchAreChecked) {
  EXPECT_NE(load_errors("use: http\n    path: users").find("must start with \"/\""),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    path: /a/../b").find("\"..\" segment"), std::string::npos);
  EXPECT_NE(load_errors("use: http\n    path: /a\n    expect: [200, 700]").find("expect"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    path: /a\n    expect: \"{{ args.id }}\"").find("expect"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    path: /a\n    select: a..b").find("dotted path"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    path: /a\n    query: { other: 1 }\n"
                        "    batch: { key: id, path: id }")
                .find("\"id\" must be a parameter of the step's query"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    method: HEAD\n    path: /a\n    query: { id: 1 }\n"
                        "    batch: { key: id, path: id }")
                .find("GET calls only"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    path: /a\n    query: { id: { a: 1 } }").find("query.id"),
            std::string::npos);
}

TEST(HttpFunction, DatasourceSettingsAreChecked) {
  EXPECT_NE(load_errors("use: http\n    path: /a", "    dedupe: sometimes\n").find("dedupe"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    path: /a", "    max_bytes: 0\n").find("max_bytes"),
            std::string::npos);
  EXPECT_NE(load_errors("use: http\n    path: /a", "    cafile: x.pem\n").find("unknown key"),
            std::string::npos);
}

}  // namespace
}  // namespace stashql
