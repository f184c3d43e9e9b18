// Where a redis datasource connects: the URL forms operators write, the settings' defaults,
// and errors that say what is wrong without ever repeating the password.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "datasources/redis/redis_client.hpp"

namespace stashql::redis {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Endpoint parsed(std::string_view url) {
  auto endpoint = parse_url(url);
  EXPECT_TRUE(endpoint.has_value()) << url << ": " << (endpoint ? "" : endpoint.error());
  return endpoint ? *endpoint : Endpoint{};
}

std::string error_of(std::string_view url) {
  auto endpoint = parse_url(url);
  EXPECT_FALSE(endpoint.has_value()) << url;
  return endpoint ? std::string() : endpoint.error();
}

TEST(RedisUrl, HostAloneUsesTheDefaultPortAndDatabase) {
  const Endpoint e = parsed("redis://cache.internal");
  EXPECT_EQ(e.host, "cache.internal");
  EXPECT_EQ(e.port, 6379);
  EXPECT_EQ(e.database, 0);
  EXPECT_TRUE(e.user.empty());
  EXPECT_TRUE(e.password.empty());
  EXPECT_TRUE(e.socket_path.empty());
}

TEST(RedisUrl, PortAndDatabaseAreRead) {
  const Endpoint e = parsed("redis://127.0.0.1:6380/3");
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, 6380);
  EXPECT_EQ(e.database, 3);
  EXPECT_EQ(parsed("redis://h:1/").database, 0);
  EXPECT_EQ(parsed("redis://h?db=5").database, 5);
}

TEST(RedisUrl, UserAndPasswordArePercentDecoded) {
  const Endpoint e = parsed("redis://al%69ce:p%40ss%3Aw%2Frd@h:7000/1");
  EXPECT_EQ(e.user, "alice");
  EXPECT_EQ(e.password, "p@ss:w/rd");
  EXPECT_EQ(e.host, "h");
  EXPECT_EQ(e.port, 7000);
  EXPECT_EQ(e.database, 1);
}

TEST(RedisUrl, PasswordAloneHasAnEmptyUser) {
  const Endpoint e = parsed("redis://:s3cret@h");
  EXPECT_TRUE(e.user.empty());
  EXPECT_EQ(e.password, "s3cret");
}

TEST(RedisUrl, AnUnescapedAtInThePasswordStillReadsAsMeant) {
  const Endpoint e = parsed("redis://:a@b@h:1");
  EXPECT_EQ(e.password, "a@b");
  EXPECT_EQ(e.host, "h");
}

TEST(RedisUrl, Ipv6HostInBrackets) {
  const Endpoint e = parsed("redis://[::1]:6390");
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.port, 6390);
}

TEST(RedisUrl, UnixSocketWithDatabaseAndPassword) {
  const Endpoint e = parsed("unix:///run/redis/redis.sock?db=2");
  EXPECT_EQ(e.socket_path, "/run/redis/redis.sock");
  EXPECT_TRUE(e.host.empty());
  EXPECT_EQ(e.database, 2);
  const Endpoint with_password = parsed("unix://:pw@/run/redis.sock");
  EXPECT_EQ(with_password.password, "pw");
  EXPECT_EQ(with_password.socket_path, "/run/redis.sock");
}

TEST(RedisUrl, ErrorsSayWhatIsWrong) {
  EXPECT_THAT(error_of("http://h"), HasSubstr("redis:// or unix://"));
  EXPECT_THAT(error_of("rediss://h"), HasSubstr("TLS"));
  EXPECT_THAT(error_of("redis://"), HasSubstr("no host"));
  EXPECT_THAT(error_of("redis://h:0"), HasSubstr("port must be a number from 1 to 65535"));
  EXPECT_THAT(error_of("redis://h:70000"), HasSubstr("port"));
  EXPECT_THAT(error_of("redis://h:abc"), HasSubstr("\"abc\""));
  EXPECT_THAT(error_of("redis://h/x"), HasSubstr("database must be a number"));
  EXPECT_THAT(error_of("redis://h/-1"), HasSubstr("database"));
  EXPECT_THAT(error_of("redis://h/1?db=2"), HasSubstr("twice"));
  EXPECT_THAT(error_of("redis://h?timeout=3"), HasSubstr("unknown url parameter \"timeout\""));
  EXPECT_THAT(error_of("redis://h#x"), HasSubstr("fragment"));
  EXPECT_THAT(error_of("unix://relative.sock"), HasSubstr("absolute path"));
  EXPECT_THAT(error_of("redis://[::1:6379"), HasSubstr("]"));
}

TEST(RedisUrl, ErrorsNeverShowThePassword) {
  for (const char* url : {"redis://alice:hunter2@h:bad", "redis://alice:hunter2@h/db",
                          "redis://alice:hunter2@", "redis://:hunter2@h?password=hunter2",
                          "redis://alice:hunter2%zz@h", "rediss://:hunter2@h"}) {
    EXPECT_THAT(error_of(url), Not(HasSubstr("hunter2"))) << url;
  }
}

TEST(RedisUrl, AUserNeedsAPassword) {
  EXPECT_THAT(error_of("redis://alice@h"), HasSubstr("no password"));
  EXPECT_THAT(error_of("redis://alice:@h"), HasSubstr("password is empty"));
  EXPECT_THAT(error_of("redis://:pw%4@h"), HasSubstr("%-escape"));
}

DatasourceConfig datasource(Value settings) {
  DatasourceConfig config;
  config.name = "main";
  config.settings = std::move(settings);
  return config;
}

TEST(RedisSettings, DefaultsArePoolOfTwoAndTwoSecondTimeouts) {
  auto settings = settings_of(datasource(Object{{"url", "redis://h"}}));
  ASSERT_TRUE(settings.has_value());
  EXPECT_EQ(settings->pool, 2u);
  EXPECT_EQ(settings->connect_timeout, std::chrono::milliseconds(2000));
  EXPECT_EQ(settings->command_timeout, std::chrono::milliseconds(2000));
  EXPECT_EQ(settings->endpoint.host, "h");
}

TEST(RedisSettings, PoolAndTimeoutsInSecondsAreRead) {
  auto settings = settings_of(datasource(Object{
      {"url", "redis://h:1/2"}, {"pool", 5}, {"connect_timeout", 0.25}, {"command_timeout", 3}}));
  ASSERT_TRUE(settings.has_value());
  EXPECT_EQ(settings->pool, 5u);
  EXPECT_EQ(settings->connect_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(settings->command_timeout, std::chrono::milliseconds(3000));
  EXPECT_EQ(settings->endpoint.database, 2);
}

TEST(RedisSettings, AMissingOrBadUrlIsAnError) {
  auto missing = settings_of(datasource(Object{}));
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(missing.error(), HasSubstr("url is required"));
  auto bad = settings_of(datasource(Object{{"url", "redis://:topsecret@h:x"}}));
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error(), HasSubstr("url: "));
  EXPECT_THAT(bad.error(), Not(HasSubstr("topsecret")));
}

}  // namespace
}  // namespace stashql::redis
