// The server with real backends: each thread's requests reach Redis through that thread's
// clients, /readyz follows Redis going away and coming back, a datasource failure reaches the
// client as a code and a request id (the detail stays in the log), and stopping the server
// ends its threads although their Redis connections are open.
#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include <stashql/app.hpp>

#include "http_client.hpp"
#include "redis_server.hpp"
#include "server/http_server.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

using testing::get;
using testing::HttpClient;
using testing::post;

class ServedBackends : public ::testing::Test {
 protected:
  ServedBackends() {
    dir_.write("schema.graphql", "type Query { greeting(name: String!): String }\n");
    dir_.write("Query.greeting.yaml", R"(resolver: Query.greeting
steps:
  - use: redis.get
    key: "greeting:{{ args.name }}"
)");
    dir_.write("stashql.yaml", R"(schema: schema.graphql
pipelines: .
threads: 2
datasources:
  main: { kind: redis, url: "${REDIS_URL}", connect_timeout: 0.5, command_timeout: 0.5 }
)");
    redis_.call({"SET", "greeting:ada", "Hello, Ada"});
  }

  void start() {
    auto app =
        load_app(dir_.path() / "stashql.yaml", test_support::env_of({{"REDIS_URL", redis_.url()}}));
    ASSERT_TRUE(app.has_value()) << app.error().front().format();
    app->server.port = 0;
    app->server.host = "127.0.0.1";
    server_ = std::make_unique<HttpServer>(std::move(*app));
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error();
    port_ = *port;
  }

  testing::Response ask(std::string_view raw) {
    HttpClient client(port_);
    EXPECT_TRUE(client.connected());
    return client.request(raw);
  }

  testing::RedisServer redis_;
  test_support::TempDir dir_;
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ServedBackends, EveryThreadAnswersFromRedis) {
  start();
  // Several connections, so that both threads serve some of them.
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(ask(post(R"({"query":"{ greeting(name: \"ada\") }"})")).body(),
              R"({"data":{"greeting":"Hello, Ada"}})");
  }
}

TEST_F(ServedBackends, ReadyzFollowsRedis) {
  start();
  testing::Response ready = ask(get("/readyz"));
  EXPECT_EQ(ready.result_int(), 200U);
  EXPECT_EQ(ready.body(), R"({"status":"ready","datasources":{"main":{"ok":true}}})");

  redis_.stop();
  testing::Response down = ask(get("/readyz"));
  EXPECT_EQ(down.result_int(), 503U);
  EXPECT_EQ(down.body(), R"({"status":"unavailable","datasources":{"main":{"ok":false}}})");

  redis_.start();
  unsigned status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {  // the client reconnects with a backoff
    status = ask(get("/readyz")).result_int();
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200U);
}

TEST_F(ServedBackends, ADownRedisIsACodeAndARequestIdNeverAnAddress) {
  start();
  redis_.stop();
  const std::string body = ask(post(R"({"query":"{ greeting(name: \"ada\") }"})")).body();
  EXPECT_NE(body.find(R"("code":"DatasourceUnavailable")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("requestId":")"), std::string::npos) << body;
  EXPECT_EQ(body.find("127.0.0.1"), std::string::npos) << body;
  EXPECT_EQ(body.find(std::to_string(redis_.port())), std::string::npos) << body;
}

TEST_F(ServedBackends, StopEndsThreadsWhoseRedisConnectionsAreOpen) {
  start();
  EXPECT_EQ(ask(post(R"({"query":"{ greeting(name: \"ada\") }"})")).result_int(), 200U);
  // stop() returns when every thread has ended: a loop kept alive by its connections would
  // never return. Bounded, so that such a bug fails the run instead of hanging it.
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  if (stopped.wait_for(std::chrono::seconds(15)) != std::future_status::ready) {
    ADD_FAILURE() << "the server did not stop within 15 s";
    redis_.stop();
    std::_Exit(1);
  }
  server_.reset();
}

}  // namespace
}  // namespace stashql
