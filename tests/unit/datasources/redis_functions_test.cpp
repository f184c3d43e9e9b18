// The redis.* unit functions against a fake client (redis_step_test_support.hpp): the exact
// command each sends, how values are encoded and decoded, how replies become results,
// load-time checks, and how every failure becomes the field error a client sees. The paged
// reads are in redis_paging_test.cpp; the real client and server in
// tests/integration/redis_functions_test.cpp.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/datasources/redis_step_test_support.hpp"

namespace stashql::redis {
namespace {

using testing::array;
using ::testing::HasSubstr;
using testing::RedisFunctions;
using testing::str;

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

TEST_F(RedisFunctions, HgetallWithKeysReadsEveryHashInOrder) {
  answer(array({str("name"), str("Ada")}));
  answer(array({}));
  answer(array({str("name"), str("Grace")}));
  EXPECT_EQ(run("redis.hgetall", "keys: [user:1, user:2, user:3]"),
            R"(next [{"name":"Ada"},null,{"name":"Grace"}])");
  EXPECT_EQ(sent(), "HGETALL|user:1 / HGETALL|user:2 / HGETALL|user:3");
}

TEST_F(RedisFunctions, HgetallWithNoKeysSendsNothing) {
  EXPECT_EQ(run("redis.hgetall", R"(keys: "{{ args.ids }}")", R"({"ids": []})"), "next []");
  EXPECT_EQ(sent(), "");
}

TEST_F(RedisFunctions, HgetallTakesKeyOrKeysNotBoth) {
  EXPECT_THAT(load_errors("redis.hgetall", "key: a\nkeys: [b]"),
              HasSubstr("takes `key` or `keys`, not both"));
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
  EXPECT_EQ(run("redis.get", "key: k", "{}", testing::Clients::absent),
            R"(error datasource "main" has no client in this run)");
}

// --- load-time checks ---

TEST_F(RedisFunctions, AMissingKeyIsReportedAtTheStep) {
  EXPECT_EQ(load_errors("redis.get", "decode: json"),
            "step.yaml:1:1: step 1 (redis.get) needs \"key\"\n");
}

TEST_F(RedisFunctions, WrongLiteralsAreReportedWhereTheyAre) {
  EXPECT_THAT(load_errors("redis.get", "key: k\ndecode: yaml"),
              HasSubstr("step.yaml:2:9: step 1 (redis.get): decode must be json or string"));
  EXPECT_THAT(load_errors("redis.set", "key: k\nvalue: v\nonly: sometimes"),
              HasSubstr("only must be absent or present"));
  EXPECT_THAT(load_errors("redis.zrange", "key: k\norder: up"),
              HasSubstr("order must be asc or desc"));
  EXPECT_THAT(load_errors("redis.set", "key: k\nvalue: v\nttl: 0"),
              HasSubstr("step.yaml:3:6: step 1 (redis.set): ttl: must be a whole number from 1"));
  EXPECT_THAT(load_errors("redis.zrange", "key: k\nmaxLimit: 10\nlimit: 11"),
              HasSubstr("limit: must be a whole number from 0 to 10"));
  EXPECT_THAT(load_errors("redis.xadd", "key: k\nvalue: {a: 1}\nmaxlen: \"{{ args.n }}\""),
              HasSubstr("maxlen"));
  EXPECT_THAT(load_errors("redis.zrange", "key: k\nwithScores: maybe"), HasSubstr("withScores"));
}

}  // namespace
}  // namespace stashql::redis
