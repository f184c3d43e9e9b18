// GraphQL over HTTP without sockets: Accept negotiation, content types, query-string decoding,
// request parameters, status codes and response heads.
#include "server/graphql_http.hpp"

#include <gtest/gtest.h>

namespace stashql::http {
namespace {

// ---- Accept negotiation ----

TEST(Negotiate, NoAcceptHeaderMeansJson) {
  EXPECT_EQ(negotiate("", false), MediaType::json);
  EXPECT_EQ(negotiate("  ", true), MediaType::json);
}

TEST(Negotiate, AnyTypeMeansJson) {
  EXPECT_EQ(negotiate("*/*", false), MediaType::json);
  EXPECT_EQ(negotiate("application/*", false), MediaType::json);
}

TEST(Negotiate, ExplicitTypesAreHonoured) {
  EXPECT_EQ(negotiate("application/graphql-response+json", false),
            MediaType::graphql_response_json);
  EXPECT_EQ(negotiate("application/json", false), MediaType::json);
  EXPECT_EQ(negotiate("Application/JSON", false), MediaType::json);
}

TEST(Negotiate, EarlierTypeWinsAtEqualQuality) {
  EXPECT_EQ(negotiate("application/graphql-response+json, application/json", false),
            MediaType::graphql_response_json);
  EXPECT_EQ(negotiate("application/json, application/graphql-response+json", false),
            MediaType::json);
}

TEST(Negotiate, QualityOrdersTypes) {
  EXPECT_EQ(negotiate("application/json;q=0.9, application/graphql-response+json", false),
            MediaType::graphql_response_json);
  EXPECT_EQ(negotiate("application/graphql-response+json;q=0.5, application/json;q=0.8", false),
            MediaType::json);
}

TEST(Negotiate, ExplicitTypeBeatsWildcardAtEqualQuality) {
  EXPECT_EQ(negotiate("*/*, application/graphql-response+json", false),
            MediaType::graphql_response_json);
}

TEST(Negotiate, ZeroQualityExcludesAType) {
  EXPECT_EQ(negotiate("application/json;q=0, */*", false), MediaType::graphql_response_json);
  EXPECT_EQ(negotiate("application/json;q=0", false), std::nullopt);
}

TEST(Negotiate, UnsupportedTypesOnlyIsNotAcceptable) {
  EXPECT_EQ(negotiate("text/plain", false), std::nullopt);
  EXPECT_EQ(negotiate("application/xml, image/png", false), std::nullopt);
  EXPECT_EQ(negotiate("text/html", false), std::nullopt);
}

TEST(Negotiate, NonUtf8CharsetIsNotAcceptable) {
  EXPECT_EQ(negotiate("application/json; charset=iso-8859-1", false), std::nullopt);
  EXPECT_EQ(negotiate("application/json; charset=UTF-8", false), MediaType::json);
}

TEST(Negotiate, BrowsersGetHtmlWhereTheRouteOffersIt) {
  constexpr std::string_view kBrowser =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8";
  EXPECT_EQ(negotiate(kBrowser, true), MediaType::html);
  EXPECT_EQ(negotiate(kBrowser, false), MediaType::json);
  EXPECT_EQ(negotiate("*/*", true), MediaType::json);
}

TEST(Negotiate, MalformedRangesAreSkipped) {
  EXPECT_EQ(negotiate("garbage, application/json", false), MediaType::json);
  EXPECT_EQ(negotiate("application/json;q=2, application/graphql-response+json", false),
            MediaType::graphql_response_json);
  EXPECT_EQ(negotiate(",,", false), std::nullopt);
}

// ---- Content-Type ----

TEST(ContentType, JsonWithOrWithoutUtf8Charset) {
  EXPECT_TRUE(is_json_content_type("application/json"));
  EXPECT_TRUE(is_json_content_type("application/json; charset=utf-8"));
  EXPECT_TRUE(is_json_content_type("Application/Json;Charset=\"UTF-8\""));
}

TEST(ContentType, OtherTypesAndCharsetsAreRefused) {
  EXPECT_FALSE(is_json_content_type(""));
  EXPECT_FALSE(is_json_content_type("text/plain"));
  EXPECT_FALSE(is_json_content_type("application/graphql"));
  EXPECT_FALSE(is_json_content_type("application/x-www-form-urlencoded"));
  EXPECT_FALSE(is_json_content_type("application/json; charset=latin1"));
}

// ---- query strings ----

TEST(UrlDecode, PlusIsSpaceAndPercentIsAByte) {
  std::string out;
  ASSERT_TRUE(url_decode("%7B+__typename+%7D%F0%9F%8F%83", out));
  EXPECT_EQ(out, "{ __typename }\xF0\x9F\x8F\x83");
}

TEST(UrlDecode, MalformedEscapesAreRefused) {
  std::string out;
  EXPECT_FALSE(url_decode("%", out));
  EXPECT_FALSE(url_decode("abc%4", out));
  EXPECT_FALSE(url_decode("%zz", out));
}

TEST(SplitTarget, PathAndQuery) {
  EXPECT_EQ(split_target("/graphql?query=x").path, "/graphql");
  EXPECT_EQ(split_target("/graphql?query=x").query, "query=x");
  EXPECT_EQ(split_target("/graphql").query, "");
}

TEST(FindParam, FirstOccurrenceByName) {
  EXPECT_EQ(find_param("a=1&query=2&query=3", "query"), "2");
  EXPECT_EQ(find_param("queryx=1", "query"), std::nullopt);
  EXPECT_EQ(find_param("query", "query"), "");
  EXPECT_EQ(find_param("operation%4Eame=Q", "operationName"), "Q");
}

// ---- GET parameters ----

TEST(GetParams, QueryOperationAndVariablesAreDecoded) {
  GraphQLParams p;
  auto r = read_get_params(
      "query=query+Q(%24id%3A+ID!)+%7B+a+%7D&operationName=Q&variables=%7B%22id%22%3A%221%22%7D",
      p);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(p.query, "query Q($id: ID!) { a }");
  EXPECT_EQ(p.operation_name, "Q");
  ASSERT_NE(p.variables, nullptr);
  EXPECT_EQ(*p.variables, Value(Object{{"id", Value("1")}}));
}

TEST(GetParams, MissingQueryIsAnError) {
  GraphQLParams p;
  auto r = read_get_params("operationName=Q", p);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "Missing query");
}

TEST(GetParams, VariablesMustBeAJsonObject) {
  GraphQLParams p;
  EXPECT_FALSE(read_get_params("query=%7Ba%7D&variables=%5B1%5D", p).has_value());
  p.reset();
  EXPECT_FALSE(read_get_params("query=%7Ba%7D&variables=%7Bnope", p).has_value());
  p.reset();
  EXPECT_FALSE(read_get_params("query=%7Ba%7D&extensions=1", p).has_value());
  p.reset();
  ASSERT_TRUE(read_get_params("query=%7Ba%7D&variables=null", p).has_value());
  EXPECT_EQ(p.variables, nullptr);
}

// ---- POST parameters ----

TEST(PostParams, AllParameters) {
  GraphQLParams p;
  auto r = read_post_params(
      R"({"query":"query Q { a }","operationName":"Q","variables":{"x":1},"extensions":{}})", p);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(p.query, "query Q { a }");
  EXPECT_EQ(p.operation_name, "Q");
  ASSERT_NE(p.variables, nullptr);
  EXPECT_EQ(*p.variables, Value(Object{{"x", Value(1)}}));
}

TEST(PostParams, NullOptionalParametersAreAbsent) {
  GraphQLParams p;
  auto r = read_post_params(
      R"({"query":"{a}","operationName":null,"variables":null,"extensions":null})", p);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(p.operation_name, "");
  EXPECT_EQ(p.variables, nullptr);
}

TEST(PostParams, MalformedBodiesAreRequestErrors) {
  const char* bad[] = {
      "",
      "{ \"not a JSON",
      "[1]",
      R"({"notquery":"{a}"})",
      R"({"query":{"obj":"ect"}})",
      R"({"query":0})",
      R"({"query":false})",
      R"({"query":["array"]})",
      R"({"query":"{a}","operationName":0})",
      R"({"query":"{a}","operationName":{}})",
      R"({"query":"{a}","variables":"string"})",
      R"({"query":"{a}","variables":["array"]})",
      R"({"query":"{a}","extensions":false})",
  };
  for (const char* body : bad) {
    GraphQLParams p;
    EXPECT_FALSE(read_post_params(body, p).has_value()) << body;
  }
}

TEST(PostParams, InvalidJsonMessageSaysWhere) {
  GraphQLParams p;
  auto r = read_post_params("{\n  \"query\": }", p);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
}

// ---- status codes ----

TEST(Status, JsonAnswers200ToWellFormedRequests) {
  EXPECT_EQ(status_for(MediaType::json, true), 200U);
  EXPECT_EQ(status_for(MediaType::json, false), 200U);
}

TEST(Status, GraphQLResponseJsonAnswers400ToRequestErrors) {
  EXPECT_EQ(status_for(MediaType::graphql_response_json, true), 200U);
  EXPECT_EQ(status_for(MediaType::graphql_response_json, false), 400U);
}

// ---- response heads ----

TEST(ResponseHead, HasLengthTypeAndDate) {
  std::string out;
  ResponseHead h;
  h.content_type = content_type_of(MediaType::graphql_response_json);
  write_head(out, h, 42);
  EXPECT_TRUE(out.starts_with("HTTP/1.1 200 OK\r\n")) << out;
  EXPECT_NE(out.find("\r\nContent-Length: 42\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\r\nContent-Type: application/graphql-response+json; charset=utf-8\r\n"),
            std::string::npos);
  EXPECT_NE(out.find("\r\nDate: "), std::string::npos);
  EXPECT_EQ(out.find("Connection:"), std::string::npos);
  EXPECT_TRUE(out.ends_with("\r\n\r\n"));
}

TEST(ResponseHead, ConnectionHeaderWhenClosingOrForHttp10KeepAlive) {
  std::string closing;
  ResponseHead h;
  h.keep_alive = false;
  write_head(closing, h, 0);
  EXPECT_NE(closing.find("\r\nConnection: close\r\n"), std::string::npos);

  std::string http10;
  h.keep_alive = true;
  h.http10 = true;
  write_head(http10, h, 0);
  EXPECT_NE(http10.find("\r\nConnection: keep-alive\r\n"), std::string::npos);
}

TEST(ResponseHead, MethodNotAllowedSaysWhatIs) {
  std::string out;
  ResponseHead h;
  h.status = 405;
  h.allow = "POST";
  write_head(out, h, 0);
  EXPECT_TRUE(out.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"));
  EXPECT_NE(out.find("\r\nAllow: POST\r\n"), std::string::npos);
}

TEST(ResponseHead, NotModifiedHasNoContentLength) {
  std::string out;
  ResponseHead h;
  h.status = 304;
  h.etag = "\"abc\"";
  write_head(out, h, 100);
  EXPECT_EQ(out.find("Content-Length"), std::string::npos);
  EXPECT_NE(out.find("\r\nETag: \"abc\"\r\n"), std::string::npos);
}

TEST(ErrorBody, InternalErrorsCarryOnlyARequestId) {
  std::string out;
  write_internal_error_body(out, "abc-0-1");
  EXPECT_EQ(out, R"({"errors":[{"message":"Internal server error","extensions":{"code":)"
                 R"("INTERNAL_SERVER_ERROR","requestId":"abc-0-1"}}]})");
}

}  // namespace
}  // namespace stashql::http
