// The rules of an http call that need no socket: the base URL, the target a step's path and
// query become, the header checks that stop injection, and how a response is read.
#include "datasources/http/http_request.hpp"

#include <gtest/gtest.h>

#include <stashql/json.hpp>

#include "unit/functions/function_test_support.hpp"

namespace stashql::http_client {
namespace {

using functions::testing::json;

TEST(HttpBaseUrl, ReadsSchemeHostPortAndPathPrefix) {
  auto url = parse_base_url("https://users.internal:8443/api/v1/");
  ASSERT_TRUE(url.has_value()) << url.error();
  EXPECT_EQ(url->scheme, Scheme::https);
  EXPECT_EQ(url->host, "users.internal");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->prefix, "/api/v1");
  EXPECT_EQ(url->host_header(), "users.internal:8443");

  auto plain = parse_base_url("http://127.0.0.1");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(plain->prefix, "");
  EXPECT_EQ(plain->host_header(), "127.0.0.1");

  auto v6 = parse_base_url("http://[::1]:8080/x");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->host_header(), "[::1]:8080");
}

TEST(HttpBaseUrl, RefusesWhatItCannotUse) {
  EXPECT_FALSE(parse_base_url("ftp://x").has_value());
  EXPECT_FALSE(parse_base_url("http://").has_value());
  EXPECT_FALSE(parse_base_url("http://x:0").has_value());
  EXPECT_FALSE(parse_base_url("http://x:99999").has_value());
  EXPECT_FALSE(parse_base_url("http://x:port").has_value());
  EXPECT_FALSE(parse_base_url("http://x/api?key=1").has_value());
  EXPECT_FALSE(parse_base_url("http://x/a b").has_value());
  auto credentials = parse_base_url("https://user:pw@x/");
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().find("pw"), std::string::npos);
}

TEST(HttpTarget, JoinsThePathUnderTheBasePath) {
  EXPECT_EQ(*join_path("/api", "/users/9"), "/api/users/9");
  EXPECT_EQ(*join_path("", "/users/9"), "/users/9");
  EXPECT_EQ(*join_path("", "/"), "/");
}

TEST(HttpTarget, EncodesWhatAPathCannotHold) {
  EXPECT_EQ(*join_path("", "/users/a b"), "/users/a%20b");
  EXPECT_EQ(*join_path("", "/users/é"), "/users/%C3%A9");
  EXPECT_EQ(*join_path("", "/users/x#frag"), "/users/x%23frag");
  EXPECT_EQ(*join_path("", "/a\r\nHost: evil"), "/a%0D%0AHost:%20evil");
  EXPECT_EQ(*join_path("", "/100%"), "/100%25");
  EXPECT_EQ(*join_path("", "/a%2Fb"), "/a%2Fb");
  // A value rendered into the path cannot add query parameters.
  EXPECT_EQ(*join_path("", "/users/1?admin=true"), "/users/1%3Fadmin=true");
}

TEST(HttpTarget, RefusesPathsThatLeaveTheirResource) {
  EXPECT_FALSE(join_path("/api", "users").has_value());
  EXPECT_FALSE(join_path("/api", "").has_value());
  EXPECT_FALSE(join_path("/api", "/users/../admin").has_value());
  EXPECT_FALSE(join_path("/api", "/users/..").has_value());
  EXPECT_FALSE(join_path("/api", "/./x").has_value());
  EXPECT_FALSE(join_path("/api", "/users/%2e%2E/admin").has_value());
  EXPECT_FALSE(join_path("/api", "/users/.%2e").has_value());
  EXPECT_FALSE(join_path("/api", "/%2E/x").has_value());
  EXPECT_TRUE(join_path("/api", "/users/..x").has_value());
  EXPECT_TRUE(join_path("/api", "/users/.../x").has_value());
  EXPECT_TRUE(join_path("/api", "/users/%2e%2e%2e").has_value());
  EXPECT_TRUE(join_path("/api", "/users/%2f").has_value());
}

TEST(HttpQuery, EncodesValuesDropsNullsAndRepeatsListKeys) {
  const Value query = json(R"({"q": "a b&c=d", "n": 3, "x": 1.5, "on": true, "none": null,
               "tag": ["x", null, 2], "é": "ü/?"})");
  auto encoded = encode_query(query.as_object());
  ASSERT_TRUE(encoded.has_value()) << encoded.error();
  EXPECT_EQ(*encoded, "q=a%20b%26c%3Dd&n=3&x=1.5&on=true&tag=x&tag=2&%C3%A9=%C3%BC%2F%3F");
  EXPECT_EQ(*encode_query(Object{}), "");
}

TEST(HttpQuery, RefusesObjectsNamingTheKey) {
  auto object = encode_query(json(R"({"filter": {"a": 1}})").as_object());
  ASSERT_FALSE(object.has_value());
  EXPECT_NE(object.error().find("query.filter"), std::string::npos);
  auto nested = encode_query(json(R"({"ids": [1, [2]]})").as_object());
  ASSERT_FALSE(nested.has_value());
  EXPECT_NE(nested.error().find("query.ids"), std::string::npos);
}

TEST(HttpQuery, IsAppendedAfterAnyQueryOfThePath) {
  EXPECT_EQ(with_query("/a", "x=1"), "/a?x=1");
  EXPECT_EQ(with_query("/a?v=2", "x=1"), "/a?v=2&x=1");
  EXPECT_EQ(with_query("/a", ""), "/a");
}

TEST(HttpHeaders, NamesMustBeTokens) {
  EXPECT_TRUE(is_token("X-Request-Id"));
  EXPECT_TRUE(is_token("authorization"));
  EXPECT_FALSE(is_token(""));
  EXPECT_FALSE(is_token("X Name"));
  EXPECT_FALSE(is_token("X:Name"));
  EXPECT_FALSE(is_token("X\r\nEvil"));
}

TEST(HttpHeaders, ValuesWithLineBreaksOrNulAreRefused) {
  EXPECT_TRUE(header_value_problem("Bearer abc").empty());
  EXPECT_TRUE(header_value_problem("tab\tok").empty());
  EXPECT_FALSE(header_value_problem("a\r\nX-Evil: 1").empty());
  EXPECT_FALSE(header_value_problem("a\nb").empty());
  EXPECT_FALSE(header_value_problem("a\rb").empty());
  EXPECT_FALSE(header_value_problem(std::string_view("a\0b", 3)).empty());
}

TEST(HttpHeaders, TheClientsOwnHeadersCannotBeSet) {
  EXPECT_TRUE(is_reserved_header("Host"));
  EXPECT_TRUE(is_reserved_header("content-length"));
  EXPECT_TRUE(is_reserved_header("Transfer-Encoding"));
  EXPECT_FALSE(is_reserved_header("Authorization"));
}

TEST(HttpResponse, JsonIsParsedTextIsKeptEmptyIsNull) {
  EXPECT_EQ(to_json(*read_body({200, "application/json; charset=utf-8", R"({"a":[1]})"})),
            R"({"a":[1]})");
  EXPECT_EQ(to_json(*read_body({200, "application/problem+json", R"({"b":2})"})), R"({"b":2})");
  EXPECT_EQ(*read_body({200, "text/plain", "hello"}), Value("hello"));
  EXPECT_TRUE(read_body({204, "application/json", ""})->is_null());
  EXPECT_FALSE(read_body({200, "application/json", "{oops"}).has_value());
}

TEST(HttpResponse, AJsonBodyIsParsedOnceAndSharedByEveryCopy) {
  Response response{200, "application/json", R"({"user":{"id":3,"name":"Ada"}})"};
  parse_body(response);
  ASSERT_TRUE(response.json.has_value());
  EXPECT_TRUE(response.json->is_shared());
  EXPECT_TRUE(response.body.empty());  // the text is not kept beside its parse
  EXPECT_TRUE(response.content_type.empty());
  const Response copy = response;  // what each caller of a deduplicated GET gets
  const Value first = *read_body(response);
  const Value second = *read_body(copy);
  EXPECT_EQ(&first.as_object(), &second.as_object());  // one tree, not two
  EXPECT_EQ(to_json(select(second, *parse_select("user.name"))), R"("Ada")");
  // A caller that changes its value changes nobody else's.
  Value mine = *read_body(copy);
  mine["user"]["name"] = Value("Bo");
  EXPECT_EQ(to_json(*read_body(response)), R"({"user":{"id":3,"name":"Ada"}})");
}

TEST(HttpResponse, ABodyThatIsNotJsonIsLeftForReadBody) {
  Response text{200, "text/plain", "hello"};
  parse_body(text);
  EXPECT_FALSE(text.json.has_value());
  EXPECT_EQ(*read_body(text), Value("hello"));
  Response broken{200, "application/json", "{oops"};
  parse_body(broken);
  EXPECT_FALSE(broken.json.has_value());
  EXPECT_EQ(broken.body, "{oops");
  ASSERT_FALSE(read_body(broken).has_value());
  EXPECT_NE(read_body(broken).error().find("not valid JSON"), std::string::npos);
}

TEST(HttpResponse, SelectFollowsADottedPathOrGivesNull) {
  const Value body = json(R"({"data": {"items": [{"id": 1}, {"id": 2}]}})");
  EXPECT_EQ(to_json(select(body, *parse_select("data.items.1.id"))), "2");
  EXPECT_EQ(to_json(select(body, *parse_select("data.items"))), R"([{"id":1},{"id":2}])");
  EXPECT_TRUE(select(body, *parse_select("data.missing.x")).is_null());
  EXPECT_TRUE(select(body, *parse_select("data.items.9")).is_null());
  EXPECT_FALSE(parse_select("data..items").has_value());
}

TEST(HttpResponse, StatusesAreExpectedAsListedOrAny2xx) {
  EXPECT_TRUE(is_expected(204, {}));
  EXPECT_FALSE(is_expected(404, {}));
  EXPECT_FALSE(is_expected(302, {}));
  EXPECT_TRUE(is_expected(404, {200, 404}));
  EXPECT_FALSE(is_expected(201, {200, 404}));
}

TEST(HttpDryCall, NamesTheMethodAndFullUrlAndTheBodysSizeNeverAHeader) {
  Request request;
  request.method = Method::post;
  request.target = "/api/comments?post=7&draft=true";
  request.headers = {{"Authorization", "Bearer s3cret"}, {"X-Trace", "t-1"}};
  request.body = std::string(2048, 'x');
  const auto base = parse_base_url("https://comments.internal:8443/api");
  ASSERT_TRUE(base.has_value());
  const std::string line = describe_call(*base, request);
  EXPECT_EQ(line,
            "POST https://comments.internal:8443/api/comments?post=7&draft=true with a JSON body "
            "of 2,048 bytes");
  EXPECT_EQ(line.find("s3cret"), std::string::npos);
}

TEST(HttpDryCall, LeavesOutTheBodyWhenThereIsNoneAndTheDefaultPort) {
  Request request;
  request.method = Method::del;
  request.target = "/users/9";
  EXPECT_EQ(describe_call(*parse_base_url("http://users.internal"), request),
            "DELETE http://users.internal/users/9");
  request.method = Method::put;
  request.body = "null";
  EXPECT_EQ(describe_call(*parse_base_url("http://[::1]:8080"), request),
            "PUT http://[::1]:8080/users/9 with a JSON body of 4 bytes");
}

}  // namespace
}  // namespace stashql::http_client
