// Execution with async resolvers: sibling fields and list items run concurrently (shown
// without timing: a resolver waits for a signal that only a later sibling sends, so running
// them one after another would never finish), mutation fields strictly in order, output in
// selection order whatever the completion order, null propagation and graphql-js's rule that
// errors below an already nulled position are dropped, and cancellation; and a list's items
// resolved in one batch by a resolver that resolves batches.
#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <stashql/execution.hpp>
#include <stashql/json.hpp>
#include <stashql/parser.hpp>

#include "unit/graphql/execution_fixture.hpp"

namespace stashql {
namespace {

namespace asio = boost::asio;

using Body = std::function<asio::awaitable<Resolved>(const ResolveInfo&)>;

class AsyncResolver : public FieldResolver {
 public:
  explicit AsyncResolver(Body body) : body_(std::move(body)) {}
  bool is_async() const override { return true; }
  Resolved resolve(const ResolveInfo&) const override { return Resolved::fail("sync call"); }
  asio::awaitable<Resolved> resolve_async(const ResolveInfo& info) const override {
    return body_(info);
  }

 private:
  Body body_;
};

// A resolver that resolves a list's items in one batch (as pipelines do): `body` runs for the
// items one after another inside one resolve_batch_async, whose sizes are recorded.
class BatchResolver : public AsyncResolver {
 public:
  BatchResolver(Body body, std::vector<std::size_t>& batches)
      : AsyncResolver(std::move(body)), batches_(batches) {}
  bool resolves_batches() const override { return true; }
  asio::awaitable<void> resolve_batch_async(std::span<const ResolveInfo> infos,
                                            std::span<Resolved> out) const override {
    batches_.push_back(infos.size());
    for (std::size_t i = 0; i < infos.size(); ++i)
      out[i] = co_await resolve_async(infos[i]);
  }

 private:
  std::vector<std::size_t>& batches_;
};

// A one-shot signal between resolvers: wait() suspends until fire().
class Signal {
 public:
  explicit Signal(asio::io_context& io) : timer_(io, asio::steady_timer::time_point::max()) {}
  asio::awaitable<void> wait() {
    if (fired_) co_return;
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  void fire() {
    fired_ = true;
    timer_.cancel();
  }

 private:
  asio::steady_timer timer_;
  bool fired_ = false;
};

asio::awaitable<void> yield_once() {
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
}

struct AsyncRun {
  asio::io_context io;
  Resolvers resolvers;
  const testing::ExecutionFixture& fx = testing::fixture();

  void set(std::string_view type, std::string_view field, Body body) {
    resolvers.set(*fx.schema->type(type)->field(field),
                  std::make_shared<AsyncResolver>(std::move(body)));
  }
  // A batch-resolving resolver; `batches` records the size of each batch.
  void set_batch(std::string_view type, std::string_view field, Body body,
                 std::vector<std::size_t>& batches) {
    resolvers.set(*fx.schema->type(type)->field(field),
                  std::make_shared<BatchResolver>(std::move(body), batches));
  }
  void set_sync(std::string_view type, std::string_view field, Resolved r) {
    struct Fixed : FieldResolver {
      explicit Fixed(Resolved v) : r(std::move(v)) {}
      Resolved r;
      Resolved resolve(const ResolveInfo&) const override { return r; }
    };
    resolvers.set(*fx.schema->type(type)->field(field), std::make_shared<Fixed>(std::move(r)));
  }

  // Runs the query on `io` for at most five seconds; a run that does not finish fails the
  // test instead of hanging it.
  std::string run(std::string_view query, std::string_view root_json = "{}",
                  asio::cancellation_signal* cancel = nullptr) {
    auto document = parse(query);
    EXPECT_TRUE(document.has_value());
    if (!document) return {};
    return run_document(*document, root_json, cancel);
  }

  // As run(), for a document parsed once; with `plan_cache` its plans are kept between runs,
  // as a server thread keeps them.
  std::string run_document(const ast::Document& document, std::string_view root_json = "{}",
                           asio::cancellation_signal* cancel = nullptr,
                           PlanCache* plan_cache = nullptr, const Value* variables = nullptr) {
    auto root = parse_json(root_json);
    EXPECT_TRUE(root.has_value());
    ExecutionRequest request;
    request.schema = fx.schema.get();
    request.document = &document;
    request.operation = &document.operations[0];
    request.root_value = &*root;
    request.resolvers = &resolvers;
    request.plan_cache = plan_cache;
    request.variables = variables;
    std::string out;
    bool done = false;
    auto on_done = [&](const std::exception_ptr& e, ExecutionOutcome) {
      EXPECT_FALSE(e);
      done = true;
    };
    if (cancel != nullptr) {
      asio::co_spawn(io, execute(request, out),
                     asio::bind_cancellation_slot(cancel->slot(), on_done));
    } else {
      asio::co_spawn(io, execute(request, out), on_done);
    }
    io.restart();  // after an earlier run ran out of work
    io.run_for(std::chrono::seconds(5));
    EXPECT_TRUE(done) << "execution did not finish";
    return done ? out : std::string("(did not finish)");
  }
};

TEST(AsyncExecution, SiblingFieldsRunConcurrently) {
  AsyncRun r;
  Signal signal(r.io);
  r.set("Query", "hello", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await signal.wait();  // only `str`, a later sibling, fires it
    co_return Resolved::of(Value("waited"));
  });
  r.set("Query", "str", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    signal.fire();
    co_return Resolved::of(Value("fired"));
  });
  EXPECT_EQ(r.run("{ hello str int }", R"({"int": 7})"),
            R"({"data":{"hello":"waited","str":"fired","int":7}})");
}

TEST(AsyncExecution, ListItemsRunConcurrently) {
  AsyncRun r;
  Signal signal(r.io);
  r.set("Obj", "a", [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
    if (info.source.find("role")->as_string() == "wait") {
      co_await signal.wait();
      co_return Resolved::of(Value("waited"));
    }
    signal.fire();
    co_return Resolved::of(Value("fired"));
  });
  EXPECT_EQ(r.run("{ objs { a e } }",
                  R"({"objs": [{"role": "wait", "e": 1}, {"role": "fire", "e": 2}]})"),
            R"({"data":{"objs":[{"a":"waited","e":"1"},{"a":"fired","e":"2"}]}})");
}

TEST(AsyncExecution, AListsItemsResolveAFieldInOneBatch) {
  AsyncRun r;
  std::vector<std::size_t> batches;
  std::vector<std::string> paths;
  r.set_batch(
      "Obj", "a",
      [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
        std::string path;
        for (const Value& segment : info.path.to_list())
          path +=
              segment.is_string() ? "." + segment.as_string() : std::to_string(segment.as_int());
        paths.push_back(path);
        co_return Resolved::of(Value("a of " + info.source.find("e")->as_string()));
      },
      batches);
  // A null item resolves nothing; plain fields before and after the batched one keep their
  // places.
  EXPECT_EQ(
      r.run("{ objs { e a b } }",
            R"({"objs": [{"e": "x", "b": 1}, null, {"e": "y", "b": 2}, {"e": "z", "b": 3}]})"),
      R"({"data":{"objs":[{"e":"x","a":"a of x","b":1},null,)"
      R"({"e":"y","a":"a of y","b":2},{"e":"z","a":"a of z","b":3}]}})");
  EXPECT_EQ(batches, std::vector<std::size_t>{3});
  EXPECT_EQ(paths, (std::vector<std::string>{".objs0.a", ".objs2.a", ".objs3.a"}));
}

TEST(AsyncExecution, TheBatchesOfSiblingFieldsRunSideBySide) {
  AsyncRun r;
  Signal signal(r.io);
  std::vector<std::size_t> batches;
  r.set_batch(
      "Obj", "a",
      [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
        co_await signal.wait();  // only the batch of `e` fires it
        co_return Resolved::of(Value("waited"));
      },
      batches);
  r.set_batch(
      "Obj", "e",
      [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
        co_await yield_once();
        signal.fire();
        co_return Resolved::of(Value("fired"));
      },
      batches);
  EXPECT_EQ(r.run("{ objs { a e } }", R"({"objs": [{}, {}]})"),
            R"({"data":{"objs":[{"a":"waited","e":"fired"},{"a":"waited","e":"fired"}]}})");
  EXPECT_EQ(batches, (std::vector<std::size_t>{2, 2}));
}

TEST(AsyncExecution, NullPropagatesOutOfABatch) {
  // As NullPropagatesThroughListsAndObjects, with `b` resolved in batches: a null for Int!
  // nulls its item in [Obj], and the whole list in [Obj!]; a nullable field's failure is
  // its own null.
  AsyncRun r;
  std::vector<std::size_t> batches;
  r.set_batch(
      "Obj", "b",
      [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
        co_await yield_once();
        co_return Resolved::ref(*info.source.find("v"));
      },
      batches);
  r.set_batch(
      "Obj", "e",
      [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
        if (info.source.find("v")->is_null()) co_return Resolved::fail("no e");
        co_return Resolved::of(Value("e"));
      },
      batches);
  EXPECT_EQ(
      r.run("{ objs { e b } obj { d { b } } }", R"({"objs": [{"v": 1}, {"v": null}, {"v": 3}],)"
                                                R"( "obj": {"d": [{"v": 4}, {"v": null}]}})"),
      R"({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)"
      R"("locations":[{"line":1,"column":26}],"path":["obj","d",1,"b"]},)"
      R"({"message":"no e","locations":[{"line":1,"column":10}],)"
      R"("path":["objs",1,"e"]},)"
      R"({"message":"Cannot return null for non-nullable field Obj.b.",)"
      R"("locations":[{"line":1,"column":12}],"path":["objs",1,"b"]}],)"
      R"("data":{"objs":[{"e":"e","b":1},null,{"e":"e","b":3}],"obj":{"d":null}}})");
  EXPECT_EQ(batches, (std::vector<std::size_t>{3, 3, 2}));
}

TEST(AsyncExecution, ItemsOfABatchThatShareAValueEachGetItsCompletion) {
  // Items 0 and 2 get one shared tree, 1 and 3 another that lacks the non-null `b`: each item
  // is written as it would be alone, and each failing one has its own error.
  AsyncRun r;
  std::vector<std::size_t> batches;
  const Value full = Value::shared(*parse_json(R"({"a": "x", "b": 1, "d": [{"a": "deep"}]})"));
  const Value partial = Value::shared(*parse_json(R"({"a": "y"})"));
  r.set_batch(
      "Obj", "c",
      [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
        co_return Resolved::of(info.source.find("e")->as_string() == "full" ? full : partial);
      },
      batches);
  EXPECT_EQ(
      r.run("{ objs { c { a b d { a } } } }",
            R"({"objs": [{"e": "full"}, {"e": "partial"}, {"e": "full"}, {"e": "partial"}]})"),
      R"({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)"
      R"("locations":[{"line":1,"column":16}],"path":["objs",1,"c","b"]},)"
      R"({"message":"Cannot return null for non-nullable field Obj.b.",)"
      R"("locations":[{"line":1,"column":16}],"path":["objs",3,"c","b"]}],)"
      R"("data":{"objs":[{"c":{"a":"x","b":1,"d":[{"a":"deep"}]}},{"c":null},)"
      R"({"c":{"a":"x","b":1,"d":[{"a":"deep"}]}},{"c":null}]}})");
  EXPECT_EQ(batches, std::vector<std::size_t>{4});
}

TEST(AsyncExecution, AResolverBelowASharedValueRunsForEveryItem) {
  AsyncRun r;
  std::vector<std::size_t> batches;
  const Value shared = Value::shared(*parse_json(R"({"a": "x"})"));
  r.set_batch(
      "Obj", "c",
      [&](const ResolveInfo&) -> asio::awaitable<Resolved> { co_return Resolved::of(shared); },
      batches);
  struct Counter : FieldResolver {
    mutable int calls = 0;
    Resolved resolve(const ResolveInfo&) const override {
      return Resolved::of(Value("call " + std::to_string(++calls)));
    }
  };
  r.resolvers.set(*r.fx.schema->type("Obj")->field("e"), std::make_shared<Counter>());
  EXPECT_EQ(r.run("{ objs { c { a e } } }", R"({"objs": [{}, {}, {}]})"),
            R"({"data":{"objs":[{"c":{"a":"x","e":"call 1"}},{"c":{"a":"x","e":"call 2"}},)"
            R"({"c":{"a":"x","e":"call 3"}}]}})");
}

TEST(AsyncExecution, TheRequestsOfAKeptPlanThatGetOneSharedValueEachGetItsCompletion) {
  // A thread's requests share the plans of a document, and a deduplicated upstream answer is
  // one shared tree for all of them: each is answered from the tree it got, a failing one
  // with its errors every time.
  AsyncRun r;
  Value answer = Value::shared(*parse_json(R"([{"a": "x", "b": 1}, {"a": "y", "b": 2}])"));
  r.set("Query", "objs", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    co_return Resolved::of(answer);
  });
  auto document = parse("{ objs { a b } }");
  ASSERT_TRUE(document.has_value());
  const std::shared_ptr<PlanCache> plans = make_plan_cache();
  const std::string first = R"({"data":{"objs":[{"a":"x","b":1},{"a":"y","b":2}]}})";
  EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get()), first);
  EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get()), first);

  answer = Value::shared(*parse_json(R"([{"a": "z", "b": 3}])"));
  EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get()),
            R"({"data":{"objs":[{"a":"z","b":3}]}})");

  answer = Value::shared(*parse_json(R"([{"a": "w"}])"));
  const std::string failing =
      R"({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)"
      R"("locations":[{"line":1,"column":12}],"path":["objs",0,"b"]}],)"
      R"("data":{"objs":[null]}})";
  EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get()), failing);
  EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get()), failing);
}

TEST(AsyncExecution, TheRequestsOfAKeptPlanWhoseBatchesGiveSharedValuesEachGetTheirCompletion) {
  // The N+1 shape with a deduplicated upstream: one shared list, and a batch whose items get
  // shared trees (two items share one). Every request runs the batch and is answered from
  // the list and the trees it got: a changed list, a changed tree, a tree that fails a
  // non-null field or a batch that fails are each seen by the request that gets them. The
  // trees replaced stay alive, as an upstream answer other requests still hold does.
  AsyncRun r;
  std::vector<std::size_t> batches;
  std::vector<Value> trees;
  auto tree = [&](std::string_view json) {
    trees.push_back(Value::shared(*parse_json(json)));
    return trees.back();
  };
  Value list = tree(R"([{"e": "x"}, {"e": "y"}, null, {"e": "x"}])");
  Value x = tree(R"({"a": "ax", "b": 1})");
  Value y = tree(R"({"a": "ay", "b": 2})");
  bool fail_y = false;
  r.set("Query", "objs", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    co_return Resolved::of(list);
  });
  r.set_batch(
      "Obj", "c",
      [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
        const bool is_x = info.source.find("e")->as_string() == "x";
        if (!is_x && fail_y) co_return Resolved::fail("no y");
        co_return Resolved::of(is_x ? x : y);
      },
      batches);
  auto document = parse("{ objs { e c { a b } } }");
  ASSERT_TRUE(document.has_value());
  const std::shared_ptr<PlanCache> plans = make_plan_cache();
  auto run = [&] { return r.run_document(*document, "{}", nullptr, plans.get()); };

  const std::string first =
      R"({"data":{"objs":[{"e":"x","c":{"a":"ax","b":1}},)"
      R"({"e":"y","c":{"a":"ay","b":2}},null,{"e":"x","c":{"a":"ax","b":1}}]}})";
  EXPECT_EQ(run(), first);
  EXPECT_EQ(run(), first);
  EXPECT_EQ(batches, (std::vector<std::size_t>{3, 3}));

  y = tree(R"({"a": "ay2", "b": 3})");
  EXPECT_EQ(run(), R"({"data":{"objs":[{"e":"x","c":{"a":"ax","b":1}},)"
                   R"({"e":"y","c":{"a":"ay2","b":3}},null,{"e":"x","c":{"a":"ax","b":1}}]}})");

  list = tree(R"([{"e": "y"}, {"e": "x"}])");
  EXPECT_EQ(run(), R"({"data":{"objs":[{"e":"y","c":{"a":"ay2","b":3}},)"
                   R"({"e":"x","c":{"a":"ax","b":1}}]}})");

  x = tree(R"({"a": "ax3"})");
  const std::string missing_b =
      R"({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)"
      R"("locations":[{"line":1,"column":18}],"path":["objs",1,"c","b"]}],)"
      R"("data":{"objs":[{"e":"y","c":{"a":"ay2","b":3}},{"e":"x","c":null}]}})";
  EXPECT_EQ(run(), missing_b);
  EXPECT_EQ(run(), missing_b);

  x = tree(R"({"a": "ax4", "b": 4})");
  fail_y = true;
  const std::string failed_y =
      R"({"errors":[{"message":"no y","locations":[{"line":1,"column":12}],)"
      R"("path":["objs",0,"c"]}],)"
      R"("data":{"objs":[{"e":"y","c":null},{"e":"x","c":{"a":"ax4","b":4}}]}})";
  EXPECT_EQ(run(), failed_y);
  EXPECT_EQ(run(), failed_y);

  fail_y = false;
  EXPECT_EQ(run(), R"({"data":{"objs":[{"e":"y","c":{"a":"ay2","b":3}},)"
                   R"({"e":"x","c":{"a":"ax4","b":4}}]}})");
}

TEST(AsyncExecution, ABatchOfAKeptPlanThatGivesUnsharedValuesIsCompletedEveryTime) {
  AsyncRun r;
  std::vector<std::size_t> batches;
  const Value list = Value::shared(*parse_json(R"([{"e": "x"}, {"e": "y"}])"));
  int calls = 0;
  r.set("Query", "objs",
        [&](const ResolveInfo&) -> asio::awaitable<Resolved> { co_return Resolved::of(list); });
  r.set_batch(
      "Obj", "a",
      [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
        co_return Resolved::of(Value(info.source.find("e")->as_string() + std::to_string(++calls)));
      },
      batches);
  auto document = parse("{ objs { a } }");
  ASSERT_TRUE(document.has_value());
  const std::shared_ptr<PlanCache> plans = make_plan_cache();
  EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get()),
            R"({"data":{"objs":[{"a":"x1"},{"a":"y2"}]}})");
  EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get()),
            R"({"data":{"objs":[{"a":"x3"},{"a":"y4"}]}})");
}

TEST(AsyncExecution, AKeptPlanWithVariablesCompletesASharedValueForEachRequest) {
  AsyncRun r;
  const Value answer = Value::shared(*parse_json(R"([{"a": "x", "b": 1}])"));
  r.set("Query", "objs",
        [&](const ResolveInfo&) -> asio::awaitable<Resolved> { co_return Resolved::of(answer); });
  auto document = parse("query ($b: Boolean!) { objs { a b @include(if: $b) } }");
  ASSERT_TRUE(document.has_value());
  const std::shared_ptr<PlanCache> plans = make_plan_cache();
  const Value with_b = *parse_json(R"({"b": true})");
  const Value without_b = *parse_json(R"({"b": false})");
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get(), &with_b),
              R"({"data":{"objs":[{"a":"x","b":1}]}})");
    EXPECT_EQ(r.run_document(*document, "{}", nullptr, plans.get(), &without_b),
              R"({"data":{"objs":[{"a":"x"}]}})");
  }
}

TEST(AsyncExecution, AThrowingBatchIsAFieldErrorOfEveryItem) {
  AsyncRun r;
  std::vector<std::size_t> batches;
  r.set_batch(
      "Obj", "a",
      [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
        co_await yield_once();
        throw std::runtime_error("internal detail");
      },
      batches);
  EXPECT_EQ(r.run("{ objs { a } }", R"({"objs": [{}, {}]})"),
            R"({"errors":[{"message":"Internal error.","locations":[{"line":1,"column":10}],)"
            R"("path":["objs",0,"a"]},{"message":"Internal error.","locations":[{"line":1,)"
            R"("column":10}],"path":["objs",1,"a"]}],"data":{"objs":[{"a":null},{"a":null}]}})");
}

TEST(AsyncExecution, ACancelledBatchFailsItsItems) {
  AsyncRun r;
  asio::cancellation_signal cancel;
  std::vector<std::size_t> batches;
  r.set_batch(
      "Obj", "a",
      [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
        asio::steady_timer forever(co_await asio::this_coro::executor,
                                   asio::steady_timer::time_point::max());
        co_await forever.async_wait(asio::use_awaitable);  // throws once cancelled
        co_return Resolved::of(Value("never"));
      },
      batches);
  r.set("Query", "str", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    cancel.emit(asio::cancellation_type::terminal);
    co_return Resolved::of(Value("s"));
  });
  EXPECT_EQ(r.run("{ objs { a } str }", R"({"objs": [{}, {}]})", &cancel),
            R"({"errors":[{"message":"The request was cancelled.","locations":[{"line":1,)"
            R"("column":10}],"path":["objs",0,"a"]},{"message":"The request was cancelled.",)"
            R"("locations":[{"line":1,"column":10}],"path":["objs",1,"a"]}],)"
            R"("data":{"objs":[{"a":null},{"a":null}],"str":"s"}})");
}

TEST(AsyncExecution, MutationFieldsRunOneAfterAnother) {
  AsyncRun r;
  std::vector<std::string> log;
  auto recording = [&](int value) {
    return [&log, value](const ResolveInfo& info) -> asio::awaitable<Resolved> {
      log.push_back("start " + info.field.name);
      co_await yield_once();
      co_await yield_once();
      log.push_back("end " + info.field.name);
      co_return Resolved::of(Value(value));
    };
  };
  r.set("Mutation", "first", recording(1));
  r.set("Mutation", "second", recording(2));
  r.set("Mutation", "third", recording(3));
  EXPECT_EQ(r.run("mutation { second third first }"),
            R"({"data":{"second":2,"third":3,"first":1}})");
  EXPECT_EQ(log, (std::vector<std::string>{"start second", "end second", "start third", "end third",
                                           "start first", "end first"}));
}

TEST(AsyncExecution, MutationStopsAfterAFailedNonNullField) {
  AsyncRun r;
  std::vector<std::string> log;
  r.set("Mutation", "third", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    log.push_back("third");
    co_await yield_once();
    co_return Resolved::fail("refused");
  });
  r.set("Mutation", "first", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    log.push_back("first");
    co_return Resolved::of(Value(1));
  });
  EXPECT_EQ(r.run("mutation { third first }"),
            R"({"errors":[{"message":"refused","locations":[{"line":1,"column":12}],)"
            R"("path":["third"]}],"data":null})");
  EXPECT_EQ(log, std::vector<std::string>{"third"});
}

TEST(AsyncExecution, OutputKeepsSelectionOrderWhateverTheCompletionOrder) {
  AsyncRun r;
  Signal signal(r.io);
  r.set("Query", "hello", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await signal.wait();
    co_return Resolved::of(Value("last"));
  });
  r.set("Query", "float", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    signal.fire();
    co_return Resolved::of(Value(2.5));
  });
  EXPECT_EQ(
      r.run("{ int hello obj { a } float str }", R"({"int": 1, "obj": {"a": "A"}, "str": "s"})"),
      R"({"data":{"int":1,"hello":"last","obj":{"a":"A"},"float":2.5,"str":"s"}})");
}

TEST(AsyncExecution, ErrorsBelowANulledPositionAreDropped) {
  // `obj.e` waits; `obj.b` (Int!) fails and nulls `obj`; the error `e` raises afterwards is
  // below a nulled position, so graphql-js does not report it.
  AsyncRun r;
  Signal signal(r.io);
  r.set("Obj", "e", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await signal.wait();
    co_return Resolved::fail("too late to matter");
  });
  r.set("Obj", "b", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    signal.fire();
    co_return Resolved::of(Value());
  });
  EXPECT_EQ(r.run("{ obj { e b } hello }", R"({"obj": {}, "hello": "hi"})"),
            R"({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)"
            R"("locations":[{"line":1,"column":11}],"path":["obj","b"]}],)"
            R"("data":{"obj":null,"hello":"hi"}})");
}

TEST(AsyncExecution, NullPropagatesThroughListsAndObjects) {
  AsyncRun r;
  r.set("Obj", "b", [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
    co_await yield_once();
    co_return Resolved::ref(*info.source.find("v"));
  });
  EXPECT_EQ(r.run("{ objs { b } obj { d { b } } }", R"({"objs": [{"v": 1}, {"v": null}, {"v": 3}],)"
                                                    R"( "obj": {"d": [{"v": 4}, {"v": null}]}})"),
            R"({"errors":[{"message":"Cannot return null for non-nullable field Obj.b.",)"
            R"("locations":[{"line":1,"column":10}],"path":["objs",1,"b"]},)"
            R"({"message":"Cannot return null for non-nullable field Obj.b.",)"
            R"("locations":[{"line":1,"column":24}],"path":["obj","d",1,"b"]}],)"
            R"("data":{"objs":[{"b":1},null,{"b":3}],"obj":{"d":null}}})");
}

TEST(AsyncExecution, NonNullRootFailureNullsData) {
  AsyncRun r;
  r.set("Query", "nonNullString", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    co_return Resolved::fail("gone", Value(Object{{"code", Value("NotFound")}}));
  });
  EXPECT_EQ(r.run("{ hello nonNullString }", R"({"hello": "hi"})"),
            R"({"errors":[{"message":"gone","locations":[{"line":1,"column":9}],)"
            R"("path":["nonNullString"],"extensions":{"code":"NotFound"}}],"data":null})");
}

TEST(AsyncExecution, ThrowingAsyncResolverIsAFieldError) {
  AsyncRun r;
  r.set("Query", "hello", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    throw std::runtime_error("internal detail");
  });
  EXPECT_EQ(r.run("{ hello int }", R"({"int": 1})"),
            R"({"errors":[{"message":"Internal error.","locations":[{"line":1,"column":3}],)"
            R"("path":["hello"]}],"data":{"hello":null,"int":1}})");
}

TEST(AsyncExecution, AsyncFieldsBelowAbstractTypesAndSyncParents) {
  AsyncRun r;
  r.set("Dog", "barks", [&](const ResolveInfo& info) -> asio::awaitable<Resolved> {
    co_await yield_once();
    co_return Resolved::of(Value(info.source.find("name")->as_string() == "Rex"));
  });
  r.set_sync("Query", "hello", Resolved::of(Value("sync resolver")));
  EXPECT_EQ(r.run("{ hello pets { name ... on Dog { barks } ... on Cat { meows } } }",
                  R"({"pets": [{"__typename": "Dog", "name": "Rex"},)"
                  R"( {"__typename": "Cat", "name": "Tom", "meows": true},)"
                  R"( {"__typename": "Dog", "name": "Fido"}]})"),
            R"({"data":{"hello":"sync resolver","pets":[{"name":"Rex","barks":true},)"
            R"({"name":"Tom","meows":true},{"name":"Fido","barks":false}]}})");
}

TEST(AsyncExecution, SyncErrorsAndAsyncErrorsAreBothReported) {
  AsyncRun r;
  r.set("Query", "str", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    co_return Resolved::fail("async failure");
  });
  EXPECT_EQ(r.run("{ str int }", R"({"int": "x"})"),
            R"({"errors":[{"message":"Int cannot represent non-integer value: \"x\"",)"
            R"("locations":[{"line":1,"column":7}],"path":["int"]},)"
            R"({"message":"async failure","locations":[{"line":1,"column":3}],"path":["str"]}],)"
            R"("data":{"str":null,"int":null}})");
}

TEST(AsyncExecution, CancellationReachesWaitingResolvers) {
  AsyncRun r;
  asio::cancellation_signal cancel;
  bool saw_cancellation = false;
  r.set("Query", "hello", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    asio::steady_timer forever(co_await asio::this_coro::executor,
                               asio::steady_timer::time_point::max());
    auto [ec] = co_await forever.async_wait(asio::as_tuple(asio::use_awaitable));
    saw_cancellation = ec == asio::error::operation_aborted;
    co_return Resolved::fail("cancelled");
  });
  r.set("Query", "str", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_await yield_once();
    cancel.emit(asio::cancellation_type::terminal);  // as a server does on a request timeout
    co_return Resolved::of(Value("s"));
  });
  EXPECT_EQ(r.run("{ hello str }", "{}", &cancel),
            R"({"errors":[{"message":"cancelled","locations":[{"line":1,"column":3}],)"
            R"("path":["hello"]}],"data":{"hello":null,"str":"s"}})");
  EXPECT_TRUE(saw_cancellation);
}

TEST(AsyncExecution, CancellationBeforeTheJoinStillWaitsForChildren) {
  // The request is cancelled while the executor is still starting fields (from a synchronous
  // resolver), so the cancellation is pending when the executor starts waiting for `hello`.
  AsyncRun r;
  asio::cancellation_signal cancel;
  r.set("Query", "hello", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    asio::steady_timer forever(co_await asio::this_coro::executor,
                               asio::steady_timer::time_point::max());
    co_await forever.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return Resolved::fail("cancelled");
  });
  struct Canceller : FieldResolver {
    asio::cancellation_signal* signal;
    Resolved resolve(const ResolveInfo&) const override {
      signal->emit(asio::cancellation_type::terminal);
      return Resolved::of(Value(1));
    }
  };
  // A second field that may suspend, so that the two are spawned and joined.
  r.set("Query", "str", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    co_return Resolved::of(Value("s"));
  });
  auto canceller = std::make_shared<Canceller>();
  canceller->signal = &cancel;
  r.resolvers.set(*r.fx.schema->query_type()->field("int"), canceller);
  EXPECT_EQ(r.run("{ hello str int }", "{}", &cancel),
            R"({"errors":[{"message":"cancelled","locations":[{"line":1,"column":3}],)"
            R"("path":["hello"]}],"data":{"hello":null,"str":"s","int":1}})");
}

TEST(AsyncExecution, ALoneFieldThatMaySuspendStartsAfterThePlainFields) {
  // Nothing runs beside it, so it is awaited in place rather than spawned: it starts once the
  // plain fields are done, and a cancellation that came before it fails it without running it.
  AsyncRun r;
  asio::cancellation_signal cancel;
  std::vector<std::string> log;
  r.set("Query", "hello", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    log.push_back("hello");
    co_await yield_once();
    co_return Resolved::of(Value("hi"));
  });
  struct Logged : FieldResolver {
    std::vector<std::string>* log;
    asio::cancellation_signal* signal = nullptr;
    Resolved resolve(const ResolveInfo&) const override {
      log->push_back("int");
      if (signal != nullptr) signal->emit(asio::cancellation_type::terminal);
      return Resolved::of(Value(1));
    }
  };
  auto plain = std::make_shared<Logged>();
  plain->log = &log;
  r.resolvers.set(*r.fx.schema->query_type()->field("int"), plain);
  EXPECT_EQ(r.run("{ hello int }", "{}"), R"({"data":{"hello":"hi","int":1}})");
  EXPECT_EQ(log, (std::vector<std::string>{"int", "hello"}));

  log.clear();
  r.io.restart();
  plain->signal = &cancel;
  EXPECT_EQ(r.run("{ hello int }", "{}", &cancel),
            R"({"errors":[{"message":"The request was cancelled.","locations":[{"line":1,)"
            R"("column":3}],"path":["hello"]}],"data":{"hello":null,"int":1}})");
  EXPECT_EQ(log, std::vector<std::string>{"int"});
}

TEST(AsyncExecution, CancelledMutationStartsNoFurtherField) {
  AsyncRun r;
  asio::cancellation_signal cancel;
  std::vector<std::string> log;
  r.set("Mutation", "first", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    log.push_back("first");
    co_await yield_once();
    cancel.emit(asio::cancellation_type::terminal);  // the request times out meanwhile
    co_return Resolved::of(Value(1));
  });
  r.set("Mutation", "second", [&](const ResolveInfo&) -> asio::awaitable<Resolved> {
    log.push_back("second");
    co_return Resolved::of(Value(2));
  });
  EXPECT_EQ(r.run("mutation { first second }", "{}", &cancel),
            R"({"errors":[{"message":"The request was cancelled.","locations":[{"line":1,)"
            R"("column":18}],"path":["second"]}],"data":{"first":1,"second":null}})");
  EXPECT_EQ(log, std::vector<std::string>{"first"});
}

}  // namespace
}  // namespace stashql
