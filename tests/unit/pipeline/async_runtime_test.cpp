// Pipelines with an asynchronous step (as every backend call is): they run as coroutines, the
// items of a list and sibling fields concurrently, mutation fields one after another, and a
// pipeline of synchronous steps alone never becomes a coroutine; a list's items run each
// step as one batch. Concurrency is observed by counting the steps in flight, not by timing.
#include <algorithm>
#include <chrono>
#include <span>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <stashql/app.hpp>
#include <stashql/engine.hpp>
#include <stashql/json.hpp>

#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

namespace asio = boost::asio;

// How many `wait` steps are running at once, and the most there ever were.
struct InFlight {
  int now = 0;
  int most = 0;
  int runs = 0;
};

// `use: wait` with `value:`: waits a millisecond on the request's executor (as a backend
// call would), then gives the rendered value.
class Wait final : public pipeline::UnitFunction {
 public:
  Wait(expr::ValueTemplate value, InFlight& in_flight)
      : value_(std::move(value)), in_flight_(in_flight) {}

  bool is_async() const override { return true; }

  asio::awaitable<pipeline::StepOutcome> run_async(pipeline::StepContext& context) const override {
    auto value = value_.render(context.scope);
    if (!value) co_return pipeline::StepOutcome::error(value.error().message);
    Value result = std::move(*value).take();
    ++in_flight_.runs;
    in_flight_.most = std::max(in_flight_.most, ++in_flight_.now);
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
    co_await timer.async_wait(asio::use_awaitable);
    --in_flight_.now;
    co_return pipeline::StepOutcome::next(std::move(result));
  }

 private:
  expr::ValueTemplate value_;
  InFlight& in_flight_;
};

// `use: batch_wait` with `value:`: as `wait`, but a list's items are served by one
// run_batch_async that waits once for all of them, and records how many items it had.
class BatchWait final : public pipeline::UnitFunction {
 public:
  BatchWait(expr::ValueTemplate value, std::vector<std::size_t>& batches)
      : value_(std::move(value)), batches_(batches) {}

  bool is_async() const override { return true; }

  asio::awaitable<pipeline::StepOutcome> run_async(pipeline::StepContext& context) const override {
    pipeline::StepOutcome outcome;
    pipeline::StepContext* one = &context;
    co_await run_batch_async(std::span<pipeline::StepContext* const>(&one, 1),
                             std::span<pipeline::StepOutcome>(&outcome, 1));
    co_return outcome;
  }

  asio::awaitable<void> run_batch_async(std::span<pipeline::StepContext* const> contexts,
                                        std::span<pipeline::StepOutcome> out) const override {
    batches_.push_back(contexts.size());
    for (std::size_t i = 0; i < contexts.size(); ++i) {
      auto value = value_.render(contexts[i]->scope);
      out[i] = value ? pipeline::StepOutcome::next(std::move(*value).take())
                     : pipeline::StepOutcome::error(value.error().message);
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
    co_await timer.async_wait(asio::use_awaitable);
  }

 private:
  expr::ValueTemplate value_;
  std::vector<std::size_t>& batches_;
};

class AsyncPipelines : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write(
        "schema.graphql",
        R"(type Query { items: [Item!]!, twins: [Item!]!, a: String, b: String, plain: String }
type Item {
  id: ID!, slow: String!, fast: String!, steps: String, called: String
  shared: String, fresh: String, written: String, number: String, whole: String, via: String
}
type Mutation { first: String, second: String }
)");
    dir_.write("root.json", R"({"query": {"items": [{"id": "1"}, {"id": "2"}, {"id": "3"},
                                                    {"id": "4"}, {"id": "5"}],
        "twins": [{"id": "1", "n": 1}, {"id": "2", "n": 1.0}, {"id": "1", "n": 1},
                  {"id": "2", "n": 1}, {"id": "1"}, {"id": "2", "n": 1.0}]},
      "mutation": {}})");
    dir_.write("stashql.yaml", "schema: schema.graphql\nroot_value: root.json\npipelines: .\n");
    const char* wait = "steps:\n  - use: wait\n    value: \"{{ source.id ?? info.fieldName }}\"\n";
    dir_.write("Item.slow.yaml", std::string("resolver: Item.slow\n") + wait);
    dir_.write("Query.a.yaml", std::string("resolver: Query.a\n") + wait);
    dir_.write("Query.b.yaml", std::string("resolver: Query.b\n") + wait);
    dir_.write("Mutation.first.yaml", std::string("resolver: Mutation.first\n") + wait);
    dir_.write("Mutation.second.yaml", std::string("resolver: Mutation.second\n") + wait);
    dir_.write("functions/later.yaml", R"(function: later
args: [text]
steps:
  - id: waited
    use: wait
    value: "{{ args.text }}"
)");
    dir_.write("Query.plain.yaml", R"(resolver: Query.plain
steps:
  - use: function.later
    with: { text: "called" }
  - use: set
    value: "{{ stash.waited }} and {{ prev.result }}"
)");
    // Every item runs the steps as it would alone: its own stash, `if:`, `return` and
    // `fail` for some of the items only.
    dir_.write("Item.steps.yaml", R"(resolver: Item.steps
steps:
  - id: first
    use: batch_wait
    value: "one {{ source.id }}"
  - use: fail
    if: source.id == "2"
    error: { type: Refused, message: "item {{ source.id }} refused" }
  - use: return
    if: source.id == "3"
    value: "{{ stash.first }} ended early"
  - use: batch_wait
    if: source.id != "4"
    value: "{{ stash.first }}, two"
)");
    dir_.write("functions/twice.yaml", R"(function: twice
args: [text]
steps:
  - id: once
    use: batch_wait
    value: "{{ args.text }}"
  - use: batch_wait
    value: "{{ stash.once }} {{ args.text }}"
)");
    dir_.write("Item.called.yaml", R"(resolver: Item.called
steps:
  - use: function.twice
    with: { text: "{{ source.id }}" }
)");
    // Runs that items may share: the pipelines below read only `source.id` (or `source.n`),
    // and differ in what keeps their items apart.
    dir_.write("Item.shared.yaml", R"(resolver: Item.shared
steps:
  - use: batch_wait
    value: "user {{ source.id }}"
  - use: fail
    if: source.id == "2"
    error: { type: Refused, message: "user {{ source.id }} refused" }
)");
    const auto one_step = [&](const std::string& field, const std::string& use,
                              const std::string& value) {
      dir_.write("Item." + field + ".yaml", "resolver: Item." + field + "\nsteps:\n  - use: " +
                                                use + "\n    value: \"" + value + "\"\n");
    };
    one_step("fresh", "batch_wait", "{{ source.id }} {{ uuid() }}");
    one_step("written", "batch_write", "{{ source.id }}");
    one_step("number", "batch_wait", "n {{ source.n }}");
    one_step("whole", "batch_wait", "{{ keys(source) }}");
    dir_.write("functions/by_number.yaml", R"(function: by_number
steps:
  - use: batch_wait
    value: "{{ source.n }}"
)");
    dir_.write("Item.via.yaml", R"(resolver: Item.via
steps:
  - use: function.by_number
  - use: set
    value: "{{ source.id }}: {{ json(prev.result) }}"
)");
    dir_.write("Item.fast.yaml", R"(resolver: Item.fast
steps:
  - use: set
    value: "fast {{ source.id }}"
)");
    pipeline::FunctionRegistry registry = pipeline::builtin_functions();
    registry.add(pipeline::FunctionSpec{
        .name = "wait",
        .summary = "waits a millisecond",
        .keys = {"value"},
        .build = [this](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
          auto value = args.value("value", pipeline::Presence::required);
          if (!value) return nullptr;
          return std::make_unique<Wait>(std::move(*value), in_flight_);
        }});
    // batch_wait, and batch_write: the same, said to write.
    for (const pipeline::Effect effect : {pipeline::Effect::reads, pipeline::Effect::writes}) {
      const bool writes = effect == pipeline::Effect::writes;
      registry.add(pipeline::FunctionSpec{
          .name = writes ? "batch_write" : "batch_wait",
          .summary = "waits a millisecond for all of a list's items",
          .effect = effect,
          .keys = {"value"},
          .build = [this](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
            auto value = args.value("value", pipeline::Presence::required);
            if (!value) return nullptr;
            return std::make_unique<BatchWait>(std::move(*value), batches_);
          }});
    }
    auto app = load_app(dir_.path() / "stashql.yaml", test_support::env_of({}), registry);
    ASSERT_TRUE(app.has_value()) << test_support::formatted(app.error())[0];
    app_ = std::move(*app);
  }

  std::string run(std::string_view query) {
    Engine engine(app_.engine);
    std::string out;
    engine.run(GraphQLRequest{query, {}, nullptr}, nullptr, out);
    return out;
  }

  test_support::TempDir dir_;
  InFlight in_flight_;
  std::vector<std::size_t> batches_;  // the items of each BatchWait::run_batch_async
  App app_;
};

TEST_F(AsyncPipelines, ListItemsRunConcurrently) {
  EXPECT_EQ(run("{ items { slow fast } }"),
            R"({"data":{"items":[{"slow":"1","fast":"fast 1"},{"slow":"2","fast":"fast 2"},)"
            R"({"slow":"3","fast":"fast 3"},{"slow":"4","fast":"fast 4"},)"
            R"({"slow":"5","fast":"fast 5"}]}})");
  EXPECT_EQ(in_flight_.runs, 5);
  EXPECT_EQ(in_flight_.most, 5);
}

TEST_F(AsyncPipelines, AListsItemsRunEachStepAsOneBatch) {
  EXPECT_EQ(run("{ items { id steps } }"),
            R"({"errors":[{"message":"item 2 refused","locations":[{"line":1,"column":14}],)"
            R"("path":["items",1,"steps"],"extensions":{"code":"Refused"}}],)"
            R"("data":{"items":[{"id":"1","steps":"one 1, two"},{"id":"2","steps":null},)"
            R"({"id":"3","steps":"one 3 ended early"},{"id":"4","steps":"one 4"},)"
            R"({"id":"5","steps":"one 5, two"}]}})");
  // The first step for all five items at once; the second for the two still going (not 2,
  // which failed, nor 3, which returned) whose `if:` holds (not 4).
  EXPECT_EQ(batches_, (std::vector<std::size_t>{5, 2}));
}

TEST_F(AsyncPipelines, AFunctionCalledByAListsItemsRunsItsStepsAsBatches) {
  EXPECT_EQ(run("{ items { called } }"),
            R"({"data":{"items":[{"called":"1 1"},{"called":"2 2"},{"called":"3 3"},)"
            R"({"called":"4 4"},{"called":"5 5"}]}})");
  EXPECT_EQ(batches_, (std::vector<std::size_t>{5, 5}));
}

TEST_F(AsyncPipelines, ItemsThatReadTheSameSourceMembersShareOneRun) {
  // Six items, two ids: `user 1` runs once for items 0, 2 and 4 (the last has no `n`, which
  // the pipeline does not read), `user 2` once for the others, and each of those fails at its
  // own path.
  EXPECT_EQ(run("{ twins { shared } }"),
            R"({"errors":[)"
            R"({"message":"user 2 refused","locations":[{"line":1,"column":11}],)"
            R"("path":["twins",1,"shared"],"extensions":{"code":"Refused"}},)"
            R"({"message":"user 2 refused","locations":[{"line":1,"column":11}],)"
            R"("path":["twins",3,"shared"],"extensions":{"code":"Refused"}},)"
            R"({"message":"user 2 refused","locations":[{"line":1,"column":11}],)"
            R"("path":["twins",5,"shared"],"extensions":{"code":"Refused"}}],)"
            R"("data":{"twins":[{"shared":"user 1"},{"shared":null},{"shared":"user 1"},)"
            R"({"shared":null},{"shared":"user 1"},{"shared":null}]}})");
  EXPECT_EQ(batches_, (std::vector<std::size_t>{2}));
}

TEST_F(AsyncPipelines, ItemsShareNoRunOfAPipelineThatWritesOrChangesFromRunToRun) {
  const std::string fresh = run("{ twins { fresh } }");
  EXPECT_EQ(batches_, (std::vector<std::size_t>{6}));
  auto parsed = parse_json(fresh);
  ASSERT_TRUE(parsed.has_value()) << fresh;
  const List& twins = (*parsed)["data"]["twins"].as_list();
  EXPECT_NE(twins[0].find("fresh")->as_string(), twins[2].find("fresh")->as_string());

  batches_.clear();
  run("{ twins { written } }");
  EXPECT_EQ(batches_, (std::vector<std::size_t>{6}));
}

TEST_F(AsyncPipelines, ItemsShareARunOnlyWhenTheSourceReadsAreTheSameKindForKind) {
  // n is 1, 1.0, 1, 1, missing, 1.0: the integers share a run, the decimals another (equal
  // numbers, but not the same input), and the item without n one of its own.
  EXPECT_EQ(run("{ twins { number } }"),
            R"({"data":{"twins":[{"number":"n 1"},{"number":"n 1"},{"number":"n 1"},)"
            R"({"number":"n 1"},{"number":"n "},{"number":"n 1"}]}})");
  EXPECT_EQ(batches_, (std::vector<std::size_t>{3}));

  // Read whole, `source` could differ anywhere: every item runs.
  batches_.clear();
  run("{ twins { whole } }");
  EXPECT_EQ(batches_, (std::vector<std::size_t>{6}));
}

TEST_F(AsyncPipelines, WhatACalledFunctionReadsOfTheSourceKeepsItemsApart) {
  // The pipeline reads source.id and its function source.n: four different pairs (2 with 1
  // and 2 with 1.0 are two).
  EXPECT_EQ(run("{ twins { via } }"),
            R"({"data":{"twins":[{"via":"1: 1"},{"via":"2: 1"},{"via":"1: 1"},)"
            R"({"via":"2: 1"},{"via":"1: null"},{"via":"2: 1"}]}})");
  EXPECT_EQ(batches_, (std::vector<std::size_t>{4}));
}

TEST_F(AsyncPipelines, SiblingFieldsRunConcurrently) {
  EXPECT_EQ(run("{ a b }"), R"({"data":{"a":"a","b":"b"}})");
  EXPECT_EQ(in_flight_.most, 2);
}

TEST_F(AsyncPipelines, MutationFieldsRunOneAfterAnother) {
  EXPECT_EQ(run("mutation { first second }"), R"({"data":{"first":"first","second":"second"}})");
  EXPECT_EQ(in_flight_.runs, 2);
  EXPECT_EQ(in_flight_.most, 1);
}

TEST_F(AsyncPipelines, FunctionsWithAsynchronousStepsShareTheStash) {
  EXPECT_EQ(run("{ plain }"), R"({"data":{"plain":"called and called"}})");
  const Field* plain = app_.engine->schema->query_type()->field("plain");
  EXPECT_TRUE(app_.engine->resolvers->find(*plain)->is_async());
}

TEST_F(AsyncPipelines, SynchronousPipelinesAreNotCoroutines) {
  const Field* fast = app_.engine->schema->type("Item")->field("fast");
  const Field* slow = app_.engine->schema->type("Item")->field("slow");
  EXPECT_FALSE(app_.engine->resolvers->find(*fast)->is_async());
  EXPECT_TRUE(app_.engine->resolvers->find(*slow)->is_async());
}

}  // namespace
}  // namespace stashql
