// The `stashql` commands run in-process: usage errors, check, query and schema, with the exit
// codes of DESIGN.md §5 (0 ok, 1 response errors, 2 bad usage or configuration).
#include "cli/cli.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "cli/commands.hpp"

namespace stashql::cli {
namespace {

const std::string kDemo = std::string(STASHQL_TEST_DATA) + "/../pipelines/demo/stashql.yaml";
const std::string kBroken = std::string(STASHQL_TEST_DATA) + "/unit/cli/data/broken.yaml";

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome stashql(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = run(args, out, err);
  return Outcome{code, out.str(), err.str()};
}

TEST(Cli, NoCommandIsBadUsage) {
  Outcome r = stashql({});
  EXPECT_EQ(r.code, kBadUsage);
  EXPECT_NE(r.err.find("Usage: stashql <command>"), std::string::npos);
}

TEST(Cli, UnknownCommandAndOptionAreBadUsage) {
  EXPECT_EQ(stashql({"frobnicate"}).code, kBadUsage);
  Outcome r = stashql({"check", "--nope"});
  EXPECT_EQ(r.code, kBadUsage);
  EXPECT_NE(r.err.find("unknown option --nope"), std::string::npos) << r.err;
  EXPECT_EQ(stashql({"serve", "--port"}).code, kBadUsage);
  EXPECT_EQ(stashql({"schema", "--sdl", "--introspection"}).code, kBadUsage);
}

TEST(Cli, EveryCommandHasHelpWithAnExample) {
  for (const char* command : {"serve", "check", "run", "query", "schema", "version"}) {
    Outcome r = stashql({command, "--help"});
    EXPECT_EQ(r.code, kOk) << command;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << command;
  }
}

TEST(Cli, VersionPrintsTheVersion) {
  Outcome r = stashql({"version"});
  EXPECT_EQ(r.code, kOk);
  EXPECT_EQ(r.out, std::string("stashql ") + STASHQL_VERSION + "\n");
}

TEST(Cli, CheckAcceptsTheDemo) {
  Outcome r = stashql({"check", "-c", kDemo});
  EXPECT_EQ(r.code, kOk) << r.err;
  EXPECT_NE(r.out.find(": ok (12 types, 9 pipelines, 1 function, 0 datasources)"),
            std::string::npos)
      << r.out;
}

TEST(Cli, CheckReportsEveryErrorWithItsLocation) {
  Outcome r = stashql({"check", "-c", kBroken});
  EXPECT_EQ(r.code, kBadUsage);
  EXPECT_NE(r.err.find("broken.yaml:3:10: threads must be an integer"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("broken.yaml:4:1: unknown key \"pipelins\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 errors in"), std::string::npos) << r.err;
}

TEST(Cli, QueryPrintsTheResponse) {
  Outcome r = stashql({"query", "-c", kDemo, "{ stats { books } }"});
  EXPECT_EQ(r.code, kOk) << r.err;
  EXPECT_EQ(r.out, "{\n  \"data\": {\n    \"stats\": {\n      \"books\": 5\n    }\n  }\n}\n");
}

TEST(Cli, QueryWithVariablesAndOperation) {
  Outcome r = stashql({"query", "-c", kDemo,
                       "query A { stats { books } } query B($n: String!) "
                       "{ __type(name: $n) { name } }",
                       "--operation", "B", "--variables", R"({"n": "Book"})"});
  EXPECT_EQ(r.code, kOk) << r.err;
  EXPECT_NE(r.out.find("\"name\": \"Book\""), std::string::npos) << r.out;
}

TEST(Cli, QueryWithErrorsExitsOne) {
  Outcome r = stashql({"query", "-c", kDemo, "{ nope }"});
  EXPECT_EQ(r.code, kResponseErrors);
  EXPECT_NE(r.out.find("\"errors\""), std::string::npos);
}

TEST(Cli, QueryRunsTheDemosPipelines) {
  Outcome r = stashql({"query", "-c", kDemo,
                       R"({ books(first: 2, format: EBOOK) { title } book(id: "b4") { title } })"});
  EXPECT_EQ(r.code, kOk) << r.err;
  EXPECT_EQ(r.out,
            "{\n  \"data\": {\n    \"books\": [\n      {\n        \"title\": \"Pride and "
            "Prejudice\"\n      },\n      {\n        \"title\": \"Frankenstein\"\n      }\n    "
            "],\n    \"book\": {\n      \"title\": \"Moby-Dick\"\n    }\n  }\n}\n");
}

TEST(Cli, QueryIdentityIsWhatAuthSteps) {
  const std::string add =
      R"(mutation { addBook(input: {title: "Persuasion", authorId: "a1"}) { title } })";
  Outcome anonymous = stashql({"query", "-c", kDemo, add});
  EXPECT_EQ(anonymous.code, kResponseErrors);
  EXPECT_NE(anonymous.out.find("\"code\": \"Unauthorized\""), std::string::npos) << anonymous.out;

  Outcome librarian = stashql(
      {"query", "-c", kDemo, add, "--identity", R"({"sub": "u1", "groups": ["librarians"]})"});
  EXPECT_EQ(librarian.code, kOk) << librarian.out;
  EXPECT_NE(librarian.out.find("\"title\": \"Persuasion\""), std::string::npos);

  Outcome reader =
      stashql({"query", "-c", kDemo, add, "--identity", R"({"sub": "u2", "groups": ["readers"]})"});
  EXPECT_EQ(reader.code, kResponseErrors);

  EXPECT_EQ(stashql({"query", "-c", kDemo, add, "--identity", "[1]"}).code, kBadUsage);
  Outcome bad = stashql({"query", "-c", kDemo, add, "--identity", "{nope"});
  EXPECT_EQ(bad.code, kBadUsage);
  EXPECT_NE(bad.err.find("--identity is not JSON"), std::string::npos) << bad.err;
}

TEST(Cli, QueryUsageErrorsExitTwo) {
  EXPECT_EQ(stashql({"query", "-c", kDemo}).code, kBadUsage);
  EXPECT_EQ(stashql({"query", "-c", kDemo, "{ a }", "--variables", "[1]"}).code, kBadUsage);
  EXPECT_EQ(stashql({"query", "-c", kDemo, "{ a }", "--variables", "{"}).code, kBadUsage);
  EXPECT_EQ(stashql({"query", "-c", kDemo, "@/nonexistent/query.graphql"}).code, kBadUsage);
  EXPECT_EQ(stashql({"query", "-c", kBroken, "{ a }"}).code, kBadUsage);
}

TEST(Cli, SchemaPrintsSdl) {
  Outcome r = stashql({"schema", "-c", kDemo});
  EXPECT_EQ(r.code, kOk) << r.err;
  EXPECT_NE(r.out.find("union SearchResult = Book | Author | Magazine"), std::string::npos)
      << r.out;
}

TEST(Cli, SchemaPrintsTheIntrospectionResult) {
  Outcome r = stashql({"schema", "-c", kDemo, "--introspection"});
  EXPECT_EQ(r.code, kOk) << r.err;
  EXPECT_TRUE(r.out.starts_with("{\n  \"data\": {\n    \"__schema\": {")) << r.out.substr(0, 200);
  EXPECT_EQ(r.out.find("\"errors\""), std::string::npos);
}

TEST(PrettyJson, IndentsNestedValuesAndKeepsEmptyOnesShort) {
  std::string out;
  write_pretty_json(out, Value(Object{{"a", Value(List{Value(1), Value("x")})},
                                      {"b", Value(Object{})},
                                      {"c", Value(List{})}}));
  EXPECT_EQ(out, "{\n  \"a\": [\n    1,\n    \"x\"\n  ],\n  \"b\": {},\n  \"c\": []\n}");
}

}  // namespace
}  // namespace stashql::cli
