// redis.zrange and redis.scan against a fake client: the ZRANGE/SCAN each page sends, the
// {items, nextToken} it gives, and the opaque tokens — round trip, and refused when they come
// from another key, order or pattern or were edited.
#include "datasources/redis/redis_paging.hpp"

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

}  // namespace
}  // namespace stashql::redis
