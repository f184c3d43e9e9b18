// Redis replies as values, without a socket: hiredis's reply trees copied for every type,
// strings decoded as JSON only when they hold JSON (and kept when they do not), and flat
// field/value arrays read as objects.
#include "datasources/redis/redis_reply.hpp"

#include <cstring>
#include <deque>
#include <hiredis/hiredis.h>
#include <memory>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <stashql/json.hpp>

namespace stashql::redis {
namespace {

// A hiredis reply built by hand, as hiredis's reader would build it.
class Built {
 public:
  redisReply* text(int type, std::string_view s) {
    redisReply* r = make(type);
    storage_.emplace_back(s);
    r->str = storage_.back().data();
    r->len = s.size();
    return r;
  }
  redisReply* integer(long long n) {
    redisReply* r = make(REDIS_REPLY_INTEGER);
    r->integer = n;
    return r;
  }
  redisReply* nil() { return make(REDIS_REPLY_NIL); }
  redisReply* array(std::vector<redisReply*> items) {
    redisReply* r = make(REDIS_REPLY_ARRAY);
    arrays_.push_back(std::move(items));
    r->elements = arrays_.back().size();
    r->element = arrays_.back().data();
    return r;
  }

 private:
  redisReply* make(int type) {
    replies_.push_back(std::make_unique<redisReply>());
    std::memset(replies_.back().get(), 0, sizeof(redisReply));
    replies_.back()->type = type;
    return replies_.back().get();
  }
  std::vector<std::unique_ptr<redisReply>> replies_;
  std::deque<std::string> storage_;
  std::deque<std::vector<redisReply*>> arrays_;
};

std::string json_of(const Value& v) {
  return to_json(v);
}

TEST(RedisReply, EveryHiredisTypeIsCopied) {
  Built b;
  EXPECT_EQ(from_hiredis(nullptr).kind, Reply::Kind::nil);
  EXPECT_EQ(from_hiredis(b.nil()).kind, Reply::Kind::nil);
  const Reply status = from_hiredis(b.text(REDIS_REPLY_STATUS, "OK"));
  EXPECT_EQ(status.kind, Reply::Kind::status);
  EXPECT_EQ(status.text, "OK");
  const Reply error = from_hiredis(b.text(REDIS_REPLY_ERROR, "WRONGTYPE Operation"));
  EXPECT_TRUE(error.is_error());
  EXPECT_EQ(error.text, "WRONGTYPE Operation");
  const Reply integer = from_hiredis(b.integer(-42));
  EXPECT_EQ(integer.kind, Reply::Kind::integer);
  EXPECT_EQ(integer.integer, -42);
  const Reply binary = from_hiredis(b.text(REDIS_REPLY_STRING, std::string_view("a\0b", 3)));
  EXPECT_EQ(binary.kind, Reply::Kind::string);
  EXPECT_EQ(binary.text, std::string("a\0b", 3));
}

TEST(RedisReply, NestedArraysKeepTheirShape) {
  Built b;
  // XRANGE-like: [[id, [field, value]], nil]
  redisReply* entry =
      b.array({b.text(REDIS_REPLY_STRING, "1-0"),
               b.array({b.text(REDIS_REPLY_STRING, "f"), b.text(REDIS_REPLY_STRING, "v")})});
  const Reply reply = from_hiredis(b.array({entry, b.nil(), b.integer(7)}));
  ASSERT_EQ(reply.kind, Reply::Kind::array);
  ASSERT_EQ(reply.elements.size(), 3u);
  EXPECT_EQ(reply.elements[0].elements[1].elements[1].text, "v");
  EXPECT_EQ(reply.elements[1].kind, Reply::Kind::nil);
  EXPECT_EQ(json_of(to_value(reply, Decode::json)), R"([["1-0",["f","v"]],null,7])");
}

TEST(RedisReply, CopiesShareItemsUntilOneChangesThem) {
  // One reply handed to every call that waited for it: the copies read the same items, and a
  // copy that sorts its own (redis.smembers does) leaves the others as they were.
  const Reply original = Reply::array({Reply::of_string("b"), Reply::of_string("a")});
  Reply copy = original;
  ASSERT_EQ(copy.elements.size(), 2u);
  EXPECT_EQ(&copy.elements[0], &original.elements[0]);
  std::vector<Reply>& items = copy.elements.mutable_items();
  std::swap(items[0], items[1]);
  EXPECT_EQ(copy.elements[0].text, "a");
  EXPECT_EQ(original.elements[0].text, "b");
  EXPECT_EQ(original.elements[1].text, "a");
  Reply empty = Reply::array({});
  EXPECT_TRUE(empty.elements.empty());
  EXPECT_EQ(empty.elements.begin(), empty.elements.end());
  empty.elements.mutable_items().push_back(Reply::of_integer(1));
  EXPECT_EQ(empty.elements.size(), 1u);
}

TEST(RedisReply, ToValueMapsEachKind) {
  EXPECT_TRUE(to_value(Reply::nil(), Decode::json).is_null());
  EXPECT_TRUE(to_value(Reply::error("ERR x"), Decode::json).is_null());
  EXPECT_EQ(to_value(Reply::of_integer(5), Decode::json), Value(5));
  EXPECT_EQ(to_value(Reply::status("OK"), Decode::json), Value("OK"));
  EXPECT_EQ(to_value(Reply::of_string("12"), Decode::json), Value(12));
  EXPECT_EQ(to_value(Reply::of_string("12"), Decode::string), Value("12"));
}

TEST(RedisDecode, JsonStringsBecomeValues) {
  EXPECT_EQ(json_of(decode_string(R"({"a":[1,true]})", Decode::json)), R"({"a":[1,true]})");
  EXPECT_EQ(json_of(decode_string("[1,2]", Decode::json)), "[1,2]");
  EXPECT_EQ(decode_string("42", Decode::json), Value(42));
  EXPECT_EQ(decode_string("-1.5", Decode::json), Value(-1.5));
  EXPECT_EQ(decode_string("true", Decode::json), Value(true));
  EXPECT_EQ(decode_string("false", Decode::json), Value(false));
  EXPECT_TRUE(decode_string("null", Decode::json).is_null());
  EXPECT_EQ(decode_string(R"("quoted")", Decode::json), Value("quoted"));
}

TEST(RedisDecode, OtherStringsStayStrings) {
  for (const char* text : {"hello", "", "007", "{not json", "[1,", "1.2.3", "-", "nulls", "True",
                           " 42", "Infinity", "12abc"}) {
    EXPECT_EQ(decode_string(text, Decode::json), Value(text)) << text;
  }
}

TEST(RedisDecode, IntegersBeyondInt64StayStringsSoNoDigitIsLost) {
  EXPECT_EQ(decode_string("12345678901234567890", Decode::json), Value("12345678901234567890"));
  EXPECT_EQ(decode_string("9223372036854775807", Decode::json),
            Value(std::int64_t{9223372036854775807}));
}

TEST(RedisDecode, StringModeNeverParses) {
  EXPECT_EQ(decode_string(R"({"a":1})", Decode::string), Value(R"({"a":1})"));
  EXPECT_EQ(decode_string("true", Decode::string), Value("true"));
}

TEST(RedisReply, FlatPairsBecomeAnObjectWithDecodedValues) {
  const Reply hash = Reply::array({Reply::of_string("name"), Reply::of_string("Ada"),
                                   Reply::of_string("age"), Reply::of_string("36"),
                                   Reply::of_string("tags"), Reply::of_string(R"(["x"])")});
  EXPECT_EQ(json_of(to_object(hash, Decode::json)), R"({"name":"Ada","age":36,"tags":["x"]})");
  EXPECT_EQ(json_of(to_object(hash, Decode::string)),
            R"({"name":"Ada","age":"36","tags":"[\"x\"]"})");
}

TEST(RedisReply, AnEmptyHashIsNull) {
  EXPECT_TRUE(to_object(Reply::array({}), Decode::json).is_null());
  EXPECT_TRUE(to_object(Reply::nil(), Decode::json).is_null());
}

TEST(RedisReply, AnOddTrailingFieldGetsNull) {
  const Reply odd =
      Reply::array({Reply::of_string("a"), Reply::of_integer(1), Reply::of_string("b")});
  EXPECT_EQ(json_of(to_object(odd, Decode::json)), R"({"a":1,"b":null})");
}

}  // namespace
}  // namespace stashql::redis
