// What an HTTP call is made of, without any I/O: the datasource's base URL, request targets
// (a step's path joined to the base URL's path, its query encoded), the header checks that keep
// templates from injecting lines into a request, and the reading of a response into a Value
// (JSON or text, then `select`), and the line `--dry` records for a call it does not send.
// The client (http_client.cpp) and the `http` function
// (http_function.cpp) share these, and unit tests check them without a socket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <stashql/result.hpp>
#include <stashql/value.hpp>

namespace stashql::http_client {

enum class Scheme : std::uint8_t { http, https };

// `base_url` of an http datasource: `http[s]://host[:port][/path/prefix]`.
struct BaseUrl {
  Scheme scheme = Scheme::http;
  std::string host;  // a name or an address (IPv6 without its brackets)
  std::uint16_t port = 80;
  std::string prefix;  // the path every step's path goes under, without a trailing "/": "/api"

  // What the Host header says: the port only when it is not the scheme's default.
  std::string host_header() const;
  // "host:port", for messages in the operator's log.
  std::string authority() const;
};

// The error says what is wrong with the URL. No user:password@ (credentials belong in
// `headers`, from the environment), no query and no fragment.
Result<BaseUrl, std::string> parse_base_url(std::string_view url);

enum class Method : std::uint8_t { get, head, post, put, patch, del };

std::string_view method_name(Method method);
std::optional<Method> method_of(std::string_view name);
// GET, HEAD, PUT and DELETE: the methods that may be sent again after a failure.
bool is_idempotent(Method method);

// A header name or value pair as sent.
using Header = std::pair<std::string, std::string>;
using Headers = std::vector<Header>;

// The request target of a step's `path` under the base URL's prefix: ("/api", "/users/9") →
// "/api/users/9". The path must start with "/". Bytes that may not appear in a URL path (spaces,
// controls, non-ASCII, `"<>\^`{|}`) are percent-encoded, and so are `?` and `#` — a value
// rendered into the path cannot add query parameters (they go in `query`) — and a `%` that does
// not start an escape. A "." or ".." segment is refused, so that a value such as "../admin"
// cannot move the call to another resource.
Result<std::string, std::string> join_path(std::string_view prefix, std::string_view path);

// Percent-encodes everything but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string encode_component(std::string_view text);

// A scalar as a query or header value: strings as they are, numbers and booleans as JSON
// writes them. nullopt for null, lists and objects.
std::optional<std::string> scalar_text(const Value& v);

// `query` (an object) as `k=v&k=v`, in order: null values are left out, a list repeats its key
// once per item (null items left out). The error names the key whose value is an object (or a
// list holding one).
Result<std::string, std::string> encode_query(const Object& query);

// `target` with `query` (already encoded) appended after "?" or "&"; nothing when it is empty.
std::string with_query(std::string target, std::string_view query);

// RFC 9110 token: what a header name may be.
bool is_token(std::string_view name);
// Why a header value cannot be sent (it holds a CR, LF or NUL: a line break would start a new
// header or a new request), or empty when it can.
std::string_view header_value_problem(std::string_view value);
// Headers the client itself writes (Host, Content-Length, Transfer-Encoding, Connection, …):
// a step or a datasource may not set them.
bool is_reserved_header(std::string_view name);

// A dotted path into a parsed response (`data.items`, `results.0.id`); empty selects the whole.
using SelectPath = std::vector<std::string>;

// Splits `data.items` into its segments; nullopt when a segment is empty.
std::optional<SelectPath> parse_select(std::string_view text);
// The value at `path` (a number segment indexes a list), moved out of `v`; null when missing.
Value select(Value v, const SelectPath& path);
// The same, by reference; nullptr when missing.
const Value* find_path(const Value& v, const SelectPath& path);

// One call as the client sends it.
struct Request {
  Method method = Method::get;
  std::string target;  // "/api/users/9?active=true": the base URL's prefix, path and query
  Headers headers;     // the step's (names are tokens, values hold no line break)
  std::string body;    // JSON text, sent as application/json; empty: no body
  // The GraphQL request the call serves: with `dedupe: false`, in-flight GETs are shared only
  // between calls of the same request. nullptr shares them with any call on the loop.
  const void* requester = nullptr;
  // The steps this call answers: a batch's identical GETs go out as one call, and the client's
  // stats count each of them (the others as shared).
  std::uint32_t callers = 1;
};

// Whether two GETs are the same call, sent once for both: the target, the step's headers and
// the requester. The client's in-flight key (dedupe_key in http_client.cpp) spells this out.
inline bool same_call(const Request& a, const Request& b) {
  return a.target == b.target && a.requester == b.requester && a.headers == b.headers;
}

// What `--dry` records for a call it does not send: "POST https://host:8443/api/users?x=1 with
// a JSON body of 42 bytes" — the method, the URL the call would go to, and the size of the
// body when it has one; never a header (values can hold secrets) nor the body itself.
std::string describe_call(const BaseUrl& base, const Request& request);

// Why a call has no response.
struct CallError {
  enum class Kind : std::uint8_t {
    unavailable,  // no connection (refused, DNS, TLS verification), or it broke; client closed
    timeout,      // no (complete) answer within the timeout
    rejected,     // an answer the call cannot use: too large, not HTTP, a status not expected
  };
  Kind kind = Kind::unavailable;
  std::string message;  // for the operator's log: may name the host, never a header's value
};

// What came back from the upstream.
struct Response {
  unsigned status = 0;
  std::string content_type;  // empty, as the body, once `json` holds it
  std::string body;          // empty once `json` holds it
  // The body parsed once by the client (parse_body), a shared Value: every caller of a
  // deduplicated call or a batch gets it without parsing or copying it again.
  std::optional<Value> json;
};

// Whether `content_type` is JSON: application/json or any `+json` type, parameters ignored.
bool is_json(std::string_view content_type);
// Parses a JSON body into `json` (as Value::shared) and releases the text. A body that is not
// JSON, or not valid JSON, is left as it is, for read_body to give or explain.
void parse_body(Response& response);
// The body as a Value: parsed when the content type is JSON, the text otherwise; an empty body
// is null. The error says the JSON is invalid, and where.
Result<Value, std::string> read_body(const Response& response);

// Whether `status` is among `expect`, or a 2xx when `expect` is empty.
bool is_expected(unsigned status, const std::vector<unsigned>& expect);

}  // namespace stashql::http_client
