// The keep-alive connections of one http datasource on one event loop: a pool per host that
// lends a connection per call — an idle one that is still open, a new one while fewer than
// `pool` are open, or else the next one another call gives back — and takes it back when the
// response left it reusable. A connection the server closed while it sat idle is found before
// it is lent (a non-blocking peek) and replaced, so the call does not fail on it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <stashql/result.hpp>

#include "datasources/http/http_request.hpp"

namespace stashql::http_client {

using Clock = std::chrono::steady_clock;
// A request as it goes on the wire, written once and sent as it is by every attempt: the
// request line and the headers (ending in the empty line), then the body.
struct WireRequest {
  std::string head;
  std::string body;
  bool is_head = false;  // a HEAD: its response announces a body that it does not send
};

// Why an exchange failed, and whether the request can be sent again on a new connection
// without risk: the connection was closed before a single byte of a response came back.
struct ExchangeError {
  CallError error;
  bool nothing_received = false;
};

// One connection to the upstream, plain or TLS.
class Connection {
 public:
  explicit Connection(const boost::asio::any_io_executor& loop);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Resolves the host, connects and, with `tls`, handshakes (SNI, the peer's certificate and
  // host name verified), all before `deadline`. close() meanwhile ends it at once.
  boost::asio::awaitable<Result<void, CallError>> connect(const BaseUrl& url,
                                                          boost::asio::ssl::context* tls,
                                                          Clock::time_point deadline);

  // Sends `request` and reads its response (at most `max_bytes` of body) before `deadline`.
  boost::asio::awaitable<Result<Response, ExchangeError>> exchange(const WireRequest& request,
                                                                   std::size_t max_bytes,
                                                                   Clock::time_point deadline);

  // Whether the last exchange left the connection ready for another request (keep-alive, the
  // whole response read).
  bool reusable() const { return reusable_; }
  // Whether an idle connection is still open: the server has neither closed it nor sent
  // anything (a late answer, a 408) while it waited.
  bool still_open() const;
  // Cancels what is pending on it (a lookup, a connect, a handshake, an exchange) and closes
  // the socket.
  void close();

 private:
  struct Resolution;

  boost::asio::awaitable<Result<std::vector<boost::asio::ip::tcp::endpoint>, CallError>> resolve(
      const BaseUrl& url, Clock::time_point deadline);
  boost::beast::tcp_stream& lowest();
  const boost::beast::tcp_stream& lowest() const;

  boost::asio::any_io_executor loop_;
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
  std::shared_ptr<Resolution> resolving_;
  boost::beast::flat_buffer buffer_;
  bool reusable_ = false;
  bool closed_ = false;
};

struct PoolStats {
  std::uint64_t connects = 0;  // connections opened
  std::uint64_t reuses = 0;    // calls served by an idle connection
  std::uint64_t stale = 0;     // idle connections found closed by the server and replaced
};

class Pool {
 public:
  Pool(boost::asio::any_io_executor loop, BaseUrl url, boost::asio::ssl::context* tls,
       std::size_t size, std::chrono::milliseconds connect_timeout);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool();

  // A connection lent to one call. Given back with `keep()` when reusable; otherwise closed
  // when the lease ends.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> connection, bool reused)
        : pool_(pool), connection_(std::move(connection)), reused_(reused) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // Whether the connection served an earlier call (it may have been closed meanwhile).
    bool reused() const { return reused_; }
    // Gives the connection back to the pool if its last exchange left it reusable.
    void keep();

   private:
    Pool* pool_;
    std::unique_ptr<Connection> connection_;
    bool reused_;
  };

  // Which connections a call may get.
  enum class Pick : std::uint8_t {
    any,       // an idle one first
    new_only,  // not an idle one: a call's second try after a kept-alive one turned out closed
  };
  // A connection before `deadline` (connecting within connect_timeout too).
  boost::asio::awaitable<Result<Lease, CallError>> acquire(Clock::time_point deadline, Pick pick);
  // Connects (and handshakes) once, outside the pool's count, for a health check.
  boost::asio::awaitable<Result<void, CallError>> probe(Clock::time_point deadline);
  // Closes every connection, idle or lent, and fails the calls waiting for one.
  void close();

  const PoolStats& stats() const { return stats_; }
  std::size_t open_connections() const { return open_; }
  std::size_t idle_connections() const { return idle_.size(); }

 private:
  struct Waiter;

  boost::asio::awaitable<Result<Lease, CallError>> acquire_new(Clock::time_point deadline);
  boost::asio::awaitable<Result<Lease, CallError>> connect(Clock::time_point deadline);
  // An idle connection the server has not closed meanwhile (closed ones are dropped), or
  // nullptr.
  std::unique_ptr<Connection> take_idle();
  // The first call waiting for a connection, taken off the queue; nullptr when none waits.
  Waiter* next_waiter();
  void give_back(std::unique_ptr<Connection> connection);
  void discard(std::unique_ptr<Connection> connection);

  boost::asio::any_io_executor loop_;
  BaseUrl url_;
  boost::asio::ssl::context* tls_;
  std::size_t size_;
  std::chrono::milliseconds connect_timeout_;
  std::vector<std::unique_ptr<Connection>> idle_;  // the most recently used last
  std::list<Connection*> lent_;                    // and connecting: for close()
  std::list<Waiter*> waiters_;                     // first come, first served
  std::size_t open_ = 0;                           // idle + lent + connecting
  PoolStats stats_;
  bool closed_ = false;
};

}  // namespace stashql::http_client
