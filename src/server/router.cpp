// Routing and the GraphQL-over-HTTP exchange: negotiate, read parameters, prepare through the
// engine's cache, refuse mutations over GET, execute into the response body, pick the status.
#include "server/router.hpp"

#include <array>
#include <cstdio>
#include <exception>
#include <random>

#include <stashql/json.hpp>

#include "server/log.hpp"

namespace stashql {
namespace {

constexpr std::string_view kGraphQLPath = "/graphql";
constexpr std::string_view kAssetPrefix = "/graphiql/";
constexpr std::string_view kJson = "application/json; charset=utf-8";
constexpr std::string_view kText = "text/plain; charset=utf-8";

// A random tag per process, so request ids from replicas behind one balancer differ.
const std::string& process_tag() {
  static const std::string kTag = [] {
    std::random_device random;
    std::array<char, 16> hex{};
    std::snprintf(hex.data(), hex.size(), "%06x", static_cast<unsigned>(random() & 0xffffff));
    return std::string(hex.data());
  }();
  return kTag;
}

void error_response(HttpResponse& response, unsigned status, std::string_view content_type,
                    std::string_view message) {
  response.status = status;
  response.content_type = content_type;
  response.body.clear();
  http::write_error_body(response.body, message);
}

void text_response(HttpResponse& response, unsigned status, std::string_view text) {
  response.status = status;
  response.content_type = kText;
  response.body.assign(text);
}

}  // namespace

void HttpResponse::reset() {
  status = 200;
  content_type = {};
  allow = {};
  cache_control = {};
  etag = {};
  request_id.clear();
  body.clear();
  static_body = nullptr;
}

Router::Router(std::shared_ptr<const EngineConfig> engine, const ServerSettings& settings,
               const GraphiqlAssets& graphiql, unsigned worker, Backends* backends)
    : engine_(std::move(engine)),
      settings_(settings),
      graphiql_(graphiql),
      backends_(backends),
      id_prefix_(process_tag() + "-" + std::to_string(worker) + "-") {}

boost::asio::awaitable<void> Router::handle(Exchange& exchange) {
  const HttpRequest& request = exchange.request;
  HttpResponse& response = exchange.response;
  response.reset();
  const std::string_view path = http::split_target(request.target).path;
  try {
    if (path == kGraphQLPath) {
      co_await graphql(exchange);
    } else if (path == "/healthz" || path == "/readyz") {
      if (request.method != HttpMethod::get && request.method != HttpMethod::head) {
        text_response(response, 405, "Method Not Allowed");
        response.allow = "GET, HEAD";
      } else if (path == "/healthz") {
        text_response(response, 200, "ok");
      } else {
        co_await readyz(response);
      }
      response.cache_control = "no-store";
    } else if (settings_.graphiql && path.starts_with(kAssetPrefix)) {
      const StaticAsset* asset = graphiql_.find(path);
      if (asset == nullptr) {
        text_response(response, 404, "Not Found");
      } else if (request.method != HttpMethod::get && request.method != HttpMethod::head) {
        text_response(response, 405, "Method Not Allowed");
        response.allow = "GET, HEAD";
      } else {
        serve_asset(request, response, *asset, "public, max-age=86400");
      }
    } else {
      text_response(response, 404, "Not Found");
    }
  } catch (const std::exception& e) {
    internal_error(response, e.what());
  } catch (...) {
    internal_error(response, "unknown exception");
  }
}

boost::asio::awaitable<void> Router::graphql(Exchange& exchange) {
  const HttpRequest& request = exchange.request;
  HttpResponse& response = exchange.response;
  http::GraphQLParams& params = exchange.params;
  params.reset();

  const bool is_get = request.method == HttpMethod::get;
  if (!is_get && request.method != HttpMethod::post) {
    error_response(response, 405, kJson, "GraphQL requests use GET or POST");
    response.allow = "GET, POST";
    co_return;
  }
  const bool allow_html = is_get && settings_.graphiql;
  Exchange::Negotiated& negotiated = exchange.negotiated;
  if (!negotiated.known || negotiated.allow_html != allow_html ||
      negotiated.accept != request.accept) {
    negotiated.accept = request.accept;
    negotiated.allow_html = allow_html;
    negotiated.type = http::negotiate(request.accept, allow_html);
    negotiated.known = true;
  }
  const std::optional<http::MediaType> type = negotiated.type;
  if (!type) {
    error_response(response, 406, kJson,
                   "Not Acceptable: this endpoint answers application/graphql-response+json or "
                   "application/json");
    co_return;
  }
  if (*type == http::MediaType::html) {
    serve_asset(request, response, graphiql_.page(), "no-cache");
    co_return;
  }
  const std::string_view content_type = http::content_type_of(*type);

  Result<void, http::ParamsError> read;
  if (is_get) {
    read = http::read_get_params(http::split_target(request.target).query, params);
  } else if (!request.has_content_type || !http::is_json_content_type(request.content_type)) {
    error_response(response, 415, content_type,
                   "Unsupported Media Type: send the request as application/json");
    co_return;
  } else {
    read = http::read_post_params(request.body, params);
  }
  if (!read.has_value()) {
    error_response(response, 400, content_type, read.error().message);
    co_return;
  }

  const PreparedRequest prepared = engine_.prepare(params.query, params.operation_name);
  if (is_get && prepared.operation != nullptr &&
      prepared.operation->operation != ast::OperationType::query) {
    error_response(response, 405, content_type,
                   "Only queries can be sent with GET: send mutations with POST");
    response.allow = "POST";
    co_return;
  }
  response.content_type = content_type;
  HttpRequestContext context(*this, exchange.request);
  const ExecutionOutcome outcome =
      co_await engine_.execute(prepared, params.variables, &context, response.body);
  response.status = http::status_for(*type, prepared.ok() && outcome.data_present);
}

// Ready when every datasource answers its check (each bounded by its own timeouts). The body
// names the datasources and whether each is ok; why one is not goes to the log only, as it
// may name hosts.
boost::asio::awaitable<void> Router::readyz(HttpResponse& response) {
  Object datasources;
  bool ready = true;
  if (backends_ != nullptr) {
    for (const auto& backend : backends_->all()) {
      const BackendHealth health = co_await backend->check();
      const std::string& name = backend->config().name;
      if (!health.ok) {
        ready = false;
        log::warn("readyz: datasource " + name + " is not ready: " + health.detail);
      }
      Object entry;
      entry.emplace_back("ok", health.ok);
      datasources.emplace_back(name, Value(std::move(entry)));
    }
  }
  Object body;
  body.emplace_back("status", ready ? "ready" : "unavailable");
  body.emplace_back("datasources", Value(std::move(datasources)));
  response.status = ready ? 200 : 503;
  response.content_type = kJson;
  response.body.clear();
  write_json(response.body, Value(std::move(body)));
}

void Router::serve_asset(const HttpRequest& request, HttpResponse& response,
                         const StaticAsset& asset, std::string_view cache_control) {
  response.cache_control = cache_control;
  response.etag = asset.etag;
  if (!request.if_none_match.empty() &&
      request.if_none_match.find(asset.etag) != std::string_view::npos) {
    response.status = 304;
    return;
  }
  response.status = 200;
  response.content_type = asset.content_type;
  response.static_body = &asset.content;
}

std::string Router::next_request_id() {
  return id_prefix_ + std::to_string(next_request_++);
}

Value Router::HttpRequestContext::internal_error(std::string_view detail) {
  std::string id = router_.next_request_id();
  log::error("request " + id + ": a resolver failed: " + std::string(detail));
  Value extensions = Object{};
  extensions["code"] = "INTERNAL_SERVER_ERROR";
  extensions["requestId"] = std::move(id);
  return extensions;
}

const Value& Router::HttpRequestContext::headers() const {
  if (headers_.is_null()) {
    headers_ = Object{};
    for (const auto& [name, value] : request_.headers) {
      std::string key(name);
      for (char& c : key)
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (Value* seen = headers_.find(key)) {
        // Repeated headers read as one, comma-separated (RFC 9110 §5.3).
        seen->as_string() += ", ";
        seen->as_string() += value;
      } else {
        headers_.as_object().emplace_back(std::move(key), std::string(value));
      }
    }
  }
  return headers_;
}

void Router::internal_error(HttpResponse& response, std::string_view detail) {
  response.reset();
  response.request_id = next_request_id();
  log::error("request " + response.request_id + " failed: " + std::string(detail));
  response.status = 500;
  response.content_type = kJson;
  http::write_internal_error_body(response.body, response.request_id);
}

}  // namespace stashql
