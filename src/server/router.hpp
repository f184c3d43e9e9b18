// What the server answers, by path and method, with no socket: /graphql (GraphQL over HTTP,
// and GraphiQL for browsers), /graphiql/* (its files, from memory), /healthz (the process is
// up), /readyz (every datasource answers), and 404. The
// Beast layer fills an Exchange's request, awaits handle(), and writes the response; the
// Exchange lives as long as the connection, so its buffers are reused request after request.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include <stashql/app.hpp>
#include <stashql/backends.hpp>
#include <stashql/engine.hpp>

#include "server/graphiql.hpp"
#include "server/graphql_http.hpp"

namespace stashql {

enum class HttpMethod : std::uint8_t { get, head, post, other };

struct HttpRequest {
  HttpMethod method = HttpMethod::other;
  std::string_view target;
  bool has_content_type = false;
  std::string_view content_type;
  std::string_view accept;  // empty = absent
  std::string_view if_none_match;
  std::string_view body;
  // Every header as received (name, value); the vector is reused request after request.
  std::vector<std::pair<std::string_view, std::string_view>> headers;
};

struct HttpResponse {
  unsigned status = 200;
  std::string_view content_type;
  std::string_view allow;
  std::string_view cache_control;
  std::string_view etag;
  std::string request_id;  // set for internal errors, which the log explains
  std::string body;
  const std::string* static_body = nullptr;  // served from memory instead of `body`

  std::string_view payload() const { return static_body != nullptr ? *static_body : body; }
  void reset();
};

struct Exchange {
  HttpRequest request;
  HttpResponse response;
  http::GraphQLParams params;
  // The last Accept header the connection negotiated, and what it chose: a client sends the
  // same one with every request.
  struct Negotiated {
    std::string accept;
    bool allow_html = false;
    std::optional<http::MediaType> type;
    bool known = false;
  } negotiated;
};

class Router {
 public:
  // `worker` numbers the thread, for request ids unique within the process.
  // `backends`: the datasource clients of the router's thread (may be nullptr: none).
  Router(std::shared_ptr<const EngineConfig> engine, const ServerSettings& settings,
         const GraphiqlAssets& graphiql, unsigned worker, Backends* backends);

  // Fills exchange.response; never throws (an unexpected failure becomes a 500 whose
  // request id the log line carries).
  boost::asio::awaitable<void> handle(Exchange& exchange);

  Engine& engine() { return engine_; }

 private:
  // What resolvers see of an HTTP request: an unexpected failure is logged under a request id
  // that the client's error carries.
  class HttpRequestContext final : public RequestContext {
   public:
    HttpRequestContext(Router& router, const HttpRequest& request)
        : router_(router), request_(request) {}
    Value internal_error(std::string_view detail) override;
    const Value& headers() const override;
    Backends* backends() const override { return router_.backends_; }

   private:
    Router& router_;
    const HttpRequest& request_;
    mutable Value headers_;  // built on first use: most apps never read headers
  };

  boost::asio::awaitable<void> graphql(Exchange& exchange);
  boost::asio::awaitable<void> readyz(HttpResponse& response);
  std::string next_request_id();
  void serve_asset(const HttpRequest& request, HttpResponse& response, const StaticAsset& asset,
                   std::string_view cache_control);
  void internal_error(HttpResponse& response, std::string_view detail);

  Engine engine_;
  const ServerSettings& settings_;
  const GraphiqlAssets& graphiql_;
  Backends* backends_;
  std::string id_prefix_;
  std::uint64_t next_request_ = 0;
};

}  // namespace stashql
