// The redis.* functions end to end: an app (data/apps/redis) whose fields use every function,
// run in-process against a real redis-server — the GraphQL responses, the state Redis holds
// after each write, the batching that keeps a list's lookups to one round trip (the N+1
// proof), paging to the end, and fields failing cleanly while Redis is down or hung.
#include <chrono>
#include <hiredis/hiredis.h>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "app_runner.hpp"
#include "datasources/redis/redis_client.hpp"
#include "redis_server.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kApp =
    std::filesystem::path(STASHQL_TEST_DATA) / "integration/data/apps/redis/stashql.yaml";

class RedisFunctionsApp : public ::testing::Test {
 protected:
  explicit RedisFunctionsApp(std::string command_timeout = "2")
      : runner_(kApp, test_support::env_of({{"REDIS_URL", server_.url()},
                                            {"REDIS_COMMAND_TIMEOUT", command_timeout},
                                            {"REDIS_CONNECT_TIMEOUT", "0.5"}})) {}

  std::string query(std::string_view text, std::string_view variables = "{}") {
    return runner_.query(text, variables);
  }
  // The response once it has no errors: the client reconnects in the background, with a
  // backoff, so the first queries after Redis returns may still fail. At most 5 s.
  std::string once_recovered(std::string_view text) {
    std::string response;
    for (int attempt = 0; attempt < 100; ++attempt) {
      response = query(text);
      if (response.find("errors") == std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return response;
  }
  // The value of one JSON response member, for tokens a test passes on.
  static std::string token_of(const std::string& response, std::string_view field) {
    auto parsed = parse_json(response);
    if (!parsed) return "";
    const Value* data = parsed->find("data");
    const Value* page = data != nullptr ? data->find(field) : nullptr;
    const Value* token = page != nullptr ? page->find("nextToken") : nullptr;
    return token != nullptr && token->is_string() ? token->as_string() : "";
  }

  redis::Client& client() {
    auto* c = dynamic_cast<redis::Client*>(runner_.backends().find(0));
    if (c == nullptr) throw std::runtime_error("no redis client");
    return *c;
  }

  testing::RedisServer server_;
  testing::AppRunner runner_;
};

// --- reads ---

TEST_F(RedisFunctionsApp, ReadsGiveWhatRedisHolds) {
  server_.call({"SET", "greeting:en", "hello"});
  server_.call({"HSET", "user:1", "name", "Ada", "age", "36"});
  server_.call({"SET", "a", "1"});
  server_.call({"SET", "c", "three"});
  server_.call({"SADD", "tags:1", "math", "code", "engines"});
  EXPECT_EQ(query(R"({
    greeting(key: "en") missing: greeting(key: "fr")
    profile(id: 1) { name age } nobody: profile(id: 2) { name }
    userName(id: 1)
    values(keys: ["a", "b", "c"])
    tags(id: 1)
  })"),
            R"({"data":{"greeting":"hello","missing":null,"profile":{"name":"Ada","age":36},)"
            R"("nobody":null,"userName":"Ada","values":["1",null,"three"],)"
            R"("tags":["code","engines","math"]}})");
}

TEST_F(RedisFunctionsApp, ZrangePagesThroughTheBoardToTheEnd) {
  for (int i = 1; i <= 7; ++i) {
    const std::string score = std::to_string(i * 10);
    const std::string member = "p" + std::to_string(i);
    server_.call({"ZADD", "board", score, member});
  }
  const std::string q = "query($t: String) { board(limit: 3, nextToken: $t) { items nextToken } }";
  const std::string first = query(q);
  EXPECT_THAT(first, HasSubstr(R"("items":["p1","p2","p3"])"));
  const std::string t1 = token_of(first, "board");
  ASSERT_FALSE(t1.empty()) << first;
  const std::string second = query(q, R"({"t": ")" + t1 + "\"}");
  EXPECT_THAT(second, HasSubstr(R"("items":["p4","p5","p6"])"));
  const std::string t2 = token_of(second, "board");
  ASSERT_FALSE(t2.empty()) << second;
  EXPECT_EQ(query(q, R"({"t": ")" + t2 + "\"}"),
            R"({"data":{"board":{"items":["p7"],"nextToken":null}}})");
}

TEST_F(RedisFunctionsApp, ZrangeWithScoresHighestFirst) {
  server_.call({"ZADD", "board", "1.5", "low", "99", "high"});
  EXPECT_EQ(query("{ leaderboard(limit: 1) { items { member score } } }"),
            R"({"data":{"leaderboard":{"items":[{"member":"high","score":99}]}}})");
}

TEST_F(RedisFunctionsApp, ATokenOfAnotherListIsABadRequest) {
  server_.call({"ZADD", "board", "1", "a", "2", "b"});
  const std::string page = query("{ board(limit: 1) { nextToken } }");
  const std::string token = token_of(page, "board");
  ASSERT_FALSE(token.empty()) << page;
  const std::string response =
      query("query($t: String) { leaderboard(limit: 1, nextToken: $t) { items { member } } }",
            R"({"t": ")" + token + "\"}");
  EXPECT_THAT(response, HasSubstr(R"("message":"invalid nextToken")"));
  EXPECT_THAT(response, HasSubstr(R"("code":"BadRequest")"));
}

TEST_F(RedisFunctionsApp, ScanFindsEveryMatchingKey) {
  for (int i = 0; i < 25; ++i) {
    const std::string key = "scan:" + std::to_string(i);
    server_.call({"SET", key, "x"});
  }
  server_.call({"SET", "other", "x"});
  std::set<std::string> found;
  std::string token;
  int pages = 0;
  do {
    const std::string variables = token.empty() ? std::string("{}") : R"({"t": ")" + token + "\"}";
    const std::string response = query(
        R"(query($t: String) { keys(match: "scan:*", limit: 5, nextToken: $t) { items nextToken } })",
        variables);
    auto parsed = parse_json(response);
    ASSERT_TRUE(parsed.has_value()) << response;
    const Value* page = parsed->find("data")->find("keys");
    ASSERT_NE(page, nullptr) << response;
    ASSERT_TRUE(page->is_object()) << response;
    for (const Value& key : page->find("items")->as_list())
      found.insert(key.as_string());
    token = page->find("nextToken")->is_string() ? page->find("nextToken")->as_string() : "";
    ASSERT_LT(++pages, 100) << "the scan never ended";
  } while (!token.empty());
  EXPECT_EQ(found.size(), 25u);
  EXPECT_EQ(found.count("other"), 0u);
}

// --- the N+1 proof ---

class RedisBatching : public RedisFunctionsApp {
 protected:
  void SetUp() override {
    std::string posts = "[";
    for (int i = 0; i < 100; ++i) {
      const std::string id = std::to_string(i);
      if (i > 0) posts += ',';
      posts += R"({"id":)" + id + R"(,"userId":)" + id + "}";
      server_.call({"HSET", "user:" + id, "name", "user " + id});
      server_.call({"SET", "title:" + id, "title " + id});
    }
    posts += "]";
    server_.call({"HSET", "blog", "posts", posts});
    // Connections are made on first use, and batches go round the pool: make every
    // connection of the pool (2) before counting.
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(query("{ other nobody: profile(id: -1) { name } }"),
                R"({"data":{"other":"still here","nobody":null}})");
    }
    server_.reset_stats();
  }
};

TEST_F(RedisBatching, AHundredAuthorsAreOneBatchOfHgetall) {
  const redis::Stats& stats = client().stats();
  const std::uint64_t trips = stats.round_trips;
  const std::uint64_t sent = stats.sent;
  // What one reads() costs the server itself (its command, and its connection's close).
  const std::int64_t first = server_.reads();
  const std::int64_t before = server_.reads();
  const std::int64_t own = before - first;
  const std::string response = query("{ posts { id author { name } } }");
  const std::int64_t after = server_.reads();
  // The client's side: the list's HGET, then the hundred HGETALLs in one write.
  EXPECT_EQ(stats.round_trips - trips, 2u);
  EXPECT_EQ(stats.sent - sent, 101u);
  EXPECT_THAT(response, HasSubstr(R"({"id":"0","author":{"name":"user 0"}})"));
  EXPECT_THAT(response, HasSubstr(R"({"id":"99","author":{"name":"user 99"}})"));
  EXPECT_EQ(server_.calls("hgetall"), 100);
  // One read for the list (HGET), one for the hundred HGETALLs.
  EXPECT_LE(after - before - own, 2);
}

TEST_F(RedisBatching, AGetPerItemBecomesOneMget) {
  const std::string response = query("{ posts { id title } }");
  EXPECT_THAT(response, HasSubstr(R"({"id":"42","title":"title 42"})"));
  EXPECT_EQ(server_.calls("get"), 0);
  EXPECT_EQ(server_.calls("mget"), 1);
}

// --- writes ---

TEST_F(RedisFunctionsApp, SetWritesTheValueWithItsTtl) {
  EXPECT_EQ(query(R"(mutation { setGreeting(key: "en", text: "hi", ttl: 100) })"),
            R"({"data":{"setGreeting":"hi"}})");
  EXPECT_EQ(server_.call({"GET", "greeting:en"}), "hi");
  const int ttl = std::stoi(server_.call({"TTL", "greeting:en"}));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 100);
  // Without ttl (null): no expiry.
  query(R"(mutation { setGreeting(key: "fr", text: "salut") })");
  EXPECT_EQ(server_.call({"TTL", "greeting:fr"}), "-1");
}

TEST_F(RedisFunctionsApp, SetOnlyAbsentKeepsTheFirstValue) {
  EXPECT_EQ(query(R"(mutation { claim(key: "k", text: "first") })"),
            R"({"data":{"claim":"first"}})");
  EXPECT_EQ(query(R"(mutation { claim(key: "k", text: "second") })"), R"({"data":{"claim":null}})");
  EXPECT_EQ(server_.call({"GET", "claim:k"}), "first");
}

TEST_F(RedisFunctionsApp, HsetWritesTheFieldsAndTheExpiry) {
  EXPECT_EQ(query(R"(mutation { saveUser(id: 5, name: "Grace", age: 45) { name age } })"),
            R"({"data":{"saveUser":{"name":"Grace","age":45}}})");
  EXPECT_EQ(server_.call({"HGETALL", "user:5"}), "name\nGrace\nage\n45");
  EXPECT_GT(std::stoi(server_.call({"TTL", "user:5"})), 0);
  EXPECT_EQ(query("{ profile(id: 5) { name age } }"),
            R"({"data":{"profile":{"name":"Grace","age":45}}})");
}

TEST_F(RedisFunctionsApp, DelRemovesTheKeys) {
  server_.call({"SET", "a", "1"});
  server_.call({"SET", "b", "1"});
  EXPECT_EQ(query(R"(mutation { remove(keys: ["a", "b", "c"]) })"), R"({"data":{"remove":2}})");
  EXPECT_EQ(server_.call({"EXISTS", "a", "b"}), "0");
}

TEST_F(RedisFunctionsApp, IncrCountsAndStartsTheWindowOnce) {
  EXPECT_EQ(query(R"(mutation { a: hit(key: "x") })"), R"({"data":{"a":1}})");
  EXPECT_EQ(query(R"(mutation { b: hit(key: "x") })"), R"({"data":{"b":2}})");
  EXPECT_EQ(server_.call({"GET", "hits:x"}), "2");
  const int ttl = std::stoi(server_.call({"TTL", "hits:x"}));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 60);
}

TEST_F(RedisFunctionsApp, SaddAndZaddAddMembers) {
  EXPECT_EQ(query(R"(mutation { tag(id: 3, tags: ["a", "b", "a"]) })"), R"({"data":{"tag":2}})");
  EXPECT_EQ(server_.call({"SCARD", "tags:3"}), "2");
  EXPECT_EQ(query(R"(mutation { score(member: "ada", points: 12.5) })"), R"({"data":{"score":1}})");
  EXPECT_EQ(server_.call({"ZSCORE", "board", "ada"}), "12.5");
}

TEST_F(RedisFunctionsApp, XaddAppendsToTheStream) {
  const std::string response = query(R"(mutation { log(type: "created", text: "post 1") })");
  EXPECT_THAT(response, ::testing::MatchesRegex(R"(\{"data":\{"log":"[0-9]+-[0-9]+"\}\})"));
  EXPECT_EQ(server_.call({"XLEN", "events"}), "1");
  EXPECT_THAT(server_.call({"XRANGE", "events", "-", "+"}),
              HasSubstr("type\ncreated\ntext\npost 1"));
}

TEST_F(RedisFunctionsApp, PublishReachesASubscriber) {
  auto subscriber = server_.subscribe("news");
  ASSERT_TRUE(subscriber);
  EXPECT_EQ(query(R"(mutation { announce(channel: "news", text: "hello") })"),
            R"({"data":{"announce":1}})");
  void* message = nullptr;
  ASSERT_EQ(redisGetReply(subscriber.get(), &message), REDIS_OK);
  auto* m = static_cast<redisReply*>(message);
  ASSERT_EQ(m->type, REDIS_REPLY_ARRAY);
  ASSERT_EQ(m->elements, 3u);
  EXPECT_EQ(std::string(m->element[2]->str, m->element[2]->len), R"({"text":"hello"})");
  freeReplyObject(m);
}

// --- failures ---

TEST_F(RedisFunctionsApp, WhileRedisIsDownItsFieldsFailAndOthersAnswer) {
  server_.call({"HSET", "user:1", "name", "Ada"});
  server_.stop();
  const std::string response = query("{ other profile(id: 1) { name } }");
  EXPECT_THAT(response, HasSubstr(R"("data":{"other":"still here","profile":null})"));
  EXPECT_THAT(response, HasSubstr(R"("code":"DatasourceUnavailable")"));
  EXPECT_THAT(response, HasSubstr(R"("path":["profile"])"));
  EXPECT_THAT(response, ::testing::Not(HasSubstr("127.0.0.1")));
}

TEST_F(RedisFunctionsApp, AfterARestartTheFieldsAnswerAgain) {
  server_.call({"HSET", "user:1", "name", "Ada"});
  server_.stop();
  EXPECT_THAT(query("{ profile(id: 1) { name } }"), HasSubstr("DatasourceUnavailable"));
  server_.start();  // same port, empty data
  server_.call({"HSET", "user:1", "name", "Ada"});
  EXPECT_EQ(once_recovered("{ profile(id: 1) { name } }"),
            R"({"data":{"profile":{"name":"Ada"}}})");
}

class HungRedis : public RedisFunctionsApp {
 protected:
  HungRedis() : RedisFunctionsApp("0.2") {}
};

TEST_F(HungRedis, APausedRedisIsATimeoutAndResumingRecovers) {
  server_.call({"HSET", "user:1", "name", "Ada"});
  EXPECT_EQ(query("{ profile(id: 1) { name } }"), R"({"data":{"profile":{"name":"Ada"}}})");
  server_.pause();
  const std::string response = query("{ other profile(id: 1) { name } }");
  server_.resume();
  EXPECT_THAT(response, HasSubstr(R"("data":{"other":"still here","profile":null})"));
  EXPECT_THAT(response, HasSubstr(R"("code":"DatasourceTimeout")"));
  EXPECT_EQ(once_recovered("{ profile(id: 1) { name } }"),
            R"({"data":{"profile":{"name":"Ada"}}})");
}

}  // namespace
}  // namespace stashql
