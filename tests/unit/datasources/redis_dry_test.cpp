// The Redis writes under `--dry`: the line each command is recorded as, the read that stands
// in for it and the reply it would have had (redis_dry.hpp, pure), and each write function run
// dry against the fake client — what it records, that only reads reach Redis, and the result
// the next steps see. Their real runs are in redis_functions_test.cpp; dry runs against a real
// redis-server in tests/integration/redis_dry_test.cpp.
#include "datasources/redis/redis_dry.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/datasources/redis_step_test_support.hpp"

namespace stashql::redis {
namespace {

using testing::array;
using ::testing::HasSubstr;
using testing::str;

// --- the recorded line ---

TEST(RedisDryLine, ArgumentsArePlainUnlessTheyNeedQuotes) {
  EXPECT_EQ(command_line({"HSET", "user:1", "name", "Ada"}), "HSET user:1 name Ada");
  EXPECT_EQ(command_line({"SET", "post:1", R"({"title":"Hi"})", "EX", "60"}),
            R"(SET post:1 "{\"title\":\"Hi\"}" EX 60)");
  EXPECT_EQ(command_line({"EXPIRE", "user:1", "60"}), "EXPIRE user:1 60");
}

TEST(RedisDryLine, EmptySpacedEscapedAndControlArgumentsAreQuotedWithJsonEscapes) {
  EXPECT_EQ(command_line({"SET", "k", ""}), R"(SET k "")");
  EXPECT_EQ(command_line({"SET", "k", "two words"}), R"(SET k "two words")");
  EXPECT_EQ(command_line({"SET", "k", R"(a\b)"}), R"(SET k "a\\b")");
  EXPECT_EQ(command_line({"SET", "k", "line\nnext\ttab"}), R"(SET k "line\nnext\ttab")");
  EXPECT_EQ(command_line({"SET", "k", std::string("a\x01", 2)}), R"(SET k "a\u0001")");
  EXPECT_EQ(command_line({"SET", "k", "say \"hi\""}), R"(SET k "say \"hi\"")");
}

TEST(RedisDryLine, TextInUtf8StaysAsItIsAndOtherBytesAreQuoted) {
  EXPECT_EQ(command_line({"SET", "k", "café"}), "SET k café");
  EXPECT_EQ(command_line({"SET", "k", "\xff"}), "SET k \"\xEF\xBF\xBD\"");
}

TEST(RedisDryLine, TheCommandIsInCapitals) {
  EXPECT_EQ(command_line({"set", "k", "v"}), "SET k v");
}

// --- the reads that stand in for writes, and the replies they give ---

using Command = std::vector<std::string>;

std::string joined(const Command& command) {
  std::string out;
  for (const std::string& a : command)
    out += (out.empty() ? "" : "|") + a;
  return out;
}

TEST(RedisDryReads, EachWriteAsksRedisOnlyWhatItsReplyDependsOn) {
  EXPECT_EQ(joined(stand_in_read({"SET", "k", "v", "EX", "60"})), "");
  EXPECT_EQ(joined(stand_in_read({"SET", "k", "NX", "NX"})), "EXISTS|k");
  EXPECT_EQ(joined(stand_in_read({"SET", "k", "v", "XX"})), "EXISTS|k");
  EXPECT_EQ(joined(stand_in_read({"HSET", "h", "a", "1"})), "");
  EXPECT_EQ(joined(stand_in_read({"EXPIRE", "h", "60"})), "");
  EXPECT_EQ(joined(stand_in_read({"DEL", "a", "b", "a"})), "EXISTS|a|b");
  EXPECT_EQ(joined(stand_in_read({"INCRBY", "c", "5"})), "GET|c");
  EXPECT_EQ(joined(stand_in_read({"SADD", "s", "x", "y", "x"})), "SMISMEMBER|s|x|y");
  EXPECT_EQ(joined(stand_in_read({"ZADD", "z", "12.5", "ada"})), "ZSCORE|z|ada");
  EXPECT_EQ(joined(stand_in_read({"XADD", "events", "*", "a", "1"})), "");
  EXPECT_EQ(joined(stand_in_read({"PUBLISH", "news", "hi"})), "PUBSUB|NUMSUB|news");
}

std::string reply_of(const Command& command, const Reply& read) {
  const Reply r = simulated_reply(command, read, 1700000000123);
  switch (r.kind) {
    case Reply::Kind::nil:
      return "nil";
    case Reply::Kind::status:
      return "status " + r.text;
    case Reply::Kind::error:
      return "error " + r.text;
    case Reply::Kind::integer:
      return "integer " + std::to_string(r.integer);
    case Reply::Kind::string:
      return "string " + r.text;
    case Reply::Kind::array:
      return "array";
  }
  return "?";
}

TEST(RedisDryReplies, SetIsOkUnlessItsConditionWouldKeepItFromWriting) {
  EXPECT_EQ(reply_of({"SET", "k", "v"}, Reply::nil()), "status OK");
  EXPECT_EQ(reply_of({"SET", "k", "v", "NX"}, Reply::of_integer(0)), "status OK");
  EXPECT_EQ(reply_of({"SET", "k", "v", "EX", "9", "NX"}, Reply::of_integer(1)), "nil");
  EXPECT_EQ(reply_of({"SET", "k", "v", "XX"}, Reply::of_integer(1)), "status OK");
  EXPECT_EQ(reply_of({"SET", "k", "v", "XX"}, Reply::of_integer(0)), "nil");
  // A value spelled like an option is the value, not the condition.
  EXPECT_EQ(reply_of({"SET", "k", "XX"}, Reply::nil()), "status OK");
}

TEST(RedisDryReplies, IncrbyAddsToTheStoredIntegerOrStartsFromZero) {
  const Command incr = {"INCRBY", "c", "5"};
  EXPECT_EQ(reply_of(incr, Reply::nil()), "integer 5");
  EXPECT_EQ(reply_of(incr, str("10")), "integer 15");
  EXPECT_EQ(reply_of(incr, str("-7")), "integer -2");
  EXPECT_EQ(reply_of({"INCRBY", "c", "-1"}, str("0")), "integer -1");
}

TEST(RedisDryReplies, IncrbyOfWhatRedisWouldNotCountGivesRedisError) {
  const Command incr = {"INCRBY", "c", "1"};
  const std::string not_integer = "error ERR value is not an integer or out of range";
  for (const char* stored : {"abc", "", "1.5", "007", "-0", " 1", "+1", "1 ", "-",
                             "9223372036854775808", "12345678901234567890"}) {
    EXPECT_EQ(reply_of(incr, str(stored)), not_integer) << stored;
  }
  EXPECT_EQ(reply_of(incr, str("9223372036854775807")),
            "error ERR increment or decrement would overflow");
  EXPECT_EQ(reply_of({"INCRBY", "c", "-1"}, str("-9223372036854775808")),
            "error ERR increment or decrement would overflow");
  EXPECT_EQ(reply_of({"INCRBY", "c", "-1"}, str("9223372036854775807")),
            "integer 9223372036854775806");
}

TEST(RedisDryReplies, CountsComeFromTheReads) {
  EXPECT_EQ(reply_of({"DEL", "a", "b"}, Reply::of_integer(1)), "integer 1");
  EXPECT_EQ(reply_of({"SADD", "s", "x", "y", "z"},
                     array({Reply::of_integer(1), Reply::of_integer(0), Reply::of_integer(0)})),
            "integer 2");
  EXPECT_EQ(reply_of({"ZADD", "z", "1", "m"}, Reply::nil()), "integer 1");
  EXPECT_EQ(reply_of({"ZADD", "z", "1", "m"}, str("3")), "integer 0");
  EXPECT_EQ(reply_of({"PUBLISH", "news", "hi"}, array({str("news"), Reply::of_integer(3)})),
            "integer 3");
}

TEST(RedisDryReplies, WritesWithoutAReadGetTheReplyOfASuccess) {
  EXPECT_EQ(reply_of({"HSET", "h", "a", "1", "b", "2"}, Reply::nil()), "integer 2");
  EXPECT_EQ(reply_of({"EXPIRE", "h", "60"}, Reply::nil()), "integer 1");
  EXPECT_EQ(reply_of({"XADD", "events", "*", "a", "1"}, Reply::nil()), "string 1700000000123-0");
}

TEST(RedisDryReplies, AReadOfAnUnexpectedShapeIsHandedBackForTheWriteToReport) {
  EXPECT_EQ(reply_of({"PUBLISH", "news", "hi"}, Reply::of_integer(3)), "integer 3");
  EXPECT_EQ(reply_of({"SADD", "s", "x"}, str("?")), "string ?");
  EXPECT_EQ(reply_of({"INCRBY", "c", "1"}, array({})), "array");
}

// --- the write functions, run dry ---

class RedisDry : public testing::RedisFunctions {
 protected:
  RedisDry() { dry_ = &dry_run_; }

  // The recorded lines, joined by " / ", and cleared for the next run.
  std::string recorded() {
    std::string out;
    for (const std::string& line : dry_run_.writes)
      out += (out.empty() ? "" : " / ") + line;
    dry_run_.writes.clear();
    return out;
  }
  // The commands that reached the client, cleared for the next run.
  std::string sent_now() {
    std::string out = sent();
    client_->sent.clear();
    return out;
  }

  pipeline::DryRun dry_run_;
};

TEST_F(RedisDry, EveryWriteSimulatesAndNoReadDoes) {
  const std::vector<std::pair<std::string, std::string>> steps = {
      {"redis.get", "key: k"},
      {"redis.mget", "keys: [k]"},
      {"redis.hgetall", "key: k"},
      {"redis.hget", "key: k\nfield: f"},
      {"redis.smembers", "key: k"},
      {"redis.zrange", "key: k"},
      {"redis.scan", "match: \"*\""},
      {"redis.set", "key: k\nvalue: v"},
      {"redis.hset", "key: k\nvalue: {a: 1}"},
      {"redis.del", "key: k"},
      {"redis.incr", "key: k"},
      {"redis.sadd", "key: k\nmembers: m"},
      {"redis.zadd", "key: k\nmember: m\nscore: 1"},
      {"redis.xadd", "key: k\nvalue: {a: 1}"},
      {"redis.publish", "channel: c\nmessage: m"},
  };
  ASSERT_EQ(steps.size(), redis_functions().size());
  for (const auto& [name, yaml] : steps) {
    std::unique_ptr<pipeline::UnitFunction> f;
    EXPECT_EQ(build(name, yaml, f), "") << name;
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->simulates_writes(), testing::spec(name).effect == pipeline::Effect::writes)
        << name;
  }
}

TEST_F(RedisDry, SetRecordsItsCommandAndGivesTheValueWithoutSendingAnything) {
  EXPECT_EQ(run("redis.set", "key: post:1\nvalue: {title: Hi}\nttl: 60"), R"(next {"title":"Hi"})");
  EXPECT_EQ(recorded(), R"(SET post:1 "{\"title\":\"Hi\"}" EX 60)");
  EXPECT_EQ(sent_now(), "");
}

TEST_F(RedisDry, SetOnlyAbsentAsksWhetherTheKeyExists) {
  answer(Reply::of_integer(0));
  EXPECT_EQ(run("redis.set", "key: k\nvalue: v\nonly: absent"), R"(next "v")");
  EXPECT_EQ(recorded(), "SET k v NX");
  EXPECT_EQ(sent_now(), "EXISTS|k");
  answer(Reply::of_integer(1));
  EXPECT_EQ(run("redis.set", "key: k\nvalue: v\nonly: absent"), "next null");
  EXPECT_EQ(recorded(), "SET k v NX");
  EXPECT_EQ(sent_now(), "EXISTS|k");
}

TEST_F(RedisDry, SetOnlyPresentIsNullForAMissingKey) {
  answer(Reply::of_integer(0));
  EXPECT_EQ(run("redis.set", "key: k\nvalue: v\nonly: present"), "next null");
  EXPECT_EQ(recorded(), "SET k v XX");
  EXPECT_EQ(sent_now(), "EXISTS|k");
}

TEST_F(RedisDry, HsetRecordsTheHashAndItsExpiryAndGivesTheObject) {
  EXPECT_EQ(run("redis.hset", "key: user:1\nvalue: {name: Ada, tags: [a]}\nttl: 30"),
            R"(next {"name":"Ada","tags":["a"]})");
  EXPECT_EQ(recorded(), R"(HSET user:1 name Ada tags "[\"a\"]" / EXPIRE user:1 30)");
  EXPECT_EQ(sent_now(), "");
  EXPECT_EQ(run("redis.hset", "key: user:1\nvalue: {name: Ada Lovelace}"),
            R"(next {"name":"Ada Lovelace"})");
  EXPECT_EQ(recorded(), R"(HSET user:1 name "Ada Lovelace")");
}

TEST_F(RedisDry, DelCountsTheKeysThatExist) {
  answer(Reply::of_integer(1));
  EXPECT_EQ(run("redis.del", R"(keys: "{{ args.ks }}")", R"({"ks": ["a", "b", "a"]})"), "next 1");
  EXPECT_EQ(recorded(), "DEL a b a");
  EXPECT_EQ(sent_now(), "EXISTS|a|b");
  answer(Reply::of_integer(0));
  EXPECT_EQ(run("redis.del", "key: a"), "next 0");
  EXPECT_EQ(recorded(), "DEL a");
  EXPECT_EQ(sent_now(), "EXISTS|a");
}

TEST_F(RedisDry, IncrOfANewCounterIsByAndRecordsItsExpiry) {
  answer(Reply::nil());
  EXPECT_EQ(run("redis.incr", "key: c\nby: 5\nttl: 60"), "next 5");
  EXPECT_EQ(recorded(), "INCRBY c 5 / EXPIRE c 60");
  EXPECT_EQ(sent_now(), "GET|c");
}

TEST_F(RedisDry, IncrOfAnExistingCounterAddsToItAndLeavesItsExpiry) {
  answer(str("10"));
  EXPECT_EQ(run("redis.incr", "key: c\nby: 5\nttl: 60"), "next 15");
  EXPECT_EQ(recorded(), "INCRBY c 5");
  EXPECT_EQ(sent_now(), "GET|c");
}

TEST_F(RedisDry, IncrOfAValueThatIsNotAnIntegerFailsAsTheRealOneDoes) {
  answer(str("ten"));
  EXPECT_EQ(run("redis.incr", "key: c"), R"(fail Datasource "main" refused the request. )"
                                         R"({"code":"DatasourceError","datasource":"main"})");
  EXPECT_EQ(sent_now(), "GET|c");
  // What a real run gets for it from Redis.
  dry_ = nullptr;
  answer(Reply::error("ERR value is not an integer or out of range"));
  EXPECT_EQ(run("redis.incr", "key: c"), R"(fail Datasource "main" refused the request. )"
                                         R"({"code":"DatasourceError","datasource":"main"})");
}

TEST_F(RedisDry, SaddCountsTheMembersThatAreNew) {
  answer(array({Reply::of_integer(0), Reply::of_integer(1)}));
  EXPECT_EQ(run("redis.sadd", R"(key: s
members: "{{ args.m }}")",
                R"({"m": ["y", 3, "y"]})"),
            "next 1");
  EXPECT_EQ(recorded(), "SADD s y 3 y");
  EXPECT_EQ(sent_now(), "SMISMEMBER|s|y|3");
}

TEST_F(RedisDry, ZaddIsOneForANewMemberAndZeroForAScoreChange) {
  answer(Reply::nil());
  EXPECT_EQ(run("redis.zadd", "key: z\nmember: ada\nscore: 12.5"), "next 1");
  EXPECT_EQ(recorded(), "ZADD z 12.5 ada");
  EXPECT_EQ(sent_now(), "ZSCORE|z|ada");
  answer(str("3"));
  EXPECT_EQ(run("redis.zadd", "key: z\nmember: ada\nscore: 12.5"), "next 0");
  EXPECT_EQ(sent_now(), "ZSCORE|z|ada");
}

TEST_F(RedisDry, XaddGivesAnIdOfNowWithoutSendingAnything) {
  EXPECT_THAT(run("redis.xadd", "key: events\nmaxlen: 1000\nvalue: {type: created}"),
              ::testing::MatchesRegex(R"(next "[0-9]{13}-0")"));
  EXPECT_EQ(recorded(), "XADD events MAXLEN ~ 1000 * type created");
  EXPECT_EQ(sent_now(), "");
}

TEST_F(RedisDry, PublishCountsTheChannelsSubscribersNow) {
  answer(array({str("posts:1"), Reply::of_integer(2)}));
  EXPECT_EQ(run("redis.publish", "channel: posts:1\nmessage: {event: new}"), "next 2");
  EXPECT_EQ(recorded(), R"(PUBLISH posts:1 "{\"event\":\"new\"}")");
  EXPECT_EQ(sent_now(), "PUBSUB|NUMSUB|posts:1");
}

TEST_F(RedisDry, AReadThatFailsFailsTheStepAsTheWriteWould) {
  answer(CommandError{CommandError::Kind::unavailable, "connection refused"});
  EXPECT_THAT(run("redis.del", "key: a"), HasSubstr("DatasourceUnavailable"));
  answer(CommandError{CommandError::Kind::timeout, "late"});
  EXPECT_THAT(run("redis.incr", "key: c"), HasSubstr("DatasourceTimeout"));
}

TEST_F(RedisDry, WithoutAClientADryWriteFailsAsARealOne) {
  EXPECT_EQ(run("redis.set", "key: k\nvalue: v", "{}", testing::Clients::absent),
            R"(error datasource "main" has no client in this run)");
  EXPECT_EQ(recorded(), "");
}

TEST_F(RedisDry, ArgumentErrorsRecordNothing) {
  EXPECT_EQ(run("redis.hset", "key: h\nvalue: {}"),
            "error value: must be an object with at least one field, got an empty object");
  EXPECT_EQ(run("redis.sadd", R"(key: s
members: "{{ args.m }}")",
                R"({"m": []})"),
            "next 0");
  EXPECT_EQ(recorded(), "");
  EXPECT_EQ(sent_now(), "");
}

TEST_F(RedisDry, ReadsRunAsUsual) {
  answer(str("hello"));
  EXPECT_EQ(run("redis.get", "key: k"), R"(next "hello")");
  EXPECT_EQ(recorded(), "");
  EXPECT_EQ(sent_now(), "GET|k");
}

// --- what `stashql check` knows of each result ---

TEST(RedisResultKinds, EachFunctionDeclaresTheKindOfItsResult) {
  using K = pipeline::ResultKind;
  const std::vector<std::pair<std::string, K>> expected = {
      {"redis.get", K::any},      {"redis.mget", K::list},     {"redis.hgetall", K::any},
      {"redis.hget", K::any},     {"redis.smembers", K::list}, {"redis.zrange", K::object},
      {"redis.scan", K::object},  {"redis.set", K::any},       {"redis.hset", K::object},
      {"redis.del", K::integer},  {"redis.incr", K::integer},  {"redis.sadd", K::integer},
      {"redis.zadd", K::integer}, {"redis.xadd", K::string},   {"redis.publish", K::integer},
  };
  for (const auto& [name, kind] : expected) {
    EXPECT_EQ(testing::spec(name).result, kind) << name;
  }
}

}  // namespace
}  // namespace stashql::redis
