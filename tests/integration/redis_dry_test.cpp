// The redis.* writes under `--dry` against a real redis-server, through the app of the
// functions' own tests (data/apps/redis) run with a dry Observer as `stashql query --dry` runs
// it: a dry run of every write leaves every key as it was and sends Redis no write command,
// records what it would have written, and gives the steps after it the results a real run
// then gives. The line format and each simulation are unit-tested in
// tests/unit/datasources/redis_dry_test.cpp.
#include <algorithm>
#include <hiredis/hiredis.h>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app_runner.hpp"
#include "dry_recorder.hpp"
#include "pipeline/runtime.hpp"
#include "redis_server.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kApp =
    std::filesystem::path(STASHQL_TEST_DATA) / "integration/data/apps/redis/stashql.yaml";

class RedisDryApp : public ::testing::Test {
 protected:
  RedisDryApp()
      : runner_(kApp, test_support::env_of({{"REDIS_URL", server_.url()},
                                            {"REDIS_COMMAND_TIMEOUT", "2"},
                                            {"REDIS_CONNECT_TIMEOUT", "0.5"}})) {}

  void SetUp() override {
    server_.call({"SET", "greeting:en", "hello"});
    server_.call({"SET", "claim:k", "first"});
    server_.call({"HSET", "user:1", "name", "Ada", "age", "36"});
    server_.call({"EXPIRE", "user:1", "1000"});
    server_.call({"SET", "a", "1"});
    server_.call({"SET", "b", "2"});
    server_.call({"SET", "hits:x", "4"});
    server_.call({"SET", "hits:bad", "ten"});
    server_.call({"SADD", "tags:3", "a"});
    server_.call({"ZADD", "board", "1", "ada"});
    server_.call({"XADD", "events", "*", "type", "seed"});
  }

  std::string dry(std::string_view text) {
    runner_.observe(&observer_);
    std::string response = runner_.query(text);
    runner_.observe(nullptr);
    return response;
  }
  std::string real(std::string_view text) { return runner_.query(text); }

  // Every key with its type, whether it expires, and its whole value, in key order.
  std::string snapshot() const {
    std::string keys = server_.call({"KEYS", "*"});
    std::vector<std::string> names;
    for (std::size_t start = 0; start <= keys.size();) {
      const std::size_t end = std::min(keys.find('\n', start), keys.size());
      if (end > start) names.push_back(keys.substr(start, end - start));
      start = end + 1;
    }
    std::sort(names.begin(), names.end());
    std::string out = "dbsize " + server_.call({"DBSIZE"}) + "\n";
    for (const std::string& key : names) {
      const std::string type = server_.call({"TYPE", key});
      std::string value;
      if (type == "string") value = server_.call({"GET", key});
      if (type == "hash") value = server_.call({"HGETALL", key});
      if (type == "set") value = server_.call({"SMEMBERS", key});
      if (type == "zset") value = server_.call({"ZRANGE", key, "0", "-1", "WITHSCORES"});
      if (type == "stream") value = server_.call({"XRANGE", key, "-", "+"});
      const bool expires = server_.call({"TTL", key}) != "-1";
      out += key + " " + type + (expires ? " expires" : "") + ": " + value + "\n";
    }
    return out;
  }

  std::int64_t write_calls() const {
    std::int64_t n = 0;
    for (std::string_view command :
         {"set", "hset", "del", "incrby", "sadd", "zadd", "xadd", "publish", "expire"})
      n += server_.calls(command);
    return n;
  }

  testing::RedisServer server_;
  testing::AppRunner runner_;
  testing::DryRecorder observer_;
};

constexpr std::string_view kEveryWrite = R"(mutation {
  setGreeting(key: "en", text: "hi", ttl: 100)
  newClaim: claim(key: "new", text: "mine")
  oldClaim: claim(key: "k", text: "second")
  saveUser(id: 1, name: "Grace", age: 45) { name age }
  remove(keys: ["a", "b", "c"])
  oldHit: hit(key: "x")
  newHit: hit(key: "y")
  tag(id: 3, tags: ["a", "b", "b"])
  oldScore: score(member: "ada", points: 2)
  newScore: score(member: "bob", points: 3.5)
  log(type: "created", text: "post 1")
  announce(channel: "news", text: "hello")
})";

TEST_F(RedisDryApp, ADryRunOfEveryWriteLeavesEveryKeyAsItWas) {
  const std::string before = snapshot();
  server_.call({"CONFIG", "RESETSTAT"});
  const std::string response = dry(kEveryWrite);
  EXPECT_THAT(response, ::testing::Not(HasSubstr("errors")));
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(write_calls(), 0);
}

TEST_F(RedisDryApp, ADryRunRecordsEveryCommandItWouldHaveSent) {
  dry(kEveryWrite);
  EXPECT_THAT(observer_.take(),
              ::testing::ElementsAre("SET greeting:en hi EX 100", "SET claim:new mine NX",
                                     "SET claim:k second NX", "HSET user:1 name Grace age 45",
                                     "EXPIRE user:1 3600", "DEL a b c", "INCRBY hits:x 1",
                                     "INCRBY hits:y 1", "EXPIRE hits:y 60", "SADD tags:3 a b b",
                                     "ZADD board 2 ada", "ZADD board 3.5 bob",
                                     "XADD events MAXLEN ~ 1000 * type created text \"post 1\"",
                                     R"(PUBLISH news "{\"text\":\"hello\"}")"));
}

TEST_F(RedisDryApp, TheSimulatedResultsAreWhatARealRunThenReturns) {
  // A subscriber, so that publish has a receiver to count.
  auto subscriber = server_.subscribe("news");
  ASSERT_TRUE(subscriber);

  const std::string simulated = dry(kEveryWrite);
  const std::string actual = real(kEveryWrite);
  subscriber.reset();

  // Stream ids come from the clock: the same shape, not the same value.
  const std::string id = R"("log":"[0-9]+-[0-9]+")";
  EXPECT_THAT(simulated, ::testing::ContainsRegex(id));
  EXPECT_THAT(actual, ::testing::ContainsRegex(id));
  const auto without_id = [](std::string s) {
    const std::size_t at = s.find(R"("log":")");
    if (at == std::string::npos) return s;
    const std::size_t end = s.find('"', at + 7);
    return s.replace(at + 7, end - (at + 7), "ID");
  };
  EXPECT_EQ(without_id(simulated), without_id(actual));
  EXPECT_EQ(without_id(actual),
            R"({"data":{"setGreeting":"hi","newClaim":"mine","oldClaim":null,)"
            R"("saveUser":{"name":"Grace","age":45},"remove":2,"oldHit":5,"newHit":1,)"
            R"("tag":1,"oldScore":0,"newScore":1,"log":"ID","announce":1}})");
}

TEST_F(RedisDryApp, IncrOfAValueThatIsNotAnIntegerFailsDryAsItFailsForReal) {
  const std::string simulated = dry(R"(mutation { hit(key: "bad") })");
  const std::string actual = real(R"(mutation { hit(key: "bad") })");
  EXPECT_THAT(simulated, HasSubstr(R"("code":"DatasourceError")"));
  EXPECT_THAT(actual, HasSubstr(R"("code":"DatasourceError")"));
  EXPECT_THAT(simulated, HasSubstr(R"("data":{"hit":null})"));
  EXPECT_EQ(server_.call({"GET", "hits:bad"}), "ten");
}

TEST_F(RedisDryApp, ReadsStillGoToRedisInADryRun) {
  EXPECT_EQ(dry(R"({ greeting(key: "en") profile(id: 1) { name age } })"),
            R"({"data":{"greeting":"hello","profile":{"name":"Ada","age":36}}})");
  EXPECT_TRUE(observer_.take().empty());
}

}  // namespace
}  // namespace stashql
