// Backends: the clients of an app's datasources (Redis, file blobs, HTTP) on one event loop.
// Each server thread has its own set — its own connections, pools and batching queues — so a
// request takes no lock to reach a backend (DESIGN §2). Unit functions find their client by
// the datasource's index (DatasourceConfig::index) in the Backends the request carries.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <stashql/datasource.hpp>
#include <stashql/result.hpp>

namespace stashql {

// Whether a datasource answers, for /readyz and `stashql check --live`.
struct BackendHealth {
  bool ok = false;
  std::string detail;  // "PONG in 0.3 ms", "connection refused", … (operators', never clients')
};

// One datasource's client on one event loop. Not thread-safe: used only from its loop.
class Backend {
 public:
  virtual ~Backend() = default;
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  virtual const DatasourceConfig& config() const = 0;
  // Asks the datasource whether it is reachable, within the datasource's own timeouts.
  virtual boost::asio::awaitable<BackendHealth> check() = 0;
  // Closes connections and cancels pending waits, so that the event loop can run out of work
  // at shutdown. Calls waiting on the client complete with an error. Idempotent.
  virtual void close() = 0;
};

// The clients of every datasource of an app, indexed like App::datasources.
class Backends {
 public:
  explicit Backends(std::vector<std::unique_ptr<Backend>> clients) : clients_(std::move(clients)) {}
  ~Backends() { close(); }
  Backends(const Backends&) = delete;
  Backends& operator=(const Backends&) = delete;

  // nullptr when `index` is out of range.
  Backend* find(std::size_t index) const {
    return index < clients_.size() ? clients_[index].get() : nullptr;
  }
  std::size_t size() const { return clients_.size(); }
  const std::vector<std::unique_ptr<Backend>>& all() const { return clients_; }

  void close() {
    for (auto& c : clients_)
      c->close();
  }

 private:
  std::vector<std::unique_ptr<Backend>> clients_;
};

// Builds a client for each datasource, on `loop` (the thread's io_context). `blocking` runs
// work that would block an event loop (file I/O); it is shared by every thread's backends and
// must outlive them. Nothing connects here: clients connect on first use (and check()).
// Settings a client cannot use (a malformed URL) are reported as `file:line:column: …`.
Result<std::unique_ptr<Backends>, std::string> make_backends(
    const Datasources& datasources, const boost::asio::any_io_executor& loop,
    const boost::asio::any_io_executor& blocking);

}  // namespace stashql
