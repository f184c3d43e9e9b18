// The HTTP server in-process on a free loopback port, driven over real sockets: GraphQL over
// HTTP (GET/POST, negotiation, the status codes), keep-alive and pipelining, limits and
// timeouts, GraphiQL's files, internal errors that do not leak, and the graceful stop.
#include "server/http_server.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <stashql/app.hpp>
#include <stashql/resolver.hpp>

#include "http_client.hpp"

namespace stashql {
namespace {

using testing::get;
using testing::HttpClient;
using testing::post;
using testing::Response;

constexpr std::string_view kGraphQLResponseJson = "application/graphql-response+json";

// Answers "done" after `delay`, telling the test when it started.
class SlowResolver final : public FieldResolver {
 public:
  explicit SlowResolver(std::chrono::milliseconds delay) : delay_(delay) {}
  bool is_async() const override { return true; }
  Resolved resolve(const ResolveInfo&) const override { return Resolved::fail("sync call"); }
  boost::asio::awaitable<Resolved> resolve_async(const ResolveInfo&) const override {
    if (!started_flag_.exchange(true)) started_.set_value();
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay_);
    co_await timer.async_wait(boost::asio::use_awaitable);
    co_return Resolved::of(Value("done"));
  }
  std::future<void> started() const { return started_.get_future(); }

 private:
  std::chrono::milliseconds delay_;
  mutable std::promise<void> started_;
  mutable std::atomic<bool> started_flag_{false};
};

// Fails the way a bug or a broken backend would, with a detail that must stay in the log.
class BrokenResolver final : public FieldResolver {
 public:
  Resolved resolve(const ResolveInfo&) const override {
    throw std::runtime_error("secret detail: redis://admin:hunter2@10.0.0.1");
  }
};

class HttpServerTest : public ::testing::Test {
 protected:
  // Loads tests/integration/data/stashql.yaml, lets the test adjust the settings, installs the
  // test resolvers, and starts the server on a free port.
  void start(const std::function<void(ServerSettings&)>& adjust = {}) {
    auto loaded = load_app(std::string(STASHQL_TEST_DATA) + "/integration/data/stashql.yaml");
    ASSERT_TRUE(loaded.has_value()) << loaded.error().front().format();
    App app = std::move(*loaded);
    app.server.port = 0;
    if (adjust) adjust(app.server);

    auto config = std::make_shared<EngineConfig>(*app.engine);
    auto resolvers = std::make_shared<Resolvers>(*config->resolvers);
    const Type* query = config->schema->query_type();
    slow_ = std::make_shared<SlowResolver>(std::chrono::milliseconds(300));
    resolvers->set(*query->field("slow"), slow_);
    resolvers->set(*query->field("broken"), std::make_shared<BrokenResolver>());
    config->resolvers = std::move(resolvers);
    app.engine = std::move(config);

    server_ = std::make_unique<HttpServer>(std::move(app));
    auto port = server_->start();
    ASSERT_TRUE(port.has_value()) << port.error();
    port_ = *port;
  }

  void TearDown() override {
    if (server_) server_->stop();
  }

  Response ask(std::string_view raw) {
    HttpClient client(port_);
    EXPECT_TRUE(client.connected());
    return client.request(raw);
  }

  std::unique_ptr<HttpServer> server_;
  std::shared_ptr<SlowResolver> slow_;
  std::uint16_t port_ = 0;
};

TEST_F(HttpServerTest, HealthzAnswersOk) {
  start();
  Response r = ask(get("/healthz"));
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_EQ(r.body(), "ok");
}

TEST_F(HttpServerTest, ReadyzIsReadyWithoutDatasources) {
  start();
  Response r = ask(get("/readyz"));
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_EQ(r.body(), R"({"status":"ready","datasources":{}})");
  EXPECT_EQ(r[boost::beast::http::field::cache_control], "no-store");
  EXPECT_EQ(
      ask("POST /readyz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n").result_int(),
      405U);
}

TEST_F(HttpServerTest, UnknownPathIsNotFound) {
  start();
  EXPECT_EQ(ask(get("/nope")).result_int(), 404U);
}

TEST_F(HttpServerTest, PostRunsAQuery) {
  start();
  Response r = ask(post(R"({"query":"{ hello }"})"));
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_EQ(r[boost::beast::http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(r.body(), R"({"data":{"hello":"world"}})");
}

TEST_F(HttpServerTest, PipelinesReadTheRequestsHeaders) {
  start();
  const std::string body = R"({"query":"{ client }"})";
  std::string raw = post(body);
  const std::string headers = "X-Client: tests\r\nx-client: again\r\n";
  raw.insert(raw.find("\r\n") + 2, headers);
  Response r = ask(raw);
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_EQ(r.body(), R"({"data":{"client":"tests, again via client"}})");

  Response missing = ask(post(body));
  EXPECT_EQ(missing.result_int(), 200U);
  EXPECT_NE(missing.body().find(R"("code":"BadRequest")"), std::string::npos) << missing.body();
}

TEST_F(HttpServerTest, GetRunsAQueryWithVariables) {
  start();
  Response r =
      ask(get("/graphql?query=query+Q(%24n%3A+String!)+%7B+__type(name%3A+%24n)+%7B+name+"
              "%7D+%7D&variables=%7B%22n%22%3A%22Query%22%7D",
              kGraphQLResponseJson));
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_EQ(r[boost::beast::http::field::content_type],
            "application/graphql-response+json; charset=utf-8");
  EXPECT_EQ(r.body(), R"({"data":{"__type":{"name":"Query"}}})");
}

TEST_F(HttpServerTest, MutationOverGetIsNotAllowed) {
  start();
  Response r = ask(get("/graphql?query=mutation+%7B+ping+%7D", kGraphQLResponseJson));
  EXPECT_EQ(r.result_int(), 405U);
  EXPECT_EQ(r[boost::beast::http::field::allow], "POST");
  EXPECT_EQ(ask(post(R"({"query":"mutation { ping }"})")).body(), R"({"data":{"ping":true}})");
}

TEST_F(HttpServerTest, UnsupportedAcceptIsNotAcceptable) {
  start();
  EXPECT_EQ(ask(post(R"({"query":"{ hello }"})", "text/plain")).result_int(), 406U);
}

TEST_F(HttpServerTest, UnsupportedOrMissingContentTypeIsRefused) {
  start();
  EXPECT_EQ(ask(post(R"({"query":"{ hello }"})", {}, "text/plain")).result_int(), 415U);
  EXPECT_EQ(ask(post(R"({"query":"{ hello }"})", {}, {})).result_int(), 415U);
}

TEST_F(HttpServerTest, MalformedJsonIsABadRequestWithAGraphQLError) {
  start();
  Response r = ask(post(R"({ "not a JSON)"));
  EXPECT_EQ(r.result_int(), 400U);
  EXPECT_TRUE(r.body().starts_with(R"({"errors":[{"message":"The request body is not valid JSON)"))
      << r.body();
}

TEST_F(HttpServerTest, StatusOfRequestErrorsDependsOnTheMediaType) {
  start();
  const std::string invalid = post(R"({"query":"{ nope }"})", kGraphQLResponseJson);
  Response strict = ask(invalid);
  EXPECT_EQ(strict.result_int(), 400U);
  EXPECT_EQ(strict.body().find("\"data\""), std::string::npos);
  EXPECT_EQ(ask(post(R"({"query":"{ nope }"})", "application/json")).result_int(), 200U);

  const std::string bad_variables = post(
      R"({"query":"query ($n: String!) { __type(name: $n) { name } }","variables":{"n":null}})",
      kGraphQLResponseJson);
  EXPECT_EQ(ask(bad_variables).result_int(), 400U);
}

TEST_F(HttpServerTest, FieldErrorsWithDataAre200) {
  start();
  Response r = ask(post(R"({"query":"{ hello nested { missing } }"})", kGraphQLResponseJson));
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_NE(r.body().find(R"("data":{"hello":"world","nested":null})"), std::string::npos)
      << r.body();
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  HttpClient client(port_);
  for (int i = 0; i < 5; ++i) {
    Response r = client.request(post(R"({"query":"{ hello }"})"));
    ASSERT_EQ(r.result_int(), 200U) << "request " << i;
    EXPECT_TRUE(r.keep_alive());
  }
}

TEST_F(HttpServerTest, EachRequestOfAConnectionIsAnsweredInTheTypeItAccepts) {
  // A connection remembers its last negotiation: a request with another Accept (or none, or
  // a browser's GET) is negotiated anew.
  start();
  HttpClient client(port_);
  const std::string query = R"({"query":"{ hello }"})";
  const auto type_of = [](const Response& r) {
    return std::string(r[boost::beast::http::field::content_type]);
  };
  EXPECT_EQ(type_of(client.request(post(query, "application/json"))),
            "application/json; charset=utf-8");
  EXPECT_EQ(type_of(client.request(post(query, "application/json"))),
            "application/json; charset=utf-8");
  EXPECT_EQ(type_of(client.request(post(query, kGraphQLResponseJson))),
            "application/graphql-response+json; charset=utf-8");
  EXPECT_EQ(client.request(post(query, "text/plain")).result_int(), 406U);
  EXPECT_EQ(type_of(client.request(post(query))), "application/json; charset=utf-8");
  EXPECT_EQ(type_of(client.request(get("/graphql?query=%7B+hello+%7D", "text/html")))
                .rfind("text/html", 0),
            0U);
  EXPECT_EQ(client.request(post(query, "text/html")).result_int(), 406U);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  HttpClient client(port_);
  client.send(post(R"({"query":"{ a: hello }"})") + get("/healthz") +
              post(R"({"query":"{ b: hello }"})"));
  EXPECT_EQ(client.read().body(), R"({"data":{"a":"world"}})");
  EXPECT_EQ(client.read().body(), "ok");
  EXPECT_EQ(client.read().body(), R"({"data":{"b":"world"}})");
}

TEST_F(HttpServerTest, Http10ClosesUnlessAskedToKeepAlive) {
  start();
  HttpClient client(port_);
  Response r = client.request("GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_FALSE(r.keep_alive());
  EXPECT_TRUE(client.closed_by_server());

  HttpClient kept(port_);
  Response k = kept.request("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_TRUE(k.keep_alive());
  EXPECT_EQ(kept.request("GET /healthz HTTP/1.0\r\n\r\n").result_int(), 200U);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  start();
  HttpClient client(port_);
  Response r = client.request("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, BodyOverTheLimitIsRefusedFromItsLength) {
  start();  // the test app allows 4096 bytes
  HttpClient client(port_);
  Response r = client.request(
      "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100000\r\n\r\n");
  EXPECT_EQ(r.result_int(), 413U);
  EXPECT_FALSE(r.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, ChunkedBodyOverTheLimitIsRefused) {
  start();
  HttpClient client(port_);
  std::string raw =
      "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(3000, ' ');
  raw += "bb8\r\n" + chunk + "\r\nbb8\r\n" + chunk + "\r\n0\r\n\r\n";
  EXPECT_EQ(client.request(raw).result_int(), 413U);
}

TEST_F(HttpServerTest, ChunkedBodyWithinTheLimitIsRead) {
  start();
  HttpClient client(port_);
  const std::string body = R"({"query":"{ hello }"})";
  std::string raw =
      "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  raw += "5\r\n" + body.substr(0, 5) + "\r\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size() - 5);
  raw += std::string(size) + "\r\n" + body.substr(5) + "\r\n0\r\n\r\n";
  Response r = client.request(raw);
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_EQ(r.body(), R"({"data":{"hello":"world"}})");
}

TEST_F(HttpServerTest, ExpectContinueGetsAnInterimResponse) {
  start();
  HttpClient client(port_);
  const std::string body = R"({"query":"{ hello }"})";
  client.send(
      "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  Response interim = client.read();
  EXPECT_EQ(interim.result_int(), 100U);
  client.send(body);
  EXPECT_EQ(client.read().body(), R"({"data":{"hello":"world"}})");
}

TEST_F(HttpServerTest, MalformedHttpIsABadRequest) {
  start();
  HttpClient client(port_);
  Response r = client.request("BLAH\r\n\r\n");
  EXPECT_EQ(r.result_int(), 400U);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, SlowHeaderIsCutOff) {
  start([](ServerSettings& s) { s.header_timeout = std::chrono::milliseconds(200); });
  HttpClient client(port_);
  client.send("GET /healthz HTTP/1.1\r\nHost:");  // and never finishes the header
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  start([](ServerSettings& s) { s.idle_timeout = std::chrono::milliseconds(200); });
  HttpClient client(port_);
  EXPECT_EQ(client.request(get("/healthz")).result_int(), 200U);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, InternalFailuresDoNotLeak) {
  start();
  Response r = ask(post(R"({"query":"{ broken }"})"));
  EXPECT_EQ(r.body().find("hunter2"), std::string::npos) << r.body();
  EXPECT_EQ(r.body().find("secret"), std::string::npos) << r.body();
  EXPECT_NE(r.body().find("\"errors\""), std::string::npos) << r.body();
}

TEST_F(HttpServerTest, BrowsersGetGraphiQLFromLocalFiles) {
  start();
  Response page = ask(get("/graphql", "text/html,application/xhtml+xml,*/*;q=0.8"));
  EXPECT_EQ(page.result_int(), 200U);
  EXPECT_EQ(page[boost::beast::http::field::content_type], "text/html; charset=utf-8");
  if (page.body().find("GraphiQL is not installed") != std::string::npos) {
    GTEST_SKIP() << "GraphiQL's npm files are not installed (make deps)";
  }
  EXPECT_NE(page.body().find("src=\"/graphiql/graphiql.min.js\""), std::string::npos);
  EXPECT_EQ(page.body().find("http"), page.body().find("http-equiv"))
      << "the page must not load anything from another origin";

  Response script = ask(get("/graphiql/graphiql.min.js"));
  EXPECT_EQ(script.result_int(), 200U);
  EXPECT_EQ(script[boost::beast::http::field::content_type], "text/javascript; charset=utf-8");
  const std::string etag(script[boost::beast::http::field::etag]);
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(script[boost::beast::http::field::cache_control].find("max-age"), std::string::npos);

  Response again = ask(
      "GET /graphiql/graphiql.min.js HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + "\r\n\r\n");
  EXPECT_EQ(again.result_int(), 304U);
  EXPECT_TRUE(again.body().empty());
  EXPECT_EQ(ask(get("/graphiql/react.production.min.js")).result_int(), 200U);
  EXPECT_EQ(ask(get("/graphiql/react-dom.production.min.js")).result_int(), 200U);
  EXPECT_EQ(ask(get("/graphiql/graphiql.min.css")).result_int(), 200U);
  EXPECT_EQ(ask(get("/graphiql/init.js")).result_int(), 200U);
  EXPECT_EQ(ask(get("/graphiql/../../etc/passwd")).result_int(), 404U);
}

TEST_F(HttpServerTest, GraphiQLCanBeTurnedOff) {
  start([](ServerSettings& s) { s.graphiql = false; });
  Response page = ask(get("/graphql", "text/html"));
  EXPECT_EQ(page.result_int(), 406U);
  EXPECT_EQ(ask(get("/graphiql/init.js")).result_int(), 404U);
}

TEST_F(HttpServerTest, StopLetsInFlightRequestsFinishAndClosesIdleConnections) {
  start();
  HttpClient idle(port_);
  ASSERT_EQ(idle.request(get("/healthz")).result_int(), 200U);

  HttpClient busy(port_);
  busy.send(post(R"({"query":"{ slow }"})"));
  slow_->started().wait();
  std::thread stopper([this] { server_->stop(); });

  Response r = busy.read();
  EXPECT_EQ(r.result_int(), 200U);
  EXPECT_EQ(r.body(), R"({"data":{"slow":"done"}})");
  EXPECT_FALSE(r.keep_alive());
  EXPECT_TRUE(idle.closed_by_server());
  stopper.join();

  HttpClient late(port_);
  EXPECT_FALSE(late.connected() && late.send(get("/healthz")) && late.read().result_int() == 200U);
}

}  // namespace
}  // namespace stashql
