// The rules of GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) as pure
// functions, with no socket in sight: Accept negotiation, request-body and query-string
// decoding into GraphQL parameters, the status code for each outcome and media type, and the
// framing of a response head. The Beast layer (http_server.cpp) only moves bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <stashql/result.hpp>
#include <stashql/value.hpp>

namespace stashql::http {

enum class MediaType : std::uint8_t { graphql_response_json, json, html };

// The Content-Type header value for a media type (with charset=utf-8).
std::string_view content_type_of(MediaType type);

// RFC 9110 §12.5.1 for the media types a route offers. No Accept header (or an empty one)
// means application/json. Among equal preference, an explicitly named type beats a wildcard
// match, then the earlier type in the header; a wildcard alone picks application/json.
// nullopt: nothing acceptable (406).
std::optional<MediaType> negotiate(std::string_view accept, bool allow_html);

// Whether a request Content-Type is JSON we read: application/json, with no charset or utf-8.
bool is_json_content_type(std::string_view content_type);

// Decodes application/x-www-form-urlencoded text (`+` is a space, `%XX` a byte) and appends it
// to `out`. False on a malformed escape.
bool url_decode(std::string_view in, std::string& out);

// Splits a request target into its path and query string (without the '?').
struct Target {
  std::string_view path;
  std::string_view query;
};
Target split_target(std::string_view target);

// The raw (still encoded) value of the first parameter `name` in a query string.
std::optional<std::string_view> find_param(std::string_view query, std::string_view name);

// A GraphQL request's parameters. The views point into this object's storage (or the body
// the caller keeps alive); reset() keeps the buffers' capacity for the next request.
struct GraphQLParams {
  std::string_view query;
  std::string_view operation_name;
  const Value* variables = nullptr;  // an object, or nullptr when absent or null

  Value body;              // POST: the parsed body
  std::string query_text;  // GET: decoded parameters
  std::string operation_text;
  std::string scratch;
  Value variables_value;
  void reset();
};

// A request the server cannot run: the message of a 400 response's GraphQL error.
struct ParamsError {
  std::string message;
};

// The JSON body of a POST: {"query": "…", "operationName": …, "variables": {…},
// "extensions": {…}}, with the types the spec requires.
Result<void, ParamsError> read_post_params(std::string_view body, GraphQLParams& out);
// The query string of a GET: query, operationName, variables and extensions (JSON text).
Result<void, ParamsError> read_get_params(std::string_view query_string, GraphQLParams& out);

// The status of a GraphQL response: application/json answers 200 to every well-formed request;
// application/graphql-response+json answers 400 when the request failed before execution
// (syntax, validation, variables: no "data" in the response).
unsigned status_for(MediaType type, bool data_present);

// Everything of a response but its body.
struct ResponseHead {
  unsigned status = 200;
  std::string_view content_type;   // empty = none
  std::string_view allow;          // for 405
  std::string_view cache_control;  // empty = none
  std::string_view etag;           // empty = none
  std::string_view request_id;     // empty = none
  bool keep_alive = true;
  bool http10 = false;  // the request was HTTP/1.0: say keep-alive explicitly
};

std::string_view reason_phrase(unsigned status);

// Appends the status line and headers (Date, Content-Type, Content-Length, Connection, …) and
// the blank line that ends them.
void write_head(std::string& out, const ResponseHead& head, std::size_t content_length);

// Appends {"errors":[{"message": …}]}.
void write_error_body(std::string& out, std::string_view message);
// Appends the error of a failure whose detail stays in the log: "Internal server error" with
// extensions {"code": "INTERNAL_SERVER_ERROR", "requestId": …}.
void write_internal_error_body(std::string& out, std::string_view request_id);

}  // namespace stashql::http
