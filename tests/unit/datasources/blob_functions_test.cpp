// The blob functions' steps as an app loads them: the mistakes a pipeline author can make in
// blob.get/put/delete/list steps are reported at load time with their file:line:column, and
// the functions say which of them write.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <stashql/unit_function.hpp>

#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

// The load errors of an app with one `file` datasource and one Query.blob pipeline of `steps`.
std::string load_errors(const std::string& steps, const std::string& datasources =
                                                      "  blobs:\n    kind: file\n"
                                                      "    root: blobs\n") {
  test_support::TempDir dir;
  dir.write("schema.graphql", "type Query { blob(key: String, limit: Int): String }\n");
  dir.write("pipelines/Query.blob.yaml", "resolver: Query.blob\nsteps:\n" + steps);
  const auto config = dir.write(
      "stashql.yaml", "schema: schema.graphql\npipelines: pipelines\ndatasources:\n" + datasources);
  auto app = load_app(config, test_support::env_of({}));
  if (app) return "loaded";
  std::string out;
  for (const std::string& line : test_support::formatted(app.error())) {
    // Paths differ per run: keep the file's name.
    out += line.substr(line.rfind('/') + 1) + "\n";
  }
  return out;
}

TEST(BlobFunctions, LoadWithEveryKeyTheyTake) {
  EXPECT_EQ(load_errors("  - use: blob.get\n    key: \"a/{{ args.key }}\"\n    encoding: json\n"
                        "  - use: blob.put\n    datasource: blobs\n    key: x\n    content: y\n"
                        "    encoding: base64\n    only: absent\n"
                        "  - use: blob.delete\n    key: x\n"
                        "  - use: blob.list\n    prefix: a/\n    limit: \"{{ args.limit }}\"\n"
                        "    nextToken: null\n    maxLimit: 50\n"),
            "loaded");
}

TEST(BlobFunctions, ReportAnUnknownEncoding) {
  EXPECT_EQ(load_errors("  - use: blob.get\n    key: x\n    encoding: hex\n"),
            "Query.blob.yaml:5:15: step 1 (blob.get): encoding must be utf8 or base64 or json, "
            "not \"hex\"\n");
}

TEST(BlobFunctions, ReportOnlyOtherThanAbsent) {
  const std::string errors =
      load_errors("  - use: blob.put\n    key: x\n    content: y\n    only: present\n");
  EXPECT_NE(errors.find("only must be absent, not \"present\""), std::string::npos) << errors;
}

TEST(BlobFunctions, ReportMissingKeysAndContent) {
  const std::string errors = load_errors("  - use: blob.put\n    encoding: utf8\n");
  EXPECT_NE(errors.find("key"), std::string::npos) << errors;
  EXPECT_NE(errors.find("content"), std::string::npos) << errors;
}

TEST(BlobFunctions, ReportALiteralLimitOverMaxLimit) {
  const std::string errors = load_errors("  - use: blob.list\n    limit: 60\n    maxLimit: 50\n");
  EXPECT_NE(errors.find("limit: must be an integer between 0 and 50 (maxLimit)"), std::string::npos)
      << errors;
}

TEST(BlobFunctions, NeedAFileDatasource) {
  const std::string errors =
      load_errors("  - use: blob.get\n    key: x\n",
                  "  cache:\n    kind: redis\n    url: redis://127.0.0.1:6379\n");
  EXPECT_NE(errors.find("file datasource"), std::string::npos) << errors;
}

TEST(BlobFunctions, SayWhichOfThemWrite) {
  const pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  for (const char* name : {"blob.get", "blob.list"}) {
    ASSERT_NE(registry.find(name), nullptr) << name;
    EXPECT_EQ(registry.find(name)->effect, pipeline::Effect::reads) << name;
  }
  for (const char* name : {"blob.put", "blob.delete"}) {
    ASSERT_NE(registry.find(name), nullptr) << name;
    EXPECT_EQ(registry.find(name)->effect, pipeline::Effect::writes) << name;
  }
}

TEST(BlobFunctions, SayWhatKindOfValueTheyGive) {
  const pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  for (const char* name : {"blob.get", "blob.list", "blob.put"}) {
    ASSERT_NE(registry.find(name), nullptr) << name;
    EXPECT_EQ(registry.find(name)->result, pipeline::ResultKind::object) << name;
  }
  ASSERT_NE(registry.find("blob.delete"), nullptr);
  EXPECT_EQ(registry.find("blob.delete")->result, pipeline::ResultKind::boolean);
}

}  // namespace
}  // namespace stashql
