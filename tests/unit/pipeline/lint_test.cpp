// `stashql check`'s warnings on small apps: each one fires on the mistake it is about, at the
// place the author has to change, and stays quiet on the correct variant.
#include "pipeline/lint.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include <stashql/app.hpp>
#include <stashql/unit_function.hpp>

#include "unit/pipeline/app_test_support.hpp"

namespace stashql::pipeline {
namespace {

using test_support::env_of;
using test_support::formatted;
using test_support::TempDir;

constexpr const char* kSchema = R"(type Query {
  book(id: ID!): Book
  books: [Book!]!
  stats: Stats
  motd: String
}
type Mutation {
  addBook(title: String!): Book
}
type Book {
  id: ID!
  title: String!
  reviews: [String!]!
}
type Stats {
  books: Int!
  readers: Int!
}
)";

// Datasources that load without connecting anywhere.
constexpr const char* kDatasources = R"(datasources:
  cache: { kind: redis, url: "redis://127.0.0.1:6379" }
  reviews: { kind: http, base_url: "http://127.0.0.1:4001" }
)";

// `test.list`: a function whose spec says it returns a list.
class NullFunction final : public UnitFunction {
 public:
  StepOutcome run(StepContext&) const override { return StepOutcome::next(Value{}); }
};

FunctionRegistry registry_with_list_function() {
  FunctionRegistry registry = builtin_functions();
  registry.add(FunctionSpec{
      .name = "test.list",
      .summary = "Always a list.",
      .result = ResultKind::list,
      .build = [](StepArgs&) -> std::unique_ptr<UnitFunction> {
        return std::make_unique<NullFunction>();
      },
  });
  return registry;
}

class LintApp {
 public:
  explicit LintApp(const std::string& config = kDatasources, const std::string& schema = kSchema) {
    dir_.write("schema.graphql", schema);
    dir_.write("stashql.yaml", "schema: schema.graphql\npipelines: .\n" + config);
  }
  void write(const std::string& name, const std::string& text) { dir_.write(name, text); }

  // The warnings of one code, each as "file:line:column: message" with the file relative to
  // the app's folder.
  std::vector<std::string> warnings(std::string_view code,
                                    const FunctionRegistry& functions = builtin_functions()) {
    auto app = load_app(dir_.path() / "stashql.yaml", env_of({}), functions);
    if (!app.has_value()) {
      ADD_FAILURE() << ::testing::PrintToString(formatted(app.error()));
      return {};
    }
    std::vector<std::string> out;
    for (const Warning& w : lint_app(*app)) {
      if (w.code != code) continue;
      out.push_back(std::filesystem::path(w.file).lexically_relative(dir_.path()).string() + ":" +
                    std::to_string(w.location.line) + ":" + std::to_string(w.location.column) +
                    ": " + w.message);
    }
    return out;
  }

 private:
  TempDir dir_;
};

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(Lint, RootFieldWithNoPipelineAndNoRootValueIsAlwaysNull) {
  LintApp app;
  const auto found = app.warnings("field-without-data");
  ASSERT_EQ(found.size(), 5U) << ::testing::PrintToString(found);
  EXPECT_TRUE(contains(found[0],
                       "schema.graphql:2:3: Query.book has no pipeline, and the app "
                       "has no root_value, so it is always null"))
      << found[0];
  EXPECT_TRUE(contains(found[4], "schema.graphql:8:3: Mutation.addBook has no pipeline"))
      << found[4];
}

TEST(Lint, RootFieldsCarriedByTheRootValueOrAPipelineAreQuiet) {
  LintApp app(std::string(kDatasources) + "root_value: root.json\n");
  app.write("root.json",
            R"({"query": {"book": null, "books": [], "stats": null}, "mutation": {}})");
  app.write("Query.motd.yaml", "resolver: Query.motd\nsteps:\n  - use: set\n    value: hi\n");
  app.write("Mutation.addBook.yaml",
            "resolver: Mutation.addBook\nsteps:\n  - use: set\n    value: null\n");
  EXPECT_EQ(app.warnings("field-without-data"), std::vector<std::string>{});
}

TEST(Lint, FieldMissingFromEveryMappingItsParentsAreMadeOfIsAlwaysNull) {
  LintApp app;
  app.write("Query.stats.yaml", R"(resolver: Query.stats
steps:
  - use: return
    if: source.none != null
    value: { books: 1 }
  - use: set
    value: { books: 2 }
)");
  const auto found = app.warnings("field-without-data");
  ASSERT_EQ(found.size(), 5U) << ::testing::PrintToString(found);  // 4 root fields, then this
  EXPECT_EQ(found[4],
            "schema.graphql:17:3: Stats.readers has no pipeline, and the objects that "
            "Query.stats return have no \"readers\", so it is always null: add a pipeline "
            "(`resolver: Stats.readers`) or the key to what they return");
}

TEST(Lint, FieldOfObjectsWhoseShapeIsNotKnownIsQuiet) {
  LintApp app;
  // Every producer writes `readers`, or computes its value: nothing to say either way.
  app.write("Query.stats.yaml", R"(resolver: Query.stats
steps:
  - use: set
    value: { books: 1, readers: 2 }
)");
  for (const std::string& w : app.warnings("field-without-data"))
    EXPECT_FALSE(contains(w, "Stats.")) << w;
  app.write("Query.stats.yaml", R"(resolver: Query.stats
steps:
  - use: set
    value: "{{ source.stats }}"
)");
  for (const std::string& w : app.warnings("field-without-data"))
    EXPECT_FALSE(contains(w, "Stats.")) << w;
}

TEST(Lint, StepsAfterAnUnconditionalReturnOrAFalseIfNeverRun) {
  LintApp app;
  app.write("Query.motd.yaml", R"(resolver: Query.motd
steps:
  - use: set
    if: "1 > 2"
    value: a
  - use: return
    value: b
  - use: set
    value: c
  - use: set
    value: d
)");
  app.write("functions/f.yaml", R"(function: f
steps:
  - use: fail
    error: { type: Nope, message: never }
  - use: set
    value: x
)");
  app.write("Query.book.yaml", "resolver: Query.book\nsteps:\n  - use: function.f\n");
  const auto found = app.warnings("unreachable-step");
  ASSERT_EQ(found.size(), 3U) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0],
            "Query.motd.yaml:3:5: step 1 (set) can never run: its `if: 1 > 2` is always false");
  EXPECT_EQ(found[1],
            "Query.motd.yaml:8:5: step 3 (set) and the step after it can never run: step 2 "
            "(return) before it always ends the pipeline");
  EXPECT_EQ(found[2],
            "functions/f.yaml:5:5: step 2 (set) can never run: step 1 (fail) before it always "
            "ends the function");
}

TEST(Lint, ConditionalReturnAndFailLeaveLaterStepsReachable) {
  LintApp app;
  app.write("Query.motd.yaml", R"(resolver: Query.motd
steps:
  - use: return
    if: source.x == null
    value: b
  - use: fail
    if: "now() == 0"
    error: { type: Nope, message: never }
  - use: set
    if: "1 < 2"
    value: c
)");
  EXPECT_EQ(app.warnings("unreachable-step"), std::vector<std::string>{});
}

TEST(Lint, StashKeyReadButNeverWrittenIsReportedWithASuggestion) {
  LintApp app;
  app.write("Query.motd.yaml", R"(resolver: Query.motd
steps:
  - id: message
    use: set
    value: hi
  - use: fail
    if: stash.mesage == null
    error: { type: Nope, message: "none" }
  - use: filter
    items: "{{ [1, 2] }}"
    where: item == stash.limit
result: "{{ stash.message }}"
)");
  const auto found = app.warnings("stash-never-written");
  ASSERT_EQ(found.size(), 2U) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0],
            "Query.motd.yaml:6:5: step 2 (fail) reads stash.mesage, but no step of Query.motd "
            "has the id \"mesage\", so it is always null. Did you mean \"message\"?");
  EXPECT_TRUE(contains(found[1], "Query.motd.yaml:9:5: step 3 (filter) reads stash.limit"))
      << found[1];
}

TEST(Lint, FunctionMayReadWhatACallerWrites) {
  LintApp app;
  app.write("functions/title.yaml", R"(function: title
steps:
  - use: set
    value: "{{ stash.book.title }}"
)");
  app.write("Query.motd.yaml", R"(resolver: Query.motd
steps:
  - id: book
    use: set
    value: { title: T }
  - use: function.title
)");
  EXPECT_EQ(app.warnings("stash-never-written"), std::vector<std::string>{});
  // No caller writes it: the read is reported in the function's file.
  app.write("Query.motd.yaml", R"(resolver: Query.motd
steps:
  - use: function.title
)");
  const auto found = app.warnings("stash-never-written");
  ASSERT_EQ(found.size(), 1U) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0],
            "functions/title.yaml:3:5: step 1 (set) of function.title reads stash.book, but "
            "neither it nor any pipeline that calls it (Query.motd) has a step with the id "
            "\"book\", so it is always null.");
}

TEST(Lint, DatasourceNoStepUsesIsReported) {
  LintApp app;
  app.write("Book.reviews.yaml", R"(resolver: Book.reviews
steps:
  - use: http
    path: /reviews
)");
  const auto found = app.warnings("unused-datasource");
  ASSERT_EQ(found.size(), 1U) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0],
            "stashql.yaml:4:3: datasource \"cache\" (redis) is used by no step of any pipeline: "
            "remove it, or use it in a step");
  app.write("Query.book.yaml",
            "resolver: Query.book\nsteps:\n  - use: redis.hgetall\n    key: \"b:{{ args.id }}\"\n");
  EXPECT_EQ(app.warnings("unused-datasource"), std::vector<std::string>{});
}

TEST(Lint, WriteInAQueryPipelineOrAFunctionItCallsIsReported) {
  LintApp app;
  app.write("functions/count.yaml", R"(function: count
steps:
  - use: redis.incr
    key: views
)");
  app.write("Query.book.yaml", R"(resolver: Query.book
steps:
  - use: redis.set
    key: "last"
    value: "{{ args.id }}"
  - use: function.count
)");
  const auto found = app.warnings("write-in-query");
  ASSERT_EQ(found.size(), 2U) << ::testing::PrintToString(found);
  EXPECT_TRUE(contains(found[0],
                       "Query.book.yaml:3:5: step 1 (redis.set) writes, in a query "
                       "(Query.book): "))
      << found[0];
  EXPECT_TRUE(contains(found[1],
                       "functions/count.yaml:3:5: step 1 (redis.incr) of "
                       "function.count writes, in a query (Query.book calls "
                       "function.count)"))
      << found[1];
}

TEST(Lint, WritesInMutationsAreQuiet) {
  LintApp app;
  app.write("functions/count.yaml", R"(function: count
steps:
  - use: redis.incr
    key: views
)");
  app.write("Mutation.addBook.yaml", R"(resolver: Mutation.addBook
steps:
  - use: redis.set
    key: "last"
    value: "{{ args.title }}"
  - use: function.count
)");
  EXPECT_EQ(app.warnings("write-in-query"), std::vector<std::string>{});
}

TEST(Lint, HttpCallPerItemOfAListWithoutBatchIsNPlusOne) {
  LintApp app;
  app.write("Book.reviews.yaml", R"(resolver: Book.reviews
steps:
  - use: http
    path: "/reviews/{{ source.id }}"
)");
  const auto found = app.warnings("n-plus-one");
  ASSERT_EQ(found.size(), 1U) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0],
            "Book.reviews.yaml:3:5: step 1 (http) of Book.reviews calls the HTTP datasource "
            "\"reviews\" once per Book, and a response can hold many of them (Query.books): add "
            "`batch:` to merge the calls of one list into one request");
}

TEST(Lint, BatchedSharedOrRedisCallsAndUnlistedParentsAreNotNPlusOne) {
  LintApp app;
  app.write("Book.reviews.yaml", R"(resolver: Book.reviews
steps:
  - use: http
    path: /reviews
    query: { book: "{{ source.id }}" }
    batch: { key: book, path: bookId }
  - use: http
    path: /banner
    query: { lang: "{{ headers.lang }}" }
  - use: redis.smembers
    key: "reviews:{{ source.id }}"
)");
  EXPECT_EQ(app.warnings("n-plus-one"), std::vector<std::string>{});

  // The same call per Book, when no field holds a list of books.
  LintApp single(kDatasources,
                 "type Query { book: Book }\ntype Book { id: ID, reviews: String }\n");
  single.write("Book.reviews.yaml", R"(resolver: Book.reviews
steps:
  - use: http
    path: "/reviews/{{ source.id }}"
)");
  EXPECT_EQ(single.warnings("n-plus-one"), std::vector<std::string>{});
}

TEST(Lint, ResultThatCannotFitTheFieldTypeIsAMismatch) {
  LintApp app;
  app.write("Query.motd.yaml", R"(resolver: Query.motd
steps:
  - use: set
    value: [a, b]
)");
  app.write("Query.books.yaml", R"(resolver: Query.books
steps: []
result: { items: [] }
)");
  app.write("Query.book.yaml", R"(resolver: Query.book
steps:
  - use: test.list
)");
  const auto found = app.warnings("type-mismatch", registry_with_list_function());
  ASSERT_EQ(found.size(), 3U) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0],
            "Query.book.yaml:3:5: step 1 (test.list) gives a list, but Query.book is a Book, "
            "which needs an object: the field fails whenever the value is not null");
  EXPECT_EQ(found[1],
            "Query.books.yaml:3:9: result: gives an object, but Query.books is a [Book!]!, "
            "which needs a list: the field fails whenever the value is not null");
  EXPECT_TRUE(contains(found[2],
                       "Query.motd.yaml:3:5: step 1 (set) gives a list, but "
                       "Query.motd is a String, which needs a single String"))
      << found[2];
}

TEST(Lint, ResultsThatFitOrAreComputedAreQuiet) {
  LintApp app;
  app.write("Query.motd.yaml", R"(resolver: Query.motd
steps:
  - use: return
    if: source.x == null
    value: null
  - use: set
    value: "{{ source.motd }}"
)");
  app.write("Query.books.yaml", R"(resolver: Query.books
steps:
  - use: test.list
)");
  app.write("Query.book.yaml", R"(resolver: Query.book
steps: []
result: { id: "{{ args.id }}", title: T }
)");
  app.write("Book.reviews.yaml", R"(resolver: Book.reviews
steps:
  - use: set
    value: ["{{ source.id }}", b]
)");
  EXPECT_EQ(app.warnings("type-mismatch", registry_with_list_function()),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace stashql::pipeline
