// The http datasource against a real HTTP/1.1 upstream on loopback (http_upstream.hpp): what
// reaches the upstream for a step (the recorded request), what a client sees for each kind of
// failure, and what the client saves the upstream — kept-alive connections, retries only where
// they are safe, identical GETs shared, list items batched into one call — over plain HTTP and
// HTTPS with a CA the datasource is told to trust.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "app_runner.hpp"
#include "datasources/http/http_client.hpp"
#include "http_upstream.hpp"
#include "unit/pipeline/app_test_support.hpp"

namespace stashql {
namespace {

using testing::AppRunner;
using testing::HttpUpstream;
using testing::RecordedRequest;
using testing::Reply;

constexpr std::string_view kSchema = R"(
type Query {
  user(id: ID!, trace: String): User
  status: String
  posts: [Post]
}
type Mutation {
  createUser(name: String!, tags: [String]): User
}
type User { id: ID, name: String, email: String }
type Post { id: ID, userId: Int, author: User }
)";

constexpr std::string_view kUserPipeline = R"(
resolver: Query.user
steps:
  - use: http
    path: "/users/{{ args.id }}"
)";

// An app with one http datasource `users` (`settings` are its YAML lines after kind and
// base_url) and the given pipeline files.
std::unique_ptr<AppRunner> make_app(const test_support::TempDir& dir, const std::string& base_url,
                                    const std::string& settings,
                                    const std::map<std::string, std::string_view>& pipelines,
                                    const std::string& root_value = "{}") {
  dir.write("schema.graphql", std::string(kSchema));
  dir.write("root_value.json", root_value);
  for (const auto& [name, text] : pipelines)
    dir.write("pipelines/" + name, std::string(text));
  const auto config = dir.write("stashql.yaml",
                                "schema: schema.graphql\n"
                                "pipelines: pipelines\n"
                                "root_value: root_value.json\n"
                                "datasources:\n"
                                "  users:\n"
                                "    kind: http\n"
                                "    base_url: " +
                                    base_url + "\n" + settings);
  return std::make_unique<AppRunner>(config, test_support::env_of({}));
}

Value parse(const std::string& text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v ? std::move(*v) : Value{};
}

// extensions.code of the response's first error, or "" when it has none.
std::string first_code(const std::string& response) {
  const Value v = parse(response);
  const Value* errors = v.find("errors");
  if (errors == nullptr || !errors->is_list() || errors->as_list().empty()) return "";
  const Value* code = errors->as_list()[0].find("extensions");
  code = code != nullptr ? code->find("code") : nullptr;
  return code != nullptr && code->is_string() ? code->as_string() : "(no code)";
}

// A port with nothing listening on it.
std::uint16_t closed_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(
      ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

http_client::Client& client_of(AppRunner& runner) {
  auto* client = dynamic_cast<http_client::Client*>(runner.backends().find(0));
  if (client == nullptr) throw std::runtime_error("no http client");
  return *client;
}

// The root value of the list tests: {"query": {"posts": [...]}}, post i as {"id": "p<i>",
// "userId": users[i]} plus, when given, the members of extra[i] (such as `"tag": "a"`).
std::string posts_root(const std::vector<int>& users, const std::vector<std::string>& extra = {}) {
  std::string out = R"({"query": {"posts": [)";
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (i > 0) out += ',';
    out += R"({"id": "p)" + std::to_string(i) + R"(", "userId": )" + std::to_string(users[i]);
    if (i < extra.size()) out += ", " + extra[i];
    out += '}';
  }
  return out + "]}}";
}

// What /readyz asks of the datasource: `health` of a check() on the runner's loop.
BackendHealth check_of(AppRunner& runner) {
  BackendHealth health;
  bool done = false;
  boost::asio::co_spawn(
      runner.io(),
      [&]() -> boost::asio::awaitable<void> {
        health = co_await runner.backends().find(0)->check();
        done = true;
      },
      boost::asio::detached);
  runner.run_until(done);
  return health;
}

TEST(HttpDatasource, GetSendsThePathQueryAndHeadersExactlyAsRendered) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) {
    return Reply::json(R"({"id": "7", "name": "Ann", "email": "ann@example.com"})");
  });
  test_support::TempDir dir;
  auto runner =
      make_app(dir, upstream.base_url("/api/"),
               "    headers: { Authorization: \"Bearer s3cret\" }\n", {{"Query.user.yaml", R"(
resolver: Query.user
steps:
  - use: http
    path: "/users/{{ args.id }}"
    query:
      fields: "name,email"
      tag: ["a b", "c&d=é"]
      page: 2
      missing: null
    headers:
      X-Trace: "t-{{ args.trace }}"
)"}});
  EXPECT_EQ(runner->query(R"({ user(id: "7", trace: "abc") { id name email } })"),
            R"({"data":{"user":{"id":"7","name":"Ann","email":"ann@example.com"}}})");
  const auto requests = upstream.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target,
            "/api/users/7?fields=name%2Cemail&tag=a%20b&tag=c%26d%3D%C3%A9&page=2");
  EXPECT_EQ(requests[0].header("X-Trace"), "t-abc");
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer s3cret");
  EXPECT_EQ(requests[0].header("Host"), "127.0.0.1:" + std::to_string(upstream.port()));
  EXPECT_EQ(requests[0].header("Content-Type"), std::nullopt);
  EXPECT_EQ(requests[0].body, "");
}

TEST(HttpDatasource, AStepsHeaderReplacesTheDatasourcesOfTheSameNameWhateverItsCase) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) { return Reply::json(R"({"id": "7"})"); });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(),
                         "    headers: { authorization: \"Bearer datasource\", User-Agent: "
                         "\"reports/2\", X-Team: blue }\n",
                         {{"Query.user.yaml", R"(
resolver: Query.user
steps:
  - use: http
    path: "/users/{{ args.id }}"
    headers:
      Authorization: "Bearer step"
      accept: application/vnd.users+json
)"}});
  EXPECT_EQ(runner->query(R"({ user(id: "7") { id } })"), R"({"data":{"user":{"id":"7"}}})");
  const auto requests = upstream.requests();
  ASSERT_EQ(requests.size(), 1u);
  std::map<std::string, std::vector<std::string>> received;
  for (const auto& [name, value] : requests[0].headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    received[lower].push_back(value);
  }
  EXPECT_EQ(received["authorization"], std::vector<std::string>{"Bearer step"});
  EXPECT_EQ(received["accept"], std::vector<std::string>{"application/vnd.users+json"});
  EXPECT_EQ(received["user-agent"], std::vector<std::string>{"reports/2"});
  EXPECT_EQ(received["x-team"], std::vector<std::string>{"blue"});
  EXPECT_EQ(received["host"],
            std::vector<std::string>{"127.0.0.1:" + std::to_string(upstream.port())});
  EXPECT_EQ(received.count("content-length"), 0u);  // a GET without a body says no length
}

TEST(HttpDatasource, PostSendsTheBodyAsJson) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest& r) { return Reply::json(r.body, 201); });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Mutation.createUser.yaml", R"(
resolver: Mutation.createUser
steps:
  - use: http.send
    method: POST
    path: /users
    body: { id: "u-1", name: "{{ args.name }}", tags: "{{ args.tags }}", admin: false }
)"}});
  EXPECT_EQ(runner->query(R"(mutation { createUser(name: "Bo \"B\"", tags: ["x"]) { id name } })"),
            R"({"data":{"createUser":{"id":"u-1","name":"Bo \"B\""}}})");
  const auto requests = upstream.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/users");
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
  EXPECT_EQ(requests[0].header("Content-Length"), std::to_string(requests[0].body.size()));
  EXPECT_EQ(requests[0].body, R"({"id":"u-1","name":"Bo \"B\"","tags":["x"],"admin":false})");
}

TEST(HttpDatasource, ExpectedStatusesAndSelectGiveThePartOfTheBodyAskedFor) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) {
    return Reply::json(R"({"data": {"state": "missing", "other": 1}})", 404);
  });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Query.status.yaml", R"(
resolver: Query.status
steps:
  - use: http
    path: /status
    expect: [200, 404]
    select: data.state
)"}});
  EXPECT_EQ(runner->query("{ status }"), R"({"data":{"status":"missing"}})");
}

TEST(HttpDatasource, AStatusOutsideExpectIsADatasourceErrorThatNamesNoPath) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) { return Reply::json(R"({"error": "no"})", 404); });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Query.user.yaml", kUserPipeline}});
  const std::string response = runner->query(R"({ user(id: "9") { id } })");
  EXPECT_EQ(first_code(response), "DatasourceError");
  EXPECT_EQ(response.find("/users"), std::string::npos) << response;
  EXPECT_NE(response.find(R"("user":null)"), std::string::npos) << response;
}

TEST(HttpDatasource, AnUpstreamThatIsDownIsDatasourceUnavailable) {
  test_support::TempDir dir;
  auto runner = make_app(dir, "http://127.0.0.1:" + std::to_string(closed_port()),
                         "    retries: 0\n", {{"Query.user.yaml", kUserPipeline}});
  EXPECT_EQ(first_code(runner->query(R"({ user(id: "1") { id } })")), "DatasourceUnavailable");
}

TEST(HttpDatasource, AnUpstreamThatNeverAnswersTimesOutAndLaterCallsStillWork) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) { return Reply::never(); });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "    timeout: 0.2\n    retries: 0\n",
                         {{"Query.user.yaml", kUserPipeline}});
  EXPECT_EQ(first_code(runner->query(R"({ user(id: "1") { id } })")), "DatasourceTimeout");
  upstream.handle([](const RecordedRequest&) { return Reply::json(R"({"id": "2"})"); });
  EXPECT_EQ(runner->query(R"({ user(id: "2") { id } })"), R"({"data":{"user":{"id":"2"}}})");
}

TEST(HttpDatasource, AGetIsRetriedAfterA503AndAPostIsNot) {
  HttpUpstream upstream;
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "",
                         {{"Query.user.yaml", kUserPipeline}, {"Mutation.createUser.yaml", R"(
resolver: Mutation.createUser
steps:
  - use: http.send
    method: POST
    path: /users
    body: { name: "{{ args.name }}" }
)"}});
  upstream.script({Reply::json("{}", 503), Reply::json(R"({"id": "1"})")});
  EXPECT_EQ(runner->query(R"({ user(id: "1") { id } })"), R"({"data":{"user":{"id":"1"}}})");
  EXPECT_EQ(upstream.request_count(), 2u);

  upstream.script({Reply::json("{}", 503), Reply::json(R"({"id": "2"})")});
  EXPECT_EQ(first_code(runner->query(R"(mutation { createUser(name: "x") { id } })")),
            "DatasourceError");
  EXPECT_EQ(upstream.request_count(), 3u);
}

TEST(HttpDatasource, SequentialCallsReuseKeptAliveConnections) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) { return Reply::json(R"({"id": "1"})"); });
  test_support::TempDir dir;
  auto runner =
      make_app(dir, upstream.base_url(), "    pool: 4\n", {{"Query.user.yaml", kUserPipeline}});
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(runner->query(R"({ user(id: ")" + std::to_string(i) + R"(") { id } })"),
              R"({"data":{"user":{"id":"1"}}})");
  }
  EXPECT_EQ(upstream.request_count(), 100u);
  EXPECT_LE(upstream.connections(), 4u);
}

TEST(HttpDatasource, AConnectionTheUpstreamClosedWhileIdleIsReplacedWithoutFailingTheCall) {
  HttpUpstream upstream;
  Reply closing = Reply::json(R"({"id": "1"})");
  closing.close_after = true;
  upstream.script({closing});
  upstream.handle([](const RecordedRequest&) { return Reply::json(R"({"id": "2"})"); });
  test_support::TempDir dir;
  auto runner =
      make_app(dir, upstream.base_url(), "    retries: 0\n", {{"Query.user.yaml", kUserPipeline}});
  EXPECT_EQ(runner->query(R"({ user(id: "1") { id } })"), R"({"data":{"user":{"id":"1"}}})");
  EXPECT_EQ(runner->query(R"({ user(id: "2") { id } })"), R"({"data":{"user":{"id":"2"}}})");
  EXPECT_EQ(upstream.request_count(), 2u);
  EXPECT_EQ(upstream.connections(), 2u);
}

TEST(HttpDatasource, AHeaderValueWithALineBreakIsRefusedAndNothingIsSent) {
  HttpUpstream upstream;
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Query.user.yaml", R"(
resolver: Query.user
steps:
  - use: http
    path: "/users/{{ args.id }}"
    headers: { X-Trace: "{{ args.trace }}" }
)"}});
  for (const char* trace : {R"("a\r\nX-Evil: 1")", R"("a\nb")", R"("a\u0000b")"}) {
    const std::string response =
        runner->query(R"(query($t: String) { user(id: "1", trace: $t) { id } })",
                      std::string("{\"t\": ") + trace + "}");
    EXPECT_NE(response.find("X-Trace"), std::string::npos) << response;
    EXPECT_NE(response.find(R"("user":null)"), std::string::npos) << response;
  }
  EXPECT_EQ(upstream.request_count(), 0u);
  EXPECT_EQ(upstream.connections(), 0u);
}

TEST(HttpDatasource, CallsBeyondThePoolWaitForAFreeConnection) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest& r) {
    Reply reply = Reply::json(R"({"id": ")" + r.target.substr(r.target.rfind('/') + 1) + R"("})");
    reply.delay = std::chrono::milliseconds(20);
    return reply;
  });
  test_support::TempDir dir;
  auto runner =
      make_app(dir, upstream.base_url(), "    pool: 1\n", {{"Query.user.yaml", kUserPipeline}});
  EXPECT_EQ(runner->query(R"({ a: user(id: "1") { id } b: user(id: "2") { id }
                               c: user(id: "3") { id } })"),
            R"({"data":{"a":{"id":"1"},"b":{"id":"2"},"c":{"id":"3"}}})");
  EXPECT_EQ(upstream.request_count(), 3u);
  EXPECT_EQ(upstream.connections(), 1u);
}

TEST(HttpDatasource, ClosingTheClientEndsCallsInFlightAndLeavesTheLoopNoWork) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) { return Reply::never(); });
  test_support::TempDir dir;
  auto runner =
      make_app(dir, upstream.base_url(), "    timeout: 30\n", {{"Query.user.yaml", kUserPipeline}});
  http_client::Client& client = client_of(*runner);
  std::optional<http_client::CallError> failed;
  bool done = false;
  boost::asio::co_spawn(
      runner->io(),
      [&]() -> boost::asio::awaitable<void> {
        http_client::Request request;
        request.target = "/users/1";
        auto response = co_await client.call(std::move(request));
        if (!response) failed = response.error();
        done = true;
      },
      boost::asio::detached);
  boost::asio::io_context& io = runner->io();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (upstream.request_count() == 0 && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_one_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(upstream.request_count(), 1u);

  client.close();
  runner->run_until(done);
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->kind, http_client::CallError::Kind::unavailable);
  io.restart();
  io.run_for(std::chrono::seconds(10));
  EXPECT_TRUE(io.stopped()) << "the loop still had work after close()";
}

// Ten aliases of one field: ten identical GETs in flight at once.
constexpr std::string_view kTenUsers =
    R"({ a0: user(id: "1") { name } a1: user(id: "1") { name } a2: user(id: "1") { name }
         a3: user(id: "1") { name } a4: user(id: "1") { name } a5: user(id: "1") { name }
         a6: user(id: "1") { name } a7: user(id: "1") { name } a8: user(id: "1") { name }
         a9: user(id: "1") { name } })";

TEST(HttpDatasource, IdenticalGetsInFlightShareOneUpstreamCall) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) {
    Reply r = Reply::json(R"({"name": "Ann"})");
    r.delay = std::chrono::milliseconds(50);
    return r;
  });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Query.user.yaml", kUserPipeline}});
  const Value response = parse(runner->query(kTenUsers));
  for (int i = 0; i < 10; ++i) {
    const Value* user = response.find("data")->find("a" + std::to_string(i));
    ASSERT_NE(user, nullptr);
    EXPECT_EQ(to_json(*user), R"({"name":"Ann"})");
  }
  EXPECT_EQ(upstream.request_count(), 1u);
}

// Runs `call` for each requester at once on the runner's loop; the responses' statuses.
std::vector<unsigned> concurrent_calls(AppRunner& runner,
                                       const std::vector<const void*>& requesters) {
  http_client::Client& client = client_of(runner);
  std::vector<unsigned> statuses(requesters.size(), 0);
  std::size_t done = 0;
  bool all_done = false;
  for (std::size_t i = 0; i < requesters.size(); ++i) {
    boost::asio::co_spawn(
        runner.io(),
        [&, i]() -> boost::asio::awaitable<void> {
          http_client::Request request;
          request.target = "/users/1";
          request.requester = requesters[i];
          auto response = co_await client.call(std::move(request));
          statuses[i] = response ? response->status : 0;
          all_done = ++done == requesters.size();
        },
        boost::asio::detached);
  }
  runner.run_until(all_done);
  return statuses;
}

TEST(HttpDatasource, WithoutDedupeOnlyCallsOfTheSameRequestShareAGet) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) {
    Reply r = Reply::json(R"({"name": "Ann"})");
    r.delay = std::chrono::milliseconds(50);
    return r;
  });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "    dedupe: false\n",
                         {{"Query.user.yaml", kUserPipeline}});
  runner->query(kTenUsers);
  EXPECT_EQ(upstream.request_count(), 1u);

  const int first = 0;
  const int second = 0;
  EXPECT_EQ(concurrent_calls(*runner, {&first, &second}), (std::vector<unsigned>{200, 200}));
  EXPECT_EQ(upstream.request_count(), 3u);
}

TEST(HttpDatasource, WithDedupeCallsOfDifferentRequestsShareAGet) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) {
    Reply r = Reply::json(R"({"name": "Ann"})");
    r.delay = std::chrono::milliseconds(50);
    return r;
  });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Query.user.yaml", kUserPipeline}});
  const int first = 0;
  const int second = 0;
  EXPECT_EQ(concurrent_calls(*runner, {&first, &second}), (std::vector<unsigned>{200, 200}));
  EXPECT_EQ(upstream.request_count(), 1u);
}

// The ids of `/api/users?id=1&id=2…`, in order.
std::vector<std::string> ids_of(std::string_view target) {
  std::vector<std::string> out;
  std::size_t at = target.find('?');
  while (at != std::string_view::npos) {
    const std::size_t end = target.find('&', at + 1);
    const std::string_view param = target.substr(at + 1, end - at - 1);
    if (param.starts_with("id=")) out.emplace_back(param.substr(3));
    at = end;
  }
  return out;
}

TEST(HttpDatasource, BatchedCallsOfAListBecomeOneGetAndEachItemGetsItsOwnUser) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest& r) {
    // In reverse order, ids as strings, and nothing for id 999: matched by key, not position.
    std::string body = "[";
    const auto ids = ids_of(r.target);
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      if (*it == "999") continue;
      if (body.size() > 1) body += ',';
      body += R"({"id": ")" + *it + R"(", "name": "user )" + *it + R"("})";
    }
    return Reply::json(body + "]");
  });
  std::vector<int> users;
  for (int i = 0; i < 50; ++i)
    users.push_back(i == 49 ? 999 : i % 25 + 1);
  const std::string posts = posts_root(users);
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url("/api"), "", {{"Post.author.yaml", R"(
resolver: Post.author
steps:
  - use: http
    path: /users
    query: { id: "{{ source.userId }}", active: true }
    batch: { key: id, path: id }
)"}},
                         posts);
  const Value response = parse(runner->query("{ posts { id userId author { id name } } }"));
  const Value* list = response.find("data")->find("posts");
  ASSERT_TRUE(list != nullptr && list->is_list()) << to_json(response);
  ASSERT_EQ(list->as_list().size(), 50u);
  for (const Value& post : list->as_list()) {
    const std::int64_t user = post.find("userId")->as_int();
    const Value* author = post.find("author");
    if (user == 999) {
      EXPECT_TRUE(author->is_null()) << to_json(post);
      continue;
    }
    EXPECT_EQ(to_json(*author), R"({"id":")" + std::to_string(user) + R"(","name":"user )" +
                                    std::to_string(user) + R"("})");
  }
  const auto requests = upstream.requests();
  ASSERT_EQ(requests.size(), 1u);
  std::string expected = "/api/users?";
  for (int user = 1; user <= 25; ++user)
    expected += "id=" + std::to_string(user) + "&";
  expected += "id=999&active=true";
  EXPECT_EQ(requests[0].target, expected);
}

TEST(HttpDatasource, AListsCallsGoOutTogetherAndEachItemGetsItsOwnAnswer) {
  // One GET per post, made for the whole list at once: identical ones are sent once, every
  // item gets its own user, and the item whose user is missing fails alone.
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest& r) {
    if (r.target == "/users/9") return Reply::json(R"({"error": "no such user"})", 404);
    Reply reply = Reply::json(R"({"id": ")" + r.target.substr(7) + R"(", "name": "user )" +
                              r.target.substr(7) + R"("})");
    reply.delay = std::chrono::milliseconds(20);
    return reply;
  });
  std::vector<int> users;
  for (int i = 0; i < 12; ++i)
    users.push_back(i == 5 ? 9 : i % 3 + 1);
  const std::string posts = posts_root(users);
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Post.author.yaml", R"(
resolver: Post.author
steps:
  - use: http
    path: "/users/{{ source.userId }}"
)"}},
                         posts);
  const Value response = parse(runner->query("{ posts { id userId author { id name } } }"));
  const Value* list = response.find("data")->find("posts");
  ASSERT_TRUE(list != nullptr && list->is_list()) << to_json(response);
  ASSERT_EQ(list->as_list().size(), 12u);
  for (const Value& post : list->as_list()) {
    const std::string user = std::to_string(post.find("userId")->as_int());
    const Value* author = post.find("author");
    if (user == "9") {
      EXPECT_TRUE(author->is_null()) << to_json(post);
      continue;
    }
    EXPECT_EQ(to_json(*author), R"({"id":")" + user + R"(","name":"user )" + user + R"("})");
  }
  const Value* errors = response.find("errors");
  ASSERT_TRUE(errors != nullptr && errors->as_list().size() == 1) << to_json(response);
  EXPECT_EQ(to_json(*errors->as_list()[0].find("path")), R"(["posts",5,"author"])");
  EXPECT_EQ(upstream.request_count(), 4u);
  // Posts by the same user share one run of the pipeline: the step makes 4 calls, not 12.
  const http_client::Stats stats = client_of(*runner).stats();
  EXPECT_EQ(stats.calls, 4u);
  EXPECT_EQ(stats.shared, 0u);
}

TEST(HttpDatasource, ABatchSendsOneCallOnlyForTheSameTargetAndHeaders) {
  // The same path with another header is another call: each post gets the answer to its own
  // tag, and only the calls identical in both are sent once. The pipeline reads `info`, so
  // every post runs it (no two share a run): the step itself finds the identical calls.
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest& r) {
    Reply reply = Reply::json(R"({"id": ")" + r.target.substr(7) + R"(", "name": ")" +
                              r.header("X-Tag").value_or("none") + R"("})");
    reply.delay = std::chrono::milliseconds(20);
    return reply;
  });
  const std::vector<int> users = {1, 1, 2, 2, 1, 2};
  const std::vector<std::string> tags = {"a", "a", "a", "b", "b", "b"};
  std::vector<std::string> extra;
  for (const std::string& tag : tags)
    extra.push_back(R"("tag": ")" + tag + R"(")");
  const std::string posts = posts_root(users, extra);
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Post.author.yaml", R"(
resolver: Post.author
steps:
  - use: http
    path: "/users/{{ source.userId }}"
    headers:
      X-Tag: "{{ source.tag }}"
      X-Field: "{{ info.fieldName }}"
)"}},
                         posts);
  const Value response = parse(runner->query("{ posts { id author { id name } } }"));
  const Value* list = response.find("data")->find("posts");
  ASSERT_TRUE(list != nullptr && list->is_list() && list->as_list().size() == 6u)
      << to_json(response);
  for (std::size_t i = 0; i < users.size(); ++i) {
    EXPECT_EQ(to_json(*list->as_list()[i].find("author")),
              R"({"id":")" + std::to_string(users[i]) + R"(","name":")" + tags[i] + R"("})");
  }
  EXPECT_EQ(upstream.request_count(), 4u);
  const http_client::Stats stats = client_of(*runner).stats();
  EXPECT_EQ(stats.calls, 6u);
  EXPECT_EQ(stats.shared, 2u);
}

TEST(HttpDatasource, AResponseOverMaxBytesIsADatasourceError) {
  HttpUpstream upstream;
  upstream.handle([](const RecordedRequest&) {
    return Reply::json(R"({"id": "1", "name": ")" + std::string(1000, 'x') + R"("})");
  });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "    max_bytes: 100\n",
                         {{"Query.user.yaml", kUserPipeline}});
  EXPECT_EQ(first_code(runner->query(R"({ user(id: "1") { id } })")), "DatasourceError");
}

TEST(HttpDatasource, HttpsWorksWithTheCaOfCaFile) {
  HttpUpstream upstream(HttpUpstream::Tls::on);
  upstream.handle([](const RecordedRequest&) { return Reply::json(R"({"id": "1"})"); });
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "    ca_file: " + upstream.ca_file() + "\n",
                         {{"Query.user.yaml", kUserPipeline}});
  EXPECT_EQ(runner->query(R"({ user(id: "1") { id } })"), R"({"data":{"user":{"id":"1"}}})");
  EXPECT_EQ(runner->query(R"({ user(id: "2") { id } })"), R"({"data":{"user":{"id":"1"}}})");
  EXPECT_EQ(upstream.connections(), 1u);
}

TEST(HttpDatasource, ACaFileThatCannotBeReadStopsTheAppBeforeItServes) {
  test_support::TempDir dir;
  try {
    make_app(dir, "https://127.0.0.1:9", "    ca_file: missing.pem\n",
             {{"Query.user.yaml", kUserPipeline}});
    ADD_FAILURE() << "the app started";
  } catch (const std::runtime_error& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("stashql.yaml:"), std::string::npos) << text;
    EXPECT_NE(text.find("ca_file"), std::string::npos) << text;
    EXPECT_NE(text.find("missing.pem"), std::string::npos) << text;
  }
}

TEST(HttpDatasource, HttpsFailsVerificationWithoutTheCaAndSaysSoToTheOperator) {
  HttpUpstream upstream(HttpUpstream::Tls::on);
  test_support::TempDir dir;
  auto runner =
      make_app(dir, upstream.base_url(), "    retries: 0\n", {{"Query.user.yaml", kUserPipeline}});
  const std::string response = runner->query(R"({ user(id: "1") { id } })");
  EXPECT_EQ(first_code(response), "DatasourceUnavailable");
  EXPECT_EQ(response.find("certificate"), std::string::npos) << response;
  EXPECT_EQ(upstream.request_count(), 0u);

  // What the operator's log gets for such a call, and what /readyz would say.
  http_client::Client& client = client_of(*runner);
  std::string detail;
  bool done = false;
  boost::asio::co_spawn(
      runner->io(),
      [&]() -> boost::asio::awaitable<void> {
        http_client::Request request;
        request.target = "/users/1";
        auto failed = co_await client.call(std::move(request));
        if (!failed) detail = failed.error().message;
        done = true;
      },
      boost::asio::detached);
  runner->run_until(done);
  EXPECT_NE(detail.find("certificate verify failed"), std::string::npos) << detail;
  const BackendHealth health = check_of(*runner);
  EXPECT_FALSE(health.ok);
  EXPECT_NE(health.detail.find("certificate verify failed"), std::string::npos) << health.detail;
}

TEST(HttpDatasource, ACheckConnectsToTheUpstreamOrSaysWhyNot) {
  HttpUpstream upstream;
  test_support::TempDir dir;
  auto runner = make_app(dir, upstream.base_url(), "", {{"Query.user.yaml", kUserPipeline}});
  const BackendHealth up = check_of(*runner);
  EXPECT_TRUE(up.ok) << up.detail;
  EXPECT_EQ(upstream.request_count(), 0u);

  test_support::TempDir down_dir;
  auto down = make_app(down_dir, "http://127.0.0.1:" + std::to_string(closed_port()), "",
                       {{"Query.user.yaml", kUserPipeline}});
  const BackendHealth refused = check_of(*down);
  EXPECT_FALSE(refused.ok);
  EXPECT_NE(refused.detail.find("refused"), std::string::npos) << refused.detail;
}

}  // namespace
}  // namespace stashql
