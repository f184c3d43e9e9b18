// The Redis client against a real redis-server: commands and replies, batching (one MGET for
// a turn's GETs, one round trip for a turn's commands), AUTH and SELECT, a pool spread over
// its connections, and what callers see when Redis refuses, hangs, stops and comes back, or
// when the client is closed or a caller gives up. Each test drives the client on its own
// io_context, bounded so that a hang fails the test.
#include "datasources/redis/redis_client.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "app_runner.hpp"
#include "redis_server.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql::redis {
namespace {

namespace asio = boost::asio;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Outcome = Result<Reply, CommandError>;
using Args = std::vector<std::string>;

constexpr std::chrono::seconds kGuard{20};

class RedisClientTest : public ::testing::Test {
 protected:
  ~RedisClientTest() override {
    for (auto& c : clients_)
      c->close();
    io_.restart();
    io_.run_for(std::chrono::seconds(2));
  }

  // A client of `url` on this test's loop; `adjust` changes its settings.
  Client& client(const std::string& url, const std::function<void(Settings&)>& adjust = {}) {
    DatasourceConfig config;
    config.name = "main";
    config.settings = Object{{"url", url}};
    auto settings = settings_of(config);
    EXPECT_TRUE(settings.has_value()) << (settings ? "" : settings.error());
    if (adjust) adjust(*settings);
    clients_.push_back(make_client(config, *settings, io_.get_executor()));
    return *clients_.back();
  }

  // Runs the loop until `done` (or fails the test when the guard passes).
  void run_until(const bool& done) {
    const auto deadline = std::chrono::steady_clock::now() + kGuard;
    io_.restart();
    while (!done && std::chrono::steady_clock::now() < deadline) {
      io_.run_one_for(std::chrono::milliseconds(20));
      if (io_.stopped()) io_.restart();
    }
    ASSERT_TRUE(done) << "did not finish within " << kGuard.count() << " s";
  }

  // Runs one coroutine to its end.
  template <class Body>
  void run(Body body) {
    bool done = false;
    std::exception_ptr failure;
    asio::co_spawn(io_, std::move(body), [&](std::exception_ptr e) {
      failure = e;
      done = true;
    });
    run_until(done);
    if (failure) std::rethrow_exception(failure);
  }

  Outcome command(Client& c, Args args) {
    std::optional<Outcome> out;
    run([&]() -> asio::awaitable<void> { out = co_await c.command(std::move(args)); });
    return out ? std::move(*out) : Outcome(CommandError{CommandError::Kind::closed, "no run"});
  }

  // Many commands issued in the same turn; their outcomes in order.
  std::vector<Outcome> concurrently(Client& c, const std::vector<Args>& commands) {
    std::vector<std::optional<Outcome>> outs(commands.size());
    std::size_t left = commands.size();
    bool done = commands.empty();
    for (std::size_t i = 0; i < commands.size(); ++i) {
      asio::co_spawn(
          io_,
          [&, i]() -> asio::awaitable<void> {
            outs[i] = co_await c.command(commands[i]);
            if (--left == 0) done = true;
          },
          asio::detached);
    }
    run_until(done);
    std::vector<Outcome> result;
    for (auto& o : outs)
      result.push_back(o ? std::move(*o) : Outcome(CommandError{}));
    return result;
  }

  asio::awaitable<void> sleep(std::chrono::milliseconds d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    co_await timer.async_wait(asio::use_awaitable);
  }

  asio::io_context io_{1};
  std::vector<std::unique_ptr<Client>> clients_;
};

std::string text_of(const Outcome& o) {
  if (!o) return "error: " + o.error().message;
  return o->text;
}

TEST_F(RedisClientTest, CommandsRoundTrip) {
  testing::RedisServer server;
  Client& c = client(server.url());
  Outcome set = command(c, {"SET", "greeting", "hello"});
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->kind, Reply::Kind::status);
  EXPECT_EQ(set->text, "OK");
  Outcome get = command(c, {"GET", "greeting"});
  ASSERT_TRUE(get);
  EXPECT_EQ(get->kind, Reply::Kind::string);
  EXPECT_EQ(get->text, "hello");
  EXPECT_EQ(command(c, {"GET", "missing"})->kind, Reply::Kind::nil);

  ASSERT_TRUE(command(c, {"HSET", "user:1", "name", "Ada", "age", "36"}));
  Outcome hash = command(c, {"HGETALL", "user:1"});
  ASSERT_TRUE(hash);
  EXPECT_EQ(to_json(to_object(*hash, Decode::json)), R"({"name":"Ada","age":36})");

  EXPECT_EQ(command(c, {"INCR", "counter"})->integer, 1);
  EXPECT_EQ(command(c, {"INCR", "counter"})->integer, 2);

  Outcome wrong = command(c, {"HGETALL", "greeting"});
  ASSERT_TRUE(wrong) << "an error reply is a reply, not a CommandError";
  EXPECT_TRUE(wrong->is_error());
  EXPECT_THAT(wrong->text, StartsWith("WRONGTYPE"));
  EXPECT_EQ(server.call({"GET", "greeting"}), "hello");
}

TEST_F(RedisClientTest, AHundredGetsInOneTurnLeaveAsOneMgetAndReachTheirCallers) {
  testing::RedisServer server;
  std::vector<Args> gets;
  for (int i = 0; i < 100; ++i) {
    const std::string key = "k" + std::to_string(i);
    if (i % 10 != 3) server.call({"SET", key, "v" + std::to_string(i)});
    gets.push_back({"GET", key});
  }
  gets.push_back({"get", "k5"});  // the same key twice, any case
  server.reset_stats();
  Client& c = client(server.url());
  const std::vector<Outcome> outs = concurrently(c, gets);
  EXPECT_EQ(server.calls("mget"), 1);
  EXPECT_EQ(server.calls("get"), 0);
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(outs[i]) << outs[i].error().message;
    if (i % 10 == 3) {
      EXPECT_EQ(outs[i]->kind, Reply::Kind::nil) << i;
    } else {
      EXPECT_EQ(outs[i]->text, "v" + std::to_string(i)) << i;
    }
  }
  EXPECT_EQ(text_of(outs[100]), "v5");
  EXPECT_EQ(c.stats().commands, 101u);
  EXPECT_EQ(c.stats().sent, 1u);
  EXPECT_EQ(c.stats().round_trips, 1u);
}

TEST_F(RedisClientTest, ALoneGetStaysAGet) {
  testing::RedisServer server;
  server.call({"SET", "k", "v"});
  server.reset_stats();
  Client& c = client(server.url());
  EXPECT_EQ(text_of(command(c, {"GET", "k"})), "v");
  EXPECT_EQ(server.calls("get"), 1);
  EXPECT_EQ(server.calls("mget"), 0);
}

TEST_F(RedisClientTest, AHundredHgetallsInOneTurnTakeOneRoundTrip) {
  testing::RedisServer server;
  std::vector<Args> reads;
  for (int i = 0; i < 100; ++i) {
    const std::string key = "user:" + std::to_string(i);
    server.call({"HSET", key, "id", std::to_string(i)});
    reads.push_back({"HGETALL", key});
  }
  Client& c = client(server.url());
  // Counting costs reads of its own (the INFO, and the end of the previous INFO's
  // connection): measured with nothing in between, then taken off.
  const std::int64_t first = server.reads();
  const std::int64_t before = server.reads();
  const std::int64_t counting = before - first;
  const std::vector<Outcome> outs = concurrently(c, reads);
  EXPECT_EQ(server.reads() - before - counting, 1) << "the batch took more than one read";
  EXPECT_EQ(c.stats().round_trips, 1u);
  EXPECT_EQ(c.stats().sent, 100u);
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(outs[i]);
    EXPECT_EQ(to_json(to_object(*outs[i], Decode::json)), "{\"id\":" + std::to_string(i) + "}");
  }
}

TEST_F(RedisClientTest, TheSameReadTwiceInOneTurnIsSentOnceAndAnswersEveryCaller) {
  // The N+1 shape: a hundred posts, each looking up its author, ten authors.
  testing::RedisServer server;
  std::vector<Args> reads;
  for (int i = 0; i < 10; ++i)
    server.call({"HSET", "user:" + std::to_string(i), "id", std::to_string(i)});
  for (int i = 0; i < 100; ++i)
    reads.push_back({i % 2 == 0 ? "HGETALL" : "hgetall", "user:" + std::to_string(i % 10)});
  server.reset_stats();
  Client& c = client(server.url());
  const std::vector<Outcome> outs = concurrently(c, reads);
  EXPECT_EQ(server.calls("hgetall"), 10);
  EXPECT_EQ(c.stats().commands, 100u);
  EXPECT_EQ(c.stats().sent, 10u);
  EXPECT_EQ(c.stats().round_trips, 1u);
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(outs[i]) << outs[i].error().message;
    EXPECT_EQ(to_json(to_object(*outs[i], Decode::json)),
              "{\"id\":" + std::to_string(i % 10) + "}");
  }
}

TEST_F(RedisClientTest, AWriteBetweenTwoSameReadsKeepsThemApart) {
  testing::RedisServer server;
  server.call({"HSET", "h", "n", "1"});
  server.reset_stats();
  Client& c = client(server.url());
  const std::vector<Outcome> outs =
      concurrently(c, {{"HGETALL", "h"}, {"HSET", "h", "n", "2"}, {"HGETALL", "h"}});
  EXPECT_EQ(server.calls("hgetall"), 2);
  ASSERT_TRUE(outs[0] && outs[2]);
  EXPECT_EQ(to_json(to_object(*outs[0], Decode::string)), R"({"n":"1"})");
  EXPECT_EQ(to_json(to_object(*outs[2], Decode::string)), R"({"n":"2"})");
  // Arguments that differ only in where a word ends are different reads.
  server.call({"HSET", "a", "b:c", "x"});
  const std::vector<Outcome> split = concurrently(c, {{"HGET", "a", "b:c"}, {"HGET", "a:b", "c"}});
  EXPECT_EQ(text_of(split[0]), "x");
  EXPECT_EQ(split[1]->kind, Reply::Kind::nil);
}

TEST_F(RedisClientTest, PasswordOnlyAuthWithAnEscapedPassword) {
  testing::RedisServer server({"--requirepass", "p@ss:w/rd"});
  Client& c = client("redis://:p%40ss%3Aw%2Frd@127.0.0.1:" + std::to_string(server.port()));
  ASSERT_TRUE(command(c, {"SET", "k", "v"}));
  EXPECT_EQ(text_of(command(c, {"GET", "k"})), "v");
}

TEST_F(RedisClientTest, UserAndPasswordAuthAsAnAclUser) {
  testing::RedisServer server({"--user", "alice", "on", ">wonder", "~*", "&*", "+@all"});
  Client& c = client("redis://alice:wonder@127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(text_of(command(c, {"ACL", "WHOAMI"})), "alice");
}

TEST_F(RedisClientTest, AWrongPasswordIsAClearConnectionFailure) {
  testing::RedisServer server({"--requirepass", "right"});
  Client& c = client("redis://:wrong-secret@127.0.0.1:" + std::to_string(server.port()));
  Outcome out = command(c, {"GET", "k"});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().kind, CommandError::Kind::unavailable);
  EXPECT_THAT(out.error().message, HasSubstr("authentication failed"));
  EXPECT_THAT(out.error().message, Not(HasSubstr("wrong-secret")));
  BackendHealth health;
  run([&]() -> asio::awaitable<void> { health = co_await c.check(); });
  EXPECT_FALSE(health.ok);
  EXPECT_THAT(health.detail, HasSubstr("authentication failed"));
  EXPECT_THAT(health.detail, Not(HasSubstr("wrong-secret")));
}

TEST_F(RedisClientTest, TheUrlsDatabaseIsSelected) {
  testing::RedisServer server;
  Client& c = client(server.url() + "/3");
  ASSERT_TRUE(command(c, {"SET", "in-three", "yes"}));
  EXPECT_THAT(server.call({"INFO", "keyspace"}), HasSubstr("db3:keys=1"));
  EXPECT_EQ(server.call({"GET", "in-three"}), "(nil)");  // not in db 0
}

TEST_F(RedisClientTest, UnixSocketWithADatabase) {
  test_support::TempDir dir;
  const std::string socket = (dir.path() / "redis.sock").string();
  testing::RedisServer server({"--unixsocket", socket, "--unixsocketperm", "700"});
  Client& c = client("unix://" + socket + "?db=2");
  ASSERT_TRUE(command(c, {"SET", "k", "v"}));
  EXPECT_THAT(server.call({"INFO", "keyspace"}), HasSubstr("db2:keys=1"));
}

TEST_F(RedisClientTest, AHostNameIsResolvedOffTheLoop) {
  testing::RedisServer server;
  Client& c = client("redis://localhost:" + std::to_string(server.port()));
  EXPECT_EQ(text_of(command(c, {"PING"})), "PONG");
}

TEST_F(RedisClientTest, ARefusedConnectionFailsAtOnceAsUnavailable) {
  const std::uint16_t port = testing::free_port();  // nobody listens there
  // A connect timeout longer than the guard: the failure must not wait for it.
  Client& c = client("redis://127.0.0.1:" + std::to_string(port),
                     [](Settings& s) { s.connect_timeout = std::chrono::seconds(60); });
  for (int i = 0; i < 3; ++i) {
    Outcome out = command(c, {"GET", "k"});
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().kind, CommandError::Kind::unavailable);
    EXPECT_THAT(out.error().message, HasSubstr("refused"));
  }
  EXPECT_EQ(c.stats().failures, 3u);
}

TEST_F(RedisClientTest, AHungServerTimesOutThenTheNextCommandSucceedsOnceItIsBack) {
  testing::RedisServer server;
  Client& c =
      client(server.url(), [](Settings& s) { s.command_timeout = std::chrono::milliseconds(200); });
  ASSERT_EQ(text_of(command(c, {"PING"})), "PONG");
  server.pause();
  Outcome late = command(c, {"GET", "k"});
  server.resume();
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, CommandError::Kind::timeout);
  EXPECT_THAT(late.error().message, HasSubstr("200 ms"));
  ASSERT_TRUE(command(c, {"SET", "k", "after"}));
  EXPECT_EQ(text_of(command(c, {"GET", "k"})), "after");
}

TEST_F(RedisClientTest, AStoppedServerFailsCommandsCleanlyAndARestartIsPickedUp) {
  testing::RedisServer server;
  Client& c = client(server.url());
  ASSERT_TRUE(command(c, {"SET", "k", "v"}));
  const std::uint64_t connects = c.stats().connects;
  server.stop();
  for (int i = 0; i < 3; ++i) {
    Outcome out = command(c, {"GET", "k"});
    ASSERT_FALSE(out);
    EXPECT_NE(out.error().kind, CommandError::Kind::timeout) << out.error().message;
  }
  server.start();
  // The same client, nothing restarted: it reconnects within its backoff.
  bool ok = false;
  run([&]() -> asio::awaitable<void> {
    for (int attempt = 0; attempt < 100 && !ok; ++attempt) {
      Args set = {"SET", "k", "again"};
      Outcome out = co_await c.command(std::move(set));
      ok = out.has_value() && !out->is_error();
      if (!ok) co_await sleep(std::chrono::milliseconds(50));
    }
  });
  EXPECT_TRUE(ok);
  EXPECT_EQ(server.call({"GET", "k"}), "again");
  EXPECT_GT(c.stats().connects, connects);
}

TEST_F(RedisClientTest, ACommandOnTheWireWhenRedisStopsFailsAsUnavailable) {
  testing::RedisServer server;
  Client& c = client(server.url());
  std::optional<Outcome> blocked;
  bool done = false;
  asio::co_spawn(
      io_,
      [&]() -> asio::awaitable<void> {
        Args blpop = {"BLPOP", "queue", "0"};  // still waiting on the server when it stops
        blocked = co_await c.command(std::move(blpop));
        done = true;
      },
      asio::detached);
  asio::co_spawn(
      io_,
      [&]() -> asio::awaitable<void> {
        co_await sleep(std::chrono::milliseconds(100));
        server.stop();
      },
      asio::detached);
  run_until(done);
  ASSERT_TRUE(blocked.has_value());
  ASSERT_FALSE(*blocked);
  EXPECT_EQ(blocked->error().kind, CommandError::Kind::unavailable);
  EXPECT_THAT(blocked->error().message, HasSubstr("lost the connection"));
}

TEST_F(RedisClientTest, CloseCompletesPendingCommandsAndTheLoopRunsOutOfWork) {
  testing::RedisServer server;
  Client& c =
      client(server.url(), [](Settings& s) { s.command_timeout = std::chrono::seconds(30); });
  std::vector<std::optional<Outcome>> outs(3);
  for (std::size_t i = 0; i < outs.size(); ++i) {
    asio::co_spawn(
        io_,
        [&, i]() -> asio::awaitable<void> {
          Args blpop = {"BLPOP", "never", "0"};  // blocks on the server
          outs[i] = co_await c.command(std::move(blpop));
        },
        asio::detached);
  }
  asio::co_spawn(
      io_,
      [&]() -> asio::awaitable<void> {
        co_await sleep(std::chrono::milliseconds(100));
        c.close();
        c.close();  // idempotent
      },
      asio::detached);
  io_.run_for(kGuard);
  EXPECT_TRUE(io_.stopped()) << "the loop still had work after close()";
  for (const auto& out : outs) {
    ASSERT_TRUE(out.has_value());
    ASSERT_FALSE(*out);
    EXPECT_EQ(out->error().kind, CommandError::Kind::closed);
  }
  Outcome after = command(c, {"PING"});
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().kind, CommandError::Kind::closed);
}

TEST_F(RedisClientTest, ACancelledCommandCompletesAtOnceAndItsReplyIsDropped) {
  using namespace asio::experimental::awaitable_operators;
  testing::RedisServer server;
  Client& c = client(server.url(), [](Settings& s) { s.pool = 1; });
  std::optional<Outcome> cancelled;
  std::optional<Outcome> after;
  run([&]() -> asio::awaitable<void> {
    auto waiting = [&]() -> asio::awaitable<void> {
      Args blpop = {"BLPOP", "queue", "0"};
      cancelled = co_await c.command(std::move(blpop));
    };
    co_await (waiting() || sleep(std::chrono::milliseconds(100)));
    // The BLPOP is still on the wire, ahead of what follows on the only connection: when it
    // is served, its reply must go nowhere.
    server.call({"LPUSH", "queue", "item"});
    Args llen = {"LLEN", "queue"};
    after = co_await c.command(std::move(llen));
  });
  ASSERT_TRUE(cancelled.has_value());
  ASSERT_FALSE(*cancelled);
  EXPECT_EQ(cancelled->error().kind, CommandError::Kind::timeout);
  EXPECT_THAT(cancelled->error().message, HasSubstr("cancelled"));
  ASSERT_TRUE(after.has_value() && after->has_value());
  EXPECT_EQ((*after)->kind, Reply::Kind::integer) << "got the BLPOP's reply instead";
  EXPECT_EQ((*after)->integer, 0);
}

TEST_F(RedisClientTest, ManyCommandsWaitedForTogetherTakeOneRoundTripAndKeepTheirOrder) {
  testing::RedisServer server;
  std::vector<Args> commands;
  for (int i = 0; i < 50; ++i) {
    const std::string key = "user:" + std::to_string(i);
    server.call({"HSET", key, "id", std::to_string(i)});
    commands.push_back({"HGETALL", key});
  }
  server.call({"SET", "text", "x"});
  commands.push_back({"HGETALL", "text"});  // the wrong type: an error reply, for it alone
  commands.push_back({"SELECT", "1"});      // refused without being sent
  Client& c = client(server.url());
  std::vector<Outcome> outs;
  run([&]() -> asio::awaitable<void> { outs = co_await c.commands(commands); });
  ASSERT_EQ(outs.size(), 52u);
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(outs[i]);
    EXPECT_EQ(to_json(to_object(*outs[i], Decode::json)), "{\"id\":" + std::to_string(i) + "}");
  }
  ASSERT_TRUE(outs[50]);
  EXPECT_TRUE(outs[50]->is_error());
  EXPECT_THAT(outs[50]->text, HasSubstr("WRONGTYPE"));
  ASSERT_TRUE(outs[51]);
  EXPECT_TRUE(outs[51]->is_error());
  EXPECT_EQ(c.stats().round_trips, 1u);
  EXPECT_EQ(c.stats().sent, 51u);

  std::vector<Outcome> none;
  run([&]() -> asio::awaitable<void> { none = co_await c.commands(std::vector<Args>()); });
  EXPECT_TRUE(none.empty());
}

TEST_F(RedisClientTest, ACancelledWaitForManyCommandsAnswersThemAllAtOnce) {
  using namespace asio::experimental::awaitable_operators;
  testing::RedisServer server;
  Client& c = client(server.url(), [](Settings& s) { s.pool = 1; });
  std::vector<Outcome> cancelled;
  std::optional<Outcome> after;
  run([&]() -> asio::awaitable<void> {
    auto waiting = [&]() -> asio::awaitable<void> {
      // The PING stands behind the BLPOP on the only connection: both wait.
      std::vector<Args> both;
      both.push_back({"BLPOP", "queue", "0"});
      both.push_back({"PING"});
      cancelled = co_await c.commands(std::move(both));
    };
    co_await (waiting() || sleep(std::chrono::milliseconds(100)));
    server.call({"LPUSH", "queue", "item"});
    Args llen = {"LLEN", "queue"};
    after = co_await c.command(std::move(llen));
  });
  ASSERT_EQ(cancelled.size(), 2u);
  for (const Outcome& outcome : cancelled) {
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().kind, CommandError::Kind::timeout);
    EXPECT_THAT(outcome.error().message, HasSubstr("cancelled"));
  }
  ASSERT_TRUE(after.has_value() && after->has_value());
  EXPECT_EQ((*after)->kind, Reply::Kind::integer) << "got the BLPOP's reply instead";
  EXPECT_EQ((*after)->integer, 0);
}

TEST_F(RedisClientTest, CheckAnswersPongOrTheReason) {
  testing::RedisServer server;
  Client& up = client(server.url());
  BackendHealth health;
  run([&]() -> asio::awaitable<void> { health = co_await up.check(); });
  EXPECT_TRUE(health.ok);
  EXPECT_THAT(health.detail, StartsWith("PONG in "));
  EXPECT_THAT(health.detail, HasSubstr(" ms"));

  Client& down = client("redis://127.0.0.1:" + std::to_string(testing::free_port()));
  run([&]() -> asio::awaitable<void> { health = co_await down.check(); });
  EXPECT_FALSE(health.ok);
  EXPECT_THAT(health.detail, HasSubstr("refused"));
}

TEST_F(RedisClientTest, APoolOfThreeSpreadsBatchesOverItsConnections) {
  testing::RedisServer server;
  Client& c = client(server.url(), [](Settings& s) { s.pool = 3; });
  std::set<std::int64_t> ids;
  for (int i = 0; i < 9; ++i) {
    Outcome id = command(c, {"CLIENT", "ID"});
    ASSERT_TRUE(id);
    ids.insert(id->integer);
  }
  EXPECT_EQ(ids.size(), 3u);
  const std::string list = server.call({"CLIENT", "LIST"});
  std::size_t connections = 0;
  for (auto at = list.find(" addr="); at != std::string::npos; at = list.find(" addr=", at + 1))
    ++connections;
  EXPECT_EQ(connections, 4u) << list;  // three of the pool's, and the one asking
}

TEST_F(RedisClientTest, CommandsThatWouldChangeASharedConnectionAreRefused) {
  testing::RedisServer server;
  Client& c = client(server.url());
  for (Args args : std::vector<Args>{{"SUBSCRIBE", "news"}, {"select", "2"}, {"MULTI"}}) {
    Outcome out = command(c, args);
    ASSERT_TRUE(out);
    EXPECT_TRUE(out->is_error()) << args[0];
  }
  EXPECT_EQ(text_of(command(c, {"PING"})), "PONG");
}

TEST(RedisDatasource, AnAppsRedisDatasourceGetsAClientThatAnswers) {
  testing::RedisServer server;
  test_support::TempDir dir;
  dir.write("schema.graphql", "type Query { hello: String }\n");
  dir.write("root_value.json", R"({"query": {"hello": "world"}})");
  const auto config = dir.write("stashql.yaml",
                                "schema: schema.graphql\nroot_value: root_value.json\n"
                                "datasources:\n"
                                "  cache:\n"
                                "    kind: redis\n"
                                "    url: \"${REDIS_URL}\"\n"
                                "    pool: 3\n"
                                "    command_timeout: 0.5\n");
  testing::AppRunner runner(config, test_support::env_of({{"REDIS_URL", server.url() + "/1"}}));
  auto* redis = dynamic_cast<Client*>(runner.backends().find(0));
  ASSERT_NE(redis, nullptr);
  EXPECT_EQ(redis->config().name, "cache");
  BackendHealth health;
  bool done = false;
  asio::co_spawn(
      runner.io(),
      [&]() -> asio::awaitable<void> {
        health = co_await redis->check();
        done = true;
      },
      asio::detached);
  runner.run_until(done);
  EXPECT_TRUE(health.ok) << health.detail;
  EXPECT_THAT(server.call({"CLIENT", "LIST"}), HasSubstr("db=1"));
}

}  // namespace
}  // namespace stashql::redis
