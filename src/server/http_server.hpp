// The HTTP server: one thread per configured thread, each with its own io_context, its own
// SO_REUSEPORT acceptor on the shared port and its own Engine (sharing the app's immutable
// EngineConfig), so requests take no locks. Beast stays inside http_server.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <stashql/app.hpp>
#include <stashql/result.hpp>

namespace stashql {

class HttpServer {
 public:
  // Keeps a copy of the app; opens nothing.
  explicit HttpServer(App app);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Who ends the serving: the owner calling stop(), or SIGINT/SIGTERM (wait_for_signal()).
  enum class StopOn : std::uint8_t { call, signal };

  // Binds every thread's acceptor and starts serving. Returns the bound port (useful with
  // port 0), or why it could not listen. With StopOn::signal, SIGINT and SIGTERM are caught
  // from before the first connection is accepted, so none is lost or fatal.
  Result<std::uint16_t, std::string> start(StopOn stop_on = StopOn::call);

  // Graceful stop: stop accepting, close idle keep-alive connections, let in-flight requests
  // finish (answered with Connection: close), force-close what is left after the request
  // timeout, and join the threads. Idempotent.
  void stop();

  // After start(StopOn::signal): blocks until SIGINT or SIGTERM, then stop(). A second signal
  // during the drain closes every connection at once.
  void wait_for_signal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stashql
