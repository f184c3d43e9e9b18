// The redis.* unit functions against a fake client that records each command and answers
// canned replies: the exact command each sends, how values are encoded and decoded, how
// replies become results, the paging tokens, load-time checks, and how every failure becomes
// the field error a client sees. The real client and server are in
// tests/integration/redis_functions_test.cpp.
#include "datasources/redis/redis_functions.hpp"

#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <stashql/json.hpp>

#include "datasources/redis/redis_client.hpp"
#include "datasources/redis/redis_paging.hpp"
#include "pipeline/config.hpp"
#include "pipeline/step_args.hpp"
#include "unit/functions/function_test_support.hpp"

namespace stashql::redis {
namespace {

namespace asio = boost::asio;
using functions::testing::describe;
using functions::testing::json;
using pipeline::StepOutcome;
using ::testing::HasSubstr;

using Answer = Result<Reply, CommandError>;

// Records commands as "GET|user:1" and answers from a queue (nil when it runs out).
class FakeClient final : public Client {
 public:
  explicit FakeClient(const DatasourceConfig& config) : config_(config) {}

  const DatasourceConfig& config() const override { return config_; }
  asio::awaitable<BackendHealth> check() override { co_return BackendHealth{true, "fake"}; }
  void close() override {}
  asio::awaitable<Answer> command(std::vector<std::string> args) override {
    std::string line;
    for (const std::string& a : args) {
      if (!line.empty()) line += '|';
      line += a;
    }
    sent.push_back(std::move(line));
    if (answers.empty()) co_return Reply::nil();
    Answer answer = std::move(answers.front());
    answers.pop_front();
    co_return answer;
  }
  const Stats& stats() const override { return stats_; }

  std::vector<std::string> sent;
  std::deque<Answer> answers;

 private:
  DatasourceConfig config_;
  Stats stats_;
};

Reply str(std::string s) {
  return Reply::of_string(std::move(s));
}
Reply array(std::vector<Reply> items) {
  return Reply::array(std::move(items));
}

const pipeline::FunctionSpec& spec(std::string_view name) {
  static const std::vector<pipeline::FunctionSpec> specs = redis_functions();
  for (const auto& s : specs) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("no function " + std::string(name));
}

class RedisFunctions : public ::testing::Test {
 protected:
  RedisFunctions() {
    datasource_.name = "main";
    datasource_.kind = DatasourceKind::redis;
    datasource_.index = 0;
    std::vector<std::unique_ptr<Backend>> clients;
    auto client = std::make_unique<FakeClient>(datasource_);
    client_ = client.get();
    clients.push_back(std::move(client));
    backends_ = std::make_unique<Backends>(std::move(clients));
  }

  // Builds `use: name` from the step's YAML; the load errors, "" when it loaded.
  std::string load_errors(std::string_view name, std::string_view yaml) {
    std::unique_ptr<pipeline::UnitFunction> f;
    return build(name, yaml, f);
  }

  // Runs `use: name` with the step's YAML against `args` (JSON): the outcome in one line.
  std::string run(std::string_view name, std::string_view yaml, std::string_view args = "{}",
                  bool with_backends = true) {
    std::unique_ptr<pipeline::UnitFunction> f;
    const std::string errors = build(name, yaml, f);
    if (f == nullptr) return "not built: " + errors;
    EXPECT_TRUE(f->is_async());
    Value args_value = json(args);
    pipeline::StepContext context;
    context.scope.set(expr::Root::args, &args_value);
    context.backends = with_backends ? backends_.get() : nullptr;
    std::optional<StepOutcome> outcome;
    asio::io_context io;
    asio::co_spawn(io, f->run_async(context), [&](std::exception_ptr e, StepOutcome o) {
      if (e) std::rethrow_exception(e);
      outcome = std::move(o);
    });
    io.run();
    if (!outcome) return "did not finish";
    return describe(*outcome);
  }

  std::string build(std::string_view name, std::string_view yaml,
                    std::unique_ptr<pipeline::UnitFunction>& out) {
    const Environment env = [](std::string_view) -> std::optional<std::string> {
      return std::nullopt;
    };
    config::Reader reader("step.yaml", env);
    reader.set_source(std::string(yaml));
    const YAML::Node node = YAML::Load(std::string(yaml));
    pipeline::TemplateChecks checks;
    pipeline::YamlStepArgs args(reader, node, checks, "Query.test",
                                "step 1 (" + std::string(name) + ")");
    args.set_datasource(&datasource_);
    out = spec(name).build(args);
    std::string errors;
    for (const SourceError& e : reader.errors())
      errors += e.format() + "\n";
    return errors;
  }

  std::string sent() const {
    std::string out;
    for (const std::string& s : client_->sent) {
      if (!out.empty()) out += " / ";
      out += s;
    }
    return out;
  }

  void answer(Answer a) { client_->answers.push_back(std::move(a)); }

  DatasourceConfig datasource_;
  FakeClient* client_ = nullptr;
  std::unique_ptr<Backends> backends_;
};

// --- the registry ---

TEST_F(RedisFunctions, EveryFunctionIsRegisteredOnARedisDatasourceWithItsEffect) {
  const pipeline::FunctionRegistry registry = pipeline::builtin_functions();
  const std::vector<std::string> reads = {"redis.get",  "redis.mget",     "redis.hgetall",
                                          "redis.hget", "redis.smembers", "redis.zrange",
                                          "redis.scan"};
  const std::vector<std::string> writes = {"redis.set",  "redis.hset",   "redis.del",
                                           "redis.incr", "redis.sadd",   "redis.zadd",
                                           "redis.xadd", "redis.publish"};
  for (const auto& [names, effect] :
       {std::pair{reads, pipeline::Effect::reads}, std::pair{writes, pipeline::Effect::writes}}) {
    for (const std::string& name : names) {
      const pipeline::FunctionSpec* s = registry.find(name);
      ASSERT_NE(s, nullptr) << name;
      EXPECT_EQ(s->effect, effect) << name;
      EXPECT_EQ(s->datasource, DatasourceKind::redis) << name;
    }
  }
  EXPECT_EQ(redis_functions().size(), reads.size() + writes.size());
}

// --- reads ---

TEST_F(RedisFunctions, GetSendsGetWithTheRenderedKeyAndDecodesJson) {
  answer(str(R"({"name":"Ada","age":36})"));
  EXPECT_EQ(run("redis.get", R"(key: "user:{{ args.id }}")", R"({"id": "ada"})"),
            R"(next {"name":"Ada","age":36})");
  EXPECT_EQ(sent(), "GET|user:ada");
}

TEST_F(RedisFunctions, GetOfAMissingKeyIsNull) {
  answer(Reply::nil());
  EXPECT_EQ(run("redis.get", "key: k"), "next null");
}

TEST_F(RedisFunctions, DecodeStringKeepsStoredJsonAsText) {
  answer(str(R"({"a":1})"));
  EXPECT_EQ(run("redis.get", "key: k\ndecode: string"), R"(next "{\"a\":1}")");
}

TEST_F(RedisFunctions, AKeyThatIsANumberIsWrittenInDecimal) {
  run("redis.get", R"(key: "{{ args.id }}")", R"({"id": 42})");
  run("redis.get", R"(key: "{{ args.id }}")", R"({"id": 1.5})");
  EXPECT_EQ(sent(), "GET|42 / GET|1.5");
}

TEST_F(RedisFunctions, AKeyThatIsNotTextIsAnErrorNamingTheKeyAndSendsNothing) {
  EXPECT_EQ(run("redis.get", R"(key: "{{ args.id }}")", R"({"id": {"a": 1}})"),
            "error key: must be a string or a number, got an object");
  EXPECT_EQ(run("redis.get", R"(key: "{{ args.id }}")", R"({})"),
            "error key: must be a string or a number, got null");
  EXPECT_EQ(sent(), "");
}

TEST_F(RedisFunctions, MgetSendsTheKeysAndGivesNullForMissingOnes) {
  answer(array({str("1"), Reply::nil(), str("text")}));
  EXPECT_EQ(run("redis.mget", R"(keys: "{{ args.ids }}")", R"({"ids": ["a", "b", 3]})"),
            R"(next [1,null,"text"])");
  EXPECT_EQ(sent(), "MGET|a|b|3");
}

TEST_F(RedisFunctions, MgetOfNoKeysIsAnEmptyListWithoutACommand) {
  EXPECT_EQ(run("redis.mget", R"(keys: "{{ args.ids }}")", R"({"ids": []})"), "next []");
  EXPECT_EQ(sent(), "");
}

TEST_F(RedisFunctions, MgetKeysMustBeAList) {
  EXPECT_EQ(run("redis.mget", R"(keys: "{{ args.ids }}")", R"({"ids": "a"})"),
            "error keys: must be a list, got a string");
  EXPECT_EQ(run("redis.mget", R"(keys: "{{ args.ids }}")", R"({"ids": ["a", [1]]})"),
            "error keys: item [1] must be a string or a number, got a list");
}

TEST_F(RedisFunctions, HgetallGivesAnObjectWithDecodedValues) {
  answer(array({str("name"), str("Ada"), str("posts"), str("12"), str("tags"), str(R"(["x"])")}));
  EXPECT_EQ(run("redis.hgetall", "key: user:1"), R"(next {"name":"Ada","posts":12,"tags":["x"]})");
  EXPECT_EQ(sent(), "HGETALL|user:1");
}

TEST_F(RedisFunctions, HgetallOfAMissingKeyIsNull) {
  answer(array({}));
  EXPECT_EQ(run("redis.hgetall", "key: user:1"), "next null");
}

TEST_F(RedisFunctions, HgetallWithDecodeStringKeepsText) {
  answer(array({str("posts"), str("12")}));
  EXPECT_EQ(run("redis.hgetall", "key: user:1\ndecode: string"), R"(next {"posts":"12"})");
}

TEST_F(RedisFunctions, HgetSendsKeyAndField) {
  answer(str("36"));
  EXPECT_EQ(run("redis.hget", R"(key: user:1
field: "{{ args.f }}")",
                R"({"f": "age"})"),
            "next 36");
  EXPECT_EQ(sent(), "HGET|user:1|age");
}

TEST_F(RedisFunctions, SmembersAreSortedAndDecoded) {
  answer(array({str("pear"), str("2"), str("apple"), str("10")}));
  EXPECT_EQ(run("redis.smembers", "key: s"), R"(next [10,2,"apple","pear"])");
  EXPECT_EQ(sent(), "SMEMBERS|s");
}

// --- zrange ---

constexpr std::string_view kZrange = R"(key: "board:{{ args.board }}"
limit: "{{ args.limit }}"
nextToken: "{{ args.nextToken }}"
)";

TEST_F(RedisFunctions, ZrangeAsksForOneMoreThanThePageToKnowIfThereIsANext) {
  answer(array({str("a"), str("b"), str("c")}));
  const std::string first = run("redis.zrange", kZrange, R"({"board": 1, "limit": 2})");
  EXPECT_EQ(sent(), "ZRANGE|board:1|0|2");
  const std::string token = make_page_token("2", "zrange asc\nboard:1");
  EXPECT_EQ(first, R"(next {"items":["a","b"],"nextToken":")" + token + "\"}");

  answer(array({str("c")}));
  EXPECT_EQ(
      run("redis.zrange", kZrange, R"({"board": 1, "limit": 2, "nextToken": ")" + token + "\"}"),
      R"(next {"items":["c"],"nextToken":null})");
  EXPECT_EQ(client_->sent.back(), "ZRANGE|board:1|2|4");
}

TEST_F(RedisFunctions, ZrangeDefaultsToTwentyInAscendingOrder) {
  answer(array({}));
  EXPECT_EQ(run("redis.zrange", "key: z"), R"(next {"items":[],"nextToken":null})");
  EXPECT_EQ(sent(), "ZRANGE|z|0|20");
}

TEST_F(RedisFunctions, ZrangeDescWithScoresGivesMembersAndScores) {
  answer(array({str("bob"), str("12.5"), str(R"({"id":1})"), str("3")}));
  EXPECT_EQ(run("redis.zrange", "key: z\norder: desc\nwithScores: true\nlimit: 5"),
            R"(next {"items":[{"member":"bob","score":12.5},{"member":{"id":1},"score":3}],)"
            R"("nextToken":null})");
  EXPECT_EQ(sent(), "ZRANGE|z|0|5|REV|WITHSCORES");
}

TEST_F(RedisFunctions, ZrangeLimitAboveMaxLimitIsABadRequest) {
  EXPECT_EQ(run("redis.zrange", kZrange, R"({"board": 1, "limit": 101})"),
            R"(fail limit must be between 0 and 100 {"code":"BadRequest"})");
  EXPECT_EQ(
      run("redis.zrange", "key: z\nmaxLimit: 5\nlimit: \"{{ args.limit }}\"", R"({"limit": 6})"),
      R"(fail limit must be between 0 and 5 {"code":"BadRequest"})");
  EXPECT_EQ(sent(), "");
}

TEST_F(RedisFunctions, ZrangeRefusesATokenOfAnotherKeyOrOrder) {
  const std::string other_key = make_page_token("2", "zrange asc\nboard:2");
  const std::string other_order = make_page_token("2", "zrange desc\nboard:1");
  for (const std::string& token : {other_key, other_order}) {
    EXPECT_EQ(run("redis.zrange", kZrange, R"({"board": 1, "nextToken": ")" + token + "\"}"),
              R"(fail invalid nextToken {"code":"BadRequest"})");
  }
  EXPECT_EQ(sent(), "");
}

TEST_F(RedisFunctions, ZrangeRefusesATamperedOrForeignToken) {
  std::string token = make_page_token("2", "zrange asc\nboard:1");
  token[3] = token[3] == 'A' ? 'B' : 'A';
  for (const std::string& bad : {token, std::string("not a token"), std::string("cDE6Mg")}) {
    EXPECT_EQ(run("redis.zrange", kZrange, R"({"board": 1, "nextToken": ")" + bad + "\"}"),
              R"(fail invalid nextToken {"code":"BadRequest"})")
        << bad;
  }
  EXPECT_EQ(run("redis.zrange", kZrange, R"({"board": 1, "nextToken": 12})"),
            R"(fail invalid nextToken {"code":"BadRequest"})");
  EXPECT_EQ(sent(), "");
}

TEST_F(RedisFunctions, ZrangeWithAnEmptyTokenStartsAtTheBeginning) {
  answer(array({}));
  run("redis.zrange", kZrange, R"({"board": 1, "nextToken": ""})");
  EXPECT_EQ(sent(), "ZRANGE|board:1|0|20");
}

// --- the token ---

TEST(RedisPageToken, ReadsBackThePositionForTheSameScopeOnly) {
  const std::string token = make_page_token("1234", "scan\nuser:*");
  EXPECT_EQ(read_page_token(token, "scan\nuser:*"), "1234");
  EXPECT_EQ(read_page_token(token, "scan\npost:*"), std::nullopt);
  EXPECT_EQ(read_page_token("", "scan\nuser:*"), std::nullopt);
  EXPECT_EQ(read_page_token("e30", "scan\nuser:*"), std::nullopt);  // "{}"
  // The token is URL-safe text: no padding, no '+' or '/'.
  EXPECT_EQ(token.find_first_of("+/="), std::string::npos);
}

// --- scan ---

TEST_F(RedisFunctions, ScanWalksTheCursorUntilZero) {
  constexpr std::string_view kScan = R"(match: "user:*"
nextToken: "{{ args.nextToken }}"
)";
  answer(array({str("17"), array({str("user:1"), str("user:2")})}));
  const std::string token = make_page_token("17", "scan\nuser:*");
  EXPECT_EQ(run("redis.scan", kScan),
            R"(next {"items":["user:1","user:2"],"nextToken":")" + token + "\"}");
  answer(array({str("0"), array({str("user:3")})}));
  EXPECT_EQ(run("redis.scan", kScan, R"({"nextToken": ")" + token + "\"}"),
            R"(next {"items":["user:3"],"nextToken":null})");
  EXPECT_EQ(sent(), "SCAN|0|MATCH|user:*|COUNT|100 / SCAN|17|MATCH|user:*|COUNT|100");
}

TEST_F(RedisFunctions, ScanRefusesATokenOfAnotherPattern) {
  const std::string token = make_page_token("17", "scan\npost:*");
  EXPECT_EQ(run("redis.scan", "match: \"user:*\"\nnextToken: \"{{ args.t }}\"",
                R"({"t": ")" + token + "\"}"),
            R"(fail invalid nextToken {"code":"BadRequest"})");
  EXPECT_EQ(sent(), "");
}

TEST_F(RedisFunctions, ScanLimitIsAtMostAThousand) {
  answer(array({str("0"), array({})}));
  run("redis.scan", "limit: 1000");
  EXPECT_EQ(sent(), "SCAN|0|MATCH|*|COUNT|1000");
  EXPECT_EQ(run("redis.scan", R"(limit: "{{ args.n }}")", R"({"n": 1001})"),
            R"(fail limit must be between 1 and 1000 {"code":"BadRequest"})");
  EXPECT_THAT(load_errors("redis.scan", "limit: 5000"),
              HasSubstr("limit: must be a whole number from 1 to 1000"));
}

// --- writes ---

TEST_F(RedisFunctions, SetWritesStringsAsTheyAreAndGivesTheValueBack) {
  answer(Reply::status("OK"));
  EXPECT_EQ(run("redis.set", R"(key: k
value: "{{ args.v }}")",
                R"({"v": "hello"})"),
            R"(next "hello")");
  EXPECT_EQ(sent(), "SET|k|hello");
}

TEST_F(RedisFunctions, SetWritesOtherValuesAsJson) {
  answer(Reply::status("OK"));
  answer(Reply::status("OK"));
  EXPECT_EQ(run("redis.set", "key: k\nvalue: {a: 1, b: [true, null]}"),
            R"(next {"a":1,"b":[true,null]})");
  run("redis.set", "key: n\nvalue: 12");
  EXPECT_EQ(sent(), R"(SET|k|{"a":1,"b":[true,null]} / SET|n|12)");
}

TEST_F(RedisFunctions, SetWithTtlAndOnlyAbsent) {
  answer(Reply::status("OK"));
  run("redis.set", "key: k\nvalue: v\nttl: 60\nonly: absent");
  EXPECT_EQ(sent(), "SET|k|v|EX|60|NX");
}

TEST_F(RedisFunctions, SetOnlyPresentGivesNullWhenNothingWasWritten) {
  answer(Reply::nil());
  EXPECT_EQ(run("redis.set", "key: k\nvalue: v\nonly: present"), "next null");
  EXPECT_EQ(sent(), "SET|k|v|XX");
}

TEST_F(RedisFunctions, ATtlFromATemplateMustBeAPositiveWholeNumber) {
  EXPECT_EQ(run("redis.set", "key: k\nvalue: v\nttl: \"{{ args.ttl }}\"", R"({"ttl": 0})"),
            "error ttl: must be a whole number from 1 to 2147483647, got 0");
  EXPECT_EQ(run("redis.set", "key: k\nvalue: v\nttl: \"{{ args.ttl }}\"", R"({"ttl": "1"})"),
            "error ttl: must be a whole number from 1 to 2147483647, got a string");
  EXPECT_EQ(sent(), "");
  // A null ttl is an optional argument left out: no expiry.
  answer(Reply::status("OK"));
  run("redis.set", "key: k\nvalue: v\nttl: \"{{ args.ttl }}\"", "{}");
  EXPECT_EQ(sent(), "SET|k|v");
}

TEST_F(RedisFunctions, HsetWritesEachFieldAndGivesTheObject) {
  answer(Reply::of_integer(2));
  EXPECT_EQ(run("redis.hset", R"(key: "user:{{ args.id }}"
value: {name: "{{ args.name }}", tags: [a, b]})",
                R"({"id": 7, "name": "Ada"})"),
            R"(next {"name":"Ada","tags":["a","b"]})");
  EXPECT_EQ(sent(), R"(HSET|user:7|name|Ada|tags|["a","b"])");
}

TEST_F(RedisFunctions, HsetWithTtlSendsExpireInTheSameTurn) {
  answer(Reply::of_integer(1));
  answer(Reply::of_integer(1));
  EXPECT_EQ(run("redis.hset", "key: h\nvalue: {a: 1}\nttl: 30"), R"(next {"a":1})");
  EXPECT_EQ(sent(), "HSET|h|a|1 / EXPIRE|h|30");
}

TEST_F(RedisFunctions, HsetValueMustBeAnObjectWithFields) {
  EXPECT_EQ(run("redis.hset", R"(key: h
value: "{{ args.v }}")",
                R"({"v": [1]})"),
            "error value: must be an object with at least one field, got a list");
  EXPECT_EQ(run("redis.hset", "key: h\nvalue: {}"),
            "error value: must be an object with at least one field, got an empty object");
  EXPECT_EQ(sent(), "");
}

TEST_F(RedisFunctions, DelRemovesOneKeyOrAList) {
  answer(Reply::of_integer(1));
  answer(Reply::of_integer(2));
  EXPECT_EQ(run("redis.del", "key: a"), "next 1");
  EXPECT_EQ(run("redis.del", R"(keys: "{{ args.ks }}")", R"({"ks": ["a", "b"]})"), "next 2");
  EXPECT_EQ(run("redis.del", R"(keys: "{{ args.ks }}")", R"({"ks": []})"), "next 0");
  EXPECT_EQ(sent(), "DEL|a / DEL|a|b");
}

TEST_F(RedisFunctions, DelNeedsKeyOrKeysButNotBoth) {
  EXPECT_THAT(load_errors("redis.del", "key: a\nkeys: [b]"),
              HasSubstr("takes `key` or `keys`, not both"));
  EXPECT_THAT(load_errors("redis.del", "{}"), HasSubstr("needs `key` (one key) or `keys`"));
}

TEST_F(RedisFunctions, IncrAddsByAndSetsTheTtlOnlyOnANewCounter) {
  answer(Reply::of_integer(5));
  answer(Reply::of_integer(1));
  EXPECT_EQ(run("redis.incr", "key: c\nby: 5\nttl: 60"), "next 5");
  EXPECT_EQ(sent(), "INCRBY|c|5 / EXPIRE|c|60");
  client_->sent.clear();
  answer(Reply::of_integer(10));
  EXPECT_EQ(run("redis.incr", "key: c\nby: 5\nttl: 60"), "next 10");
  EXPECT_EQ(sent(), "INCRBY|c|5");
}

TEST_F(RedisFunctions, IncrByDefaultsToOne) {
  answer(Reply::of_integer(1));
  EXPECT_EQ(run("redis.incr", "key: c"), "next 1");
  EXPECT_EQ(sent(), "INCRBY|c|1");
}

TEST_F(RedisFunctions, SaddTakesOneMemberOrAList) {
  answer(Reply::of_integer(1));
  answer(Reply::of_integer(2));
  EXPECT_EQ(run("redis.sadd", "key: s\nmembers: x"), "next 1");
  EXPECT_EQ(run("redis.sadd", R"(key: s
members: "{{ args.m }}")",
                R"({"m": ["y", 3]})"),
            "next 2");
  EXPECT_EQ(run("redis.sadd", R"(key: s
members: "{{ args.m }}")",
                R"({"m": []})"),
            "next 0");
  EXPECT_EQ(sent(), "SADD|s|x / SADD|s|y|3");
}

TEST_F(RedisFunctions, ZaddSendsScoreThenMember) {
  answer(Reply::of_integer(1));
  EXPECT_EQ(run("redis.zadd", R"(key: z
member: "{{ args.who }}"
score: "{{ args.score }}")",
                R"({"who": "ada", "score": 12.5})"),
            "next 1");
  EXPECT_EQ(sent(), "ZADD|z|12.5|ada");
  EXPECT_EQ(run("redis.zadd", R"(key: z
member: m
score: "{{ args.score }}")",
                R"({"score": "12"})"),
            "error score: must be a number, got a string");
}

TEST_F(RedisFunctions, XaddAppendsFieldsWithAnApproximateCap) {
  answer(str("1700000000000-0"));
  EXPECT_EQ(run("redis.xadd", R"(key: events
maxlen: 1000
value: {type: created, post: {id: 1}})"),
            R"(next "1700000000000-0")");
  EXPECT_EQ(sent(), R"(XADD|events|MAXLEN|~|1000|*|type|created|post|{"id":1})");
}

TEST_F(RedisFunctions, PublishSendsTheEncodedMessage) {
  answer(Reply::of_integer(3));
  EXPECT_EQ(run("redis.publish", R"(channel: "posts:{{ args.id }}"
message: {event: new})",
                R"({"id": 1})"),
            "next 3");
  EXPECT_EQ(sent(), R"(PUBLISH|posts:1|{"event":"new"})");
}

// --- failures ---

TEST_F(RedisFunctions, AnUnreachableRedisIsDatasourceUnavailable) {
  answer(CommandError{CommandError::Kind::unavailable, "connection refused at 10.0.0.1:6379"});
  const std::string outcome = run("redis.get", "key: k");
  EXPECT_EQ(outcome, R"(fail Datasource "main" is unavailable. )"
                     R"({"code":"DatasourceUnavailable","datasource":"main"})");
  EXPECT_THAT(outcome, ::testing::Not(HasSubstr("10.0.0.1")));
}

TEST_F(RedisFunctions, ATimeoutIsDatasourceTimeout) {
  answer(CommandError{CommandError::Kind::timeout, "no reply in 200 ms"});
  EXPECT_EQ(run("redis.hgetall", "key: k"), R"(fail Datasource "main" did not answer in time. )"
                                            R"({"code":"DatasourceTimeout","datasource":"main"})");
}

TEST_F(RedisFunctions, AClosedClientIsDatasourceUnavailable) {
  answer(CommandError{CommandError::Kind::closed, "closed"});
  EXPECT_THAT(run("redis.set", "key: k\nvalue: v"), HasSubstr("DatasourceUnavailable"));
}

TEST_F(RedisFunctions, AnErrorReplyIsDatasourceErrorWithoutItsText) {
  answer(Reply::error("WRONGTYPE Operation against a key holding the wrong kind of value"));
  const std::string outcome = run("redis.get", "key: k");
  EXPECT_EQ(outcome, R"(fail Datasource "main" refused the request. )"
                     R"({"code":"DatasourceError","datasource":"main"})");
}

TEST_F(RedisFunctions, AFailureOfTheSecondCommandOfABatchFailsTheStep) {
  answer(Reply::of_integer(1));
  answer(CommandError{CommandError::Kind::timeout, "late"});
  EXPECT_THAT(run("redis.hset", "key: h\nvalue: {a: 1}\nttl: 30"), HasSubstr("DatasourceTimeout"));
}

TEST_F(RedisFunctions, AReplyOfAnUnexpectedKindIsDatasourceError) {
  answer(Reply::of_integer(1));
  EXPECT_THAT(run("redis.hgetall", "key: k"), HasSubstr("DatasourceError"));
}

TEST_F(RedisFunctions, WithoutAClientTheStepIsAnErrorNamingTheDatasource) {
  EXPECT_EQ(run("redis.get", "key: k", "{}", /*with_backends=*/false),
            R"(error datasource "main" has no client in this run)");
}

// --- load-time checks ---

TEST_F(RedisFunctions, AMissingKeyIsReportedAtTheStep) {
  EXPECT_EQ(load_errors("redis.get", "decode: json"),
            "step.yaml:1:1: step 1 (redis.get) needs \"key\"\n");
}

TEST_F(RedisFunctions, WrongLiteralsAreReportedWhereTheyAre) {
  EXPECT_THAT(load_errors("redis.get", "key: k\ndecode: yaml"),
              HasSubstr("step.yaml:2:9: step 1 (redis.get) decode must be json or string"));
  EXPECT_THAT(load_errors("redis.set", "key: k\nvalue: v\nonly: sometimes"),
              HasSubstr("only must be absent or present"));
  EXPECT_THAT(load_errors("redis.zrange", "key: k\norder: up"),
              HasSubstr("order must be asc or desc"));
  EXPECT_THAT(load_errors("redis.set", "key: k\nvalue: v\nttl: 0"),
              HasSubstr("step.yaml:3:6: step 1 (redis.set) ttl: must be a whole number from 1"));
  EXPECT_THAT(load_errors("redis.zrange", "key: k\nmaxLimit: 10\nlimit: 11"),
              HasSubstr("limit: must be a whole number from 0 to 10"));
  EXPECT_THAT(load_errors("redis.xadd", "key: k\nvalue: {a: 1}\nmaxlen: \"{{ args.n }}\""),
              HasSubstr("maxlen"));
  EXPECT_THAT(load_errors("redis.zrange", "key: k\nwithScores: maybe"), HasSubstr("withScores"));
}

}  // namespace
}  // namespace stashql::redis
