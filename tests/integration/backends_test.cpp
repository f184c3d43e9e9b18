// make_backends: one client per datasource, and settings a client cannot use reported at the
// datasource's file:line:column before anything serves.
#include <gtest/gtest.h>

#include "app_runner.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

TEST(Backends, AnAppWithoutDatasourcesHasNone) {
  test_support::TempDir dir;
  dir.write("schema.graphql", "type Query { hello: String }\n");
  dir.write("root_value.json", R"({"query": {"hello": "world"}})");
  const auto config =
      dir.write("stashql.yaml", "schema: schema.graphql\nroot_value: root_value.json\n");
  testing::AppRunner runner(config, test_support::env_of({}));
  EXPECT_EQ(runner.backends().size(), 0u);
  EXPECT_EQ(runner.query("{ hello }"), R"({"data":{"hello":"world"}})");
}

}  // namespace
}  // namespace stashql
