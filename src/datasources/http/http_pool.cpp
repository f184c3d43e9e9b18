// Connections to an HTTP upstream and their pool (see http_pool.hpp). Beast over Asio, every
// wait bounded by a deadline (tcp_stream::expires_at), every error a value (as_tuple).
#include "datasources/http/http_pool.hpp"

#include <cerrno>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <tuple>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace stashql::http_client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;

constexpr auto kUse = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t kHeaderLimit = 64U * 1024U;
// Room a connection's read buffer keeps. Beast reads only as much as the buffer has room for
// (512 bytes at first, and the buffer grows only as far as one read needs), so without it a
// 24 KB response takes about fifty reads; with it, two.
constexpr std::size_t kReadRoom = std::size_t{16} * 1024;

CallError unavailable(std::string message) {
  return CallError{CallError::Kind::unavailable, std::move(message)};
}

// Why a TLS handshake failed, with OpenSSL's verification result when there is one
// ("certificate verify failed: self-signed certificate in certificate chain").
std::string handshake_problem(const error_code& ec, SSL* ssl) {
  std::string text = ec.message();
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    text += ": ";
    text += X509_verify_cert_error_string(verify);
  }
  return text;
}

bool is_closed_by_peer(const error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == asio::ssl::error::stream_truncated;
}

ExchangeError exchange_error(const error_code& ec, bool got_some, std::string_view during,
                             std::size_t max_bytes) {
  if (ec == beast::error::timeout) {
    return ExchangeError{{CallError::Kind::timeout, "no answer within the timeout"}, false};
  }
  if (ec == bhttp::error::body_limit) {
    return ExchangeError{
        {CallError::Kind::rejected,
         "the response body is larger than max_bytes (" + std::to_string(max_bytes) + " bytes)"},
        false};
  }
  if (ec == bhttp::error::header_limit) {
    return ExchangeError{{CallError::Kind::rejected, "the response headers are too large"}, false};
  }
  if (is_closed_by_peer(ec)) {
    return ExchangeError{unavailable("the upstream closed the connection " + std::string(during) +
                                     " (" + ec.message() + ")"),
                         !got_some};
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category()) {
    return ExchangeError{
        {CallError::Kind::rejected, "the response is not valid HTTP: " + ec.message()}, false};
  }
  return ExchangeError{unavailable(std::string(during) + ": " + ec.message()), false};
}

template <class Stream>
asio::awaitable<Result<Response, ExchangeError>> exchange_on(
    Stream& stream, beast::tcp_stream& lowest, beast::flat_buffer& buffer,
    const WireRequest& request, std::size_t max_bytes, Clock::time_point deadline, bool& reusable) {
  reusable = false;
  lowest.expires_at(deadline);
  const std::array<asio::const_buffer, 2> wire{asio::buffer(request.head),
                                               asio::buffer(request.body)};
  const auto [write_ec, written] = co_await asio::async_write(stream, wire, kUse);
  if (write_ec) co_return exchange_error(write_ec, false, "while sending the request", max_bytes);
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(max_bytes);
  parser.header_limit(kHeaderLimit);
  // A HEAD response announces a body length it does not send.
  if (request.is_head) parser.skip(true);
  const auto [read_ec, read] = co_await bhttp::async_read(stream, buffer, parser, kUse);
  if (read_ec) {
    co_return exchange_error(read_ec, parser.got_some() || read > 0,
                             "before the response was complete", max_bytes);
  }
  auto& message = parser.get();
  // Bytes after the response mean the server does not speak one request at a time here.
  reusable = message.keep_alive() && parser.is_done() && buffer.size() == 0;
  Response out;
  out.status = message.result_int();
  out.content_type = std::string(message[bhttp::field::content_type]);
  out.body = std::move(message.body());
  co_return out;
}

}  // namespace

// ---- Connection -----------------------------------------------------------------------------

// A name lookup that the caller stops waiting for at its deadline (or at close()). getaddrinfo
// cannot be interrupted, so the lookup keeps this state alive by itself and ends in the
// background.
struct Connection::Resolution {
  Resolution(const asio::any_io_executor& loop, Clock::time_point deadline)
      : resolver(loop), done(loop, deadline) {}
  tcp::resolver resolver;
  asio::steady_timer done;
  bool finished = false;
  error_code ec;
  std::vector<tcp::endpoint> endpoints;
};

Connection::Connection(const asio::any_io_executor& loop)
    : loop_(loop), plain_(std::in_place, loop) {}

Connection::~Connection() {
  close();
}

beast::tcp_stream& Connection::lowest() {
  return tls_ ? beast::get_lowest_layer(*tls_) : *plain_;
}

const beast::tcp_stream& Connection::lowest() const {
  return tls_ ? beast::get_lowest_layer(*tls_) : *plain_;
}

asio::awaitable<Result<std::vector<tcp::endpoint>, CallError>> Connection::resolve(
    const BaseUrl& url, Clock::time_point deadline) {
  auto state = std::make_shared<Resolution>(loop_, deadline);
  state->resolver.async_resolve(
      url.host, std::to_string(url.port),
      [state](const error_code& ec, const tcp::resolver::results_type& results) {
        state->finished = true;
        state->ec = ec;
        for (const auto& entry : results)
          state->endpoints.push_back(entry.endpoint());
        state->done.cancel();
      });
  resolving_ = state;
  const auto [ec] = co_await state->done.async_wait(kUse);
  resolving_.reset();
  if (!state->finished) {
    if (!ec) co_return CallError{CallError::Kind::timeout, "resolving " + url.host + " timed out"};
    co_return unavailable("resolving " + url.host + " was cancelled");
  }
  if (state->ec || state->endpoints.empty()) {
    co_return unavailable("resolving " + url.host + ": " + state->ec.message());
  }
  co_return std::move(state->endpoints);
}

asio::awaitable<Result<void, CallError>> Connection::connect(const BaseUrl& url,
                                                             asio::ssl::context* tls,
                                                             Clock::time_point deadline) {
  std::vector<tcp::endpoint> endpoints;
  error_code ec;
  const asio::ip::address address = asio::ip::make_address(url.host, ec);
  const bool is_address = !ec;
  if (is_address) {
    endpoints.emplace_back(address, url.port);
  } else {
    auto resolved = co_await resolve(url, deadline);
    if (!resolved) co_return resolved.error();
    endpoints = std::move(*resolved);
  }
  if (closed_) co_return unavailable("the client is closed");

  plain_->expires_at(deadline);
  const auto [connect_ec, endpoint] = co_await plain_->async_connect(endpoints, kUse);
  if (connect_ec) {
    if (connect_ec == beast::error::timeout) {
      co_return CallError{CallError::Kind::timeout,
                          "connecting to " + url.authority() + " timed out"};
    }
    co_return unavailable("connecting to " + url.authority() + ": " + connect_ec.message());
  }
  plain_->socket().set_option(tcp::no_delay(true), ec);
  if (tls == nullptr) co_return Result<void, CallError>();

  tls_.emplace(std::move(*plain_), *tls);
  plain_.reset();
  // SNI names a host, never an address (RFC 6066).
  if (!is_address) SSL_set_tlsext_host_name(tls_->native_handle(), url.host.c_str());
  tls_->set_verify_mode(asio::ssl::verify_peer, ec);
  tls_->set_verify_callback(asio::ssl::host_name_verification(url.host), ec);
  beast::get_lowest_layer(*tls_).expires_at(deadline);
  const auto [handshake_ec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, kUse);
  if (handshake_ec) {
    if (handshake_ec == beast::error::timeout) {
      co_return CallError{CallError::Kind::timeout,
                          "TLS handshake with " + url.authority() + " timed out"};
    }
    co_return unavailable("TLS handshake with " + url.authority() +
                          " failed: " + handshake_problem(handshake_ec, tls_->native_handle()));
  }
  co_return Result<void, CallError>();
}

asio::awaitable<Result<Response, ExchangeError>> Connection::exchange(const WireRequest& request,
                                                                      std::size_t max_bytes,
                                                                      Clock::time_point deadline) {
  if (buffer_.capacity() < kReadRoom) buffer_.reserve(kReadRoom);
  if (tls_) {
    co_return co_await exchange_on(*tls_, lowest(), buffer_, request, max_bytes, deadline,
                                   reusable_);
  }
  co_return co_await exchange_on(*plain_, lowest(), buffer_, request, max_bytes, deadline,
                                 reusable_);
}

bool Connection::still_open() const {
  const beast::tcp_stream& stream = lowest();
  if (!stream.socket().is_open()) return false;
  char byte = 0;
  const ssize_t n = ::recv(const_cast<beast::tcp_stream&>(stream).socket().native_handle(), &byte,
                           1, MSG_PEEK | MSG_DONTWAIT);
  // Nothing to read and no end of stream: the server still holds it open.
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void Connection::close() {
  closed_ = true;
  reusable_ = false;
  if (resolving_) resolving_->done.cancel();
  beast::tcp_stream& stream = lowest();
  if (stream.socket().is_open()) stream.close();
}

// ---- Pool -----------------------------------------------------------------------------------

// A call waiting for a connection: given one that another call gave back, or the right to open
// one (`slot`) when a connection closed.
struct Pool::Waiter {
  Waiter(const asio::any_io_executor& loop, Clock::time_point deadline) : timer(loop, deadline) {}
  asio::steady_timer timer;
  std::unique_ptr<Connection> connection;
  bool slot = false;
  // Its place in waiters_ while it waits there: leaving the queue early (a timeout, a
  // cancellation) is O(1) however many calls wait behind it.
  std::optional<std::list<Waiter*>::iterator> queued;
};

Pool::Pool(asio::any_io_executor loop, BaseUrl url, asio::ssl::context* tls, std::size_t size,
           std::chrono::milliseconds connect_timeout)
    : loop_(std::move(loop)),
      url_(std::move(url)),
      tls_(tls),
      size_(size),
      connect_timeout_(connect_timeout) {}

Pool::~Pool() {
  close();
}

Pool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->discard(std::move(connection_));
}

void Pool::Lease::keep() {
  if (connection_ == nullptr) return;
  if (connection_->reusable()) {
    pool_->give_back(std::move(connection_));
  } else {
    pool_->discard(std::move(connection_));
  }
}

asio::awaitable<Result<Pool::Lease, CallError>> Pool::acquire(Clock::time_point deadline,
                                                              Pick pick) {
  if (closed_) co_return unavailable("the client is closed");
  if (pick == Pick::any) {
    if (std::unique_ptr<Connection> connection = take_idle()) {
      ++stats_.reuses;
      lent_.push_back(connection.get());
      Lease lease(this, std::move(connection), true);
      co_return lease;
    }
  }
  co_return co_await acquire_new(deadline);
}

std::unique_ptr<Connection> Pool::take_idle() {
  while (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    if (connection->still_open()) return connection;
    ++stats_.stale;
    connection->close();
    --open_;
  }
  return nullptr;
}

asio::awaitable<Result<Pool::Lease, CallError>> Pool::acquire_new(Clock::time_point deadline) {
  if (closed_) co_return unavailable("the client is closed");
  if (open_ < size_) {
    ++open_;
    co_return co_await connect(deadline);
  }
  Waiter waiter(loop_, deadline);
  waiter.queued = waiters_.insert(waiters_.end(), &waiter);
  // Leaves the queue however the wait ends (a cancelled coroutine may throw at the co_await).
  struct Enlisted {
    std::list<Waiter*>& waiters;
    Waiter& waiter;
    ~Enlisted() {
      if (waiter.queued) waiters.erase(*waiter.queued);
    }
  } enlisted{waiters_, waiter};
  const auto [ec] = co_await waiter.timer.async_wait(kUse);
  if (waiter.connection != nullptr) {
    ++stats_.reuses;
    lent_.push_back(waiter.connection.get());
    co_return Lease(this, std::move(waiter.connection), true);
  }
  if (waiter.slot) co_return co_await connect(deadline);
  if (closed_) co_return unavailable("the client is closed");
  if (!ec) {
    co_return CallError{
        CallError::Kind::timeout,
        "no connection of the pool (" + std::to_string(size_) + ") became free within the timeout"};
  }
  co_return unavailable("the call was cancelled");
}

// Opens a connection in a slot already counted in open_.
asio::awaitable<Result<Pool::Lease, CallError>> Pool::connect(Clock::time_point deadline) {
  const Clock::time_point connect_deadline = std::min(deadline, Clock::now() + connect_timeout_);
  auto connection = std::make_unique<Connection>(loop_);
  lent_.push_back(connection.get());  // close() ends the connect too
  auto connected = co_await connection->connect(url_, tls_, connect_deadline);
  if (!connected || closed_) {
    discard(std::move(connection));
    if (!connected) co_return connected.error();
    co_return unavailable("the client is closed");
  }
  ++stats_.connects;
  co_return Lease(this, std::move(connection), false);
}

asio::awaitable<Result<void, CallError>> Pool::probe(Clock::time_point deadline) {
  if (closed_) co_return unavailable("the client is closed");
  Connection connection(loop_);
  lent_.push_back(&connection);
  struct Listed {
    std::list<Connection*>& lent;
    Connection* connection;
    ~Listed() { lent.remove(connection); }
  } listed{lent_, &connection};
  co_return co_await connection.connect(url_, tls_, deadline);
}

Pool::Waiter* Pool::next_waiter() {
  if (waiters_.empty()) return nullptr;
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->queued.reset();
  return next;
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
  lent_.remove(connection.get());
  if (closed_) {
    connection->close();
    --open_;
    return;
  }
  if (Waiter* next = next_waiter()) {
    next->connection = std::move(connection);
    next->timer.cancel();
    return;
  }
  idle_.push_back(std::move(connection));
}

// Closes `connection` (or gives up a slot that never got one) and passes its slot on.
void Pool::discard(std::unique_ptr<Connection> connection) {
  if (connection != nullptr) {
    lent_.remove(connection.get());
    connection->close();
  }
  if (Waiter* next = closed_ ? nullptr : next_waiter()) {
    next->slot = true;
    next->timer.cancel();
    return;
  }
  --open_;
}

void Pool::close() {
  if (closed_) return;
  closed_ = true;
  for (auto& connection : idle_)
    connection->close();
  open_ -= idle_.size();
  idle_.clear();
  for (Connection* connection : lent_)
    connection->close();
  while (Waiter* waiter = next_waiter())
    waiter->timer.cancel();
}

}  // namespace stashql::http_client
