// The `http` datasource: a Beast HTTP/1.1 client per event loop with a keep-alive pool per
// host, TLS through OpenSSL, timeouts, retries of idempotent methods, deduplication of
// identical in-flight GETs and batching of calls that declare a batch form.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <stashql/backends.hpp>
#include <stashql/datasource.hpp>
#include <stashql/result.hpp>

#include "datasources/http/http_batch.hpp"
#include "datasources/http/http_request.hpp"

namespace stashql::http_client {

// Which identical in-flight GETs share one upstream call.
enum class Dedupe : std::uint8_t {
  loop,     // any calls on the event loop (`dedupe: true`, the default)
  request,  // only calls of the same GraphQL request (`dedupe: false`)
};

// A datasource's settings, checked (the loader already checked their types and ranges).
struct Settings {
  BaseUrl base;
  std::size_t pool = 16;                             // connections per host per event loop
  std::chrono::milliseconds timeout{10'000};         // one attempt, from sending to the last byte
  std::chrono::milliseconds connect_timeout{2'000};  // connect and TLS handshake
  unsigned retries = 1;                              // more attempts of idempotent calls
  std::chrono::milliseconds backoff{50};             // before the first retry; doubles
  Headers headers;                                   // sent with every call
  Dedupe dedupe = Dedupe::loop;
  std::string ca_file;  // PEM file of the CAs trusted for https; empty: the system's store
  std::size_t max_bytes = std::size_t{16} << 20U;  // the largest response body
};

// The datasource's settings object; the error names the setting (never a header's value).
Result<Settings, std::string> settings_of(const DatasourceConfig& config);

// Counters for tests and /metrics.
struct Stats {
  std::uint64_t calls = 0;     // the steps' calls (Request::callers), a merged batch GET among them
  std::uint64_t shared = 0;    // calls answered by another's identical GET: in flight or in a batch
  std::uint64_t attempts = 0;  // requests written to the upstream, retries included
  std::uint64_t retries = 0;   // attempts after the first
  std::uint64_t connects = 0;  // connections opened
  std::uint64_t reuses = 0;    // attempts on a kept-alive connection
  std::uint64_t batches = 0;   // merged GETs of batched calls
};

class Client : public Backend {
 public:
  // One call. Identical GETs in flight share one upstream request (see Dedupe); each caller
  // gets its own copy of the response. Idempotent methods are retried on connection failures,
  // timeouts and 502/503/504. Never throws; a response of any status is a response.
  virtual boost::asio::awaitable<Result<Response, CallError>> call(Request request) = 0;
  // Many calls at once, as call() makes each (deduplicated among themselves too), waited for
  // in one frame: the answers in the order of `requests`.
  virtual boost::asio::awaitable<std::vector<Result<Response, CallError>>> call_many(
      std::vector<Request> requests) = 0;
  // One caller's part of a batched GET: its item of the merged response, or null.
  virtual boost::asio::awaitable<Result<Value, CallError>> call_batched(BatchCall call) = 0;
  virtual const Settings& settings() const = 0;
  virtual Stats stats() const = 0;
};

Result<std::unique_ptr<Backend>, std::string> make_client(const DatasourceConfig& config,
                                                          const boost::asio::any_io_executor& loop);

}  // namespace stashql::http_client
