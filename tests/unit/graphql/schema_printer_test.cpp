// print_schema: the same text graphql-js 16's printSchema writes (the expected files were made
// by make_printer_expected.mjs), and printing is stable across a rebuild from its own output.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <stashql/schema.hpp>

namespace stashql {
namespace {

std::string read_file(const std::string& name) {
  std::ifstream in(std::string(STASHQL_TEST_DATA) + "/unit/graphql/schema_printer/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::shared_ptr<const Schema> build_ok(const std::string& sdl) {
  auto result = Schema::build({{"schema.graphql", sdl}});
  if (!result.has_value()) {
    for (const SourceError& e : result.error())
      ADD_FAILURE() << e.format();
    return nullptr;
  }
  return *result;
}

void expect_prints_as_graphql_js(const std::string& name) {
  SCOPED_TRACE(name);
  auto schema = build_ok(read_file(name + ".graphql"));
  ASSERT_TRUE(schema);
  std::string printed = print_schema(*schema);
  EXPECT_EQ(printed, read_file(name + ".printed.graphql"));

  // Round trip: what we print builds the same schema again.
  auto rebuilt = build_ok(printed);
  ASSERT_TRUE(rebuilt);
  EXPECT_EQ(print_schema(*rebuilt), printed);
}

TEST(SchemaPrinter, PrintsAsGraphqlJsDoes) {
  // Schema block with a description, directives with described arguments, block and one-line
  // descriptions, implements lists, unions, enums, input objects (@oneOf too), @deprecated
  // with and without a reason, @specifiedBy, extensions merged in.
  expect_prints_as_graphql_js("sample");
}

TEST(SchemaPrinter, PrintsDefaultValuesAndDescriptionsAsGraphqlJsDoes) {
  // Descriptions that cannot be block strings, long and indented ones; default values in
  // graphql-js's canonical form: `Float = 1e21` as 1e+21, `[Int] = 1` as [1], ID strings of
  // digits as integers, custom scalar enums as strings.
  expect_prints_as_graphql_js("edge_cases");
}

TEST(SchemaPrinter, SchemaBlockOnlyWhenRootNamesAreUnusual) {
  auto conventional = build_ok(
      "schema { query: Query mutation: Mutation } type Query { a: Int } "
      "type Mutation { b: Int }");
  ASSERT_TRUE(conventional);
  EXPECT_EQ(print_schema(*conventional),
            "type Query {\n  a: Int\n}\n\ntype Mutation {\n  b: Int\n}");

  auto unusual = build_ok("schema { query: Q } type Q { a: Int }");
  ASSERT_TRUE(unusual);
  EXPECT_EQ(print_schema(*unusual), "schema {\n  query: Q\n}\n\ntype Q {\n  a: Int\n}");
}

TEST(SchemaPrinter, LeavesOutBuiltIns) {
  auto schema = build_ok("scalar String type Query { a(x: ID, y: Float): String @deprecated }");
  ASSERT_TRUE(schema);
  EXPECT_EQ(print_schema(*schema), "type Query {\n  a(x: ID, y: Float): String @deprecated\n}");
}

}  // namespace
}  // namespace stashql
