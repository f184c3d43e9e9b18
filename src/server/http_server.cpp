// The Beast layer: accept loops and connection coroutines that read requests (header and body
// under separate deadlines), hand them to the Router, and write the answers — keep-alive,
// pipelining in order, limits, and a graceful drain. The only translation unit with Beast's
// HTTP headers; everything it decides is in graphql_http.cpp and router.cpp.
#include "server/http_server.hpp"

#include <atomic>
#include <csignal>
#include <functional>
#include <list>
#include <memory_resource>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/graphiql.hpp"
#include "server/graphql_http.hpp"
#include "server/log.hpp"
#include "server/router.hpp"

namespace stashql {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr auto kUse = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderLimit = std::size_t{16} * 1024;
constexpr std::size_t kReadChunk = 4096;
// Buffers grown by one large request are released rather than kept for the connection's life.
constexpr std::size_t kKeepCapacity = std::size_t{64} * 1024;
constexpr std::size_t kLingerBytes = std::size_t{256} * 1024;
constexpr std::chrono::seconds kLingerTime{1};

using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

// A request's header fields live in a per-connection arena that is reset between requests, so
// reading a request allocates nothing once the connection has seen one like it.
using FieldsAllocator = std::pmr::polymorphic_allocator<char>;
using RequestParser = bhttp::request_parser<bhttp::string_body, FieldsAllocator>;
using Request = bhttp::request<bhttp::string_body, bhttp::basic_fields<FieldsAllocator>>;
constexpr std::size_t kFieldsArena = 2048;

struct SessionEntry {
  beast::tcp_stream* stream = nullptr;
  bool idle = false;  // waiting for a request's first byte: closed at once when draining
};

struct Worker {
  // `make_clients` builds the worker's datasource clients on the worker's io_context.
  Worker(unsigned number, const App& app, const GraphiqlAssets& graphiql,
         const std::function<Result<std::unique_ptr<Backends>, std::string>(
             const asio::any_io_executor&)>& make_clients)
      : index(number),
        settings(app.server),
        backends(make_clients(ioc.get_executor())),
        router(app.engine, app.server, graphiql, number, backends ? backends->get() : nullptr) {}

  unsigned index;
  const ServerSettings& settings;
  asio::io_context ioc{1};
  Result<std::unique_ptr<Backends>, std::string> backends;  // or why they could not be built
  tcp::acceptor acceptor{ioc};
  Router router;
  std::list<SessionEntry> sessions;
  bool draining = false;
  asio::steady_timer drain_timer{ioc};
  std::thread thread;
};

HttpMethod method_of(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return HttpMethod::get;
    case bhttp::verb::head:
      return HttpMethod::head;
    case bhttp::verb::post:
      return HttpMethod::post;
    default:
      return HttpMethod::other;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return beast::iequals(a, b);
}

void close_all(Worker& w) {
  for (SessionEntry& s : w.sessions)
    s.stream->close();
}

// The last connection of a draining worker is gone: close the datasource clients, whose
// connections would otherwise keep the io_context (and the thread) running.
void end_drain(Worker& w) {
  w.drain_timer.cancel();
  if (w.backends) (*w.backends)->close();
}

void begin_drain(Worker& w) {
  if (w.draining) return;
  w.draining = true;
  error_code ignored;
  w.acceptor.close(ignored);
  for (SessionEntry& s : w.sessions) {
    if (s.idle) s.stream->close();
  }
  if (w.sessions.empty()) {
    end_drain(w);
    return;
  }
  w.drain_timer.expires_after(w.settings.request_timeout);
  w.drain_timer.async_wait([&w](error_code ec) {
    if (ec) return;  // cancelled: the last connection finished
    log::warn("closing " + std::to_string(w.sessions.size()) +
              " connection(s) still busy after the request timeout");
    close_all(w);
  });
}

// After an error response with Connection: close, read and drop what the client is still
// sending for a moment, so closing does not reset the connection before it reads the answer.
asio::awaitable<void> linger_close(beast::tcp_stream& stream, beast::flat_buffer& buffer) {
  error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kLingerTime);
  std::size_t dropped = 0;
  while (!ec && dropped < kLingerBytes) {
    buffer.clear();
    std::size_t n = 0;
    std::tie(ec, n) = co_await stream.async_read_some(buffer.prepare(kReadChunk), kUse);
    dropped += n;
  }
  stream.close();
}

// An answer to a request that could not be read: 413, 431 or 400, then close.
asio::awaitable<void> reject(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                             const ServerSettings& settings, error_code ec) {
  unsigned status = 400;
  std::string message = "Bad Request: malformed HTTP";
  if (ec == bhttp::error::body_limit) {
    status = 413;
    message = "Content Too Large: request bodies are limited to " +
              std::to_string(settings.body_bytes) + " bytes";
  } else if (ec == bhttp::error::header_limit) {
    status = 431;
    message = "Request Header Fields Too Large";
  } else if (ec.category() != make_error_code(bhttp::error::body_limit).category() ||
             ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    co_return;  // closed, reset, timed out or cancelled: nobody to answer
  }
  std::string body;
  http::write_error_body(body, message);
  std::string head;
  http::ResponseHead h;
  h.status = status;
  h.content_type = "application/json; charset=utf-8";
  h.keep_alive = false;
  http::write_head(head, h, body.size());
  stream.expires_after(kLingerTime);
  std::array<asio::const_buffer, 2> buffers{asio::buffer(head), asio::buffer(body)};
  auto [write_ec, n] = co_await asio::async_write(stream, buffers, kUse);
  if (!write_ec) co_await linger_close(stream, buffer);
}

asio::awaitable<void> session(Worker& w, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  const auto entry = w.sessions.insert(w.sessions.end(), SessionEntry{&stream, false});
  struct Unregister {
    Worker& w;
    std::list<SessionEntry>::iterator entry;
    ~Unregister() {
      w.sessions.erase(entry);
      if (w.draining && w.sessions.empty()) end_drain(w);
    }
  } unregister{w, entry};

  const ServerSettings& settings = w.settings;
  beast::flat_buffer buffer;
  Exchange exchange;
  std::string head;
  std::string body_storage;
  std::array<std::byte, kFieldsArena> fields_buffer;
  std::pmr::monotonic_buffer_resource fields_arena(fields_buffer.data(), fields_buffer.size());
  bool keep_alive = true;
  while (keep_alive && !w.draining) {
    if (buffer.size() == 0) {
      entry->idle = true;
      stream.expires_after(settings.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kUse);
      entry->idle = false;
      if (ec) break;
      buffer.commit(n);
    }

    fields_arena.release();  // the previous request's parser is gone
    RequestParser parser(std::piecewise_construct, std::make_tuple(std::move(body_storage)),
                         std::make_tuple(FieldsAllocator(&fields_arena)));
    parser.header_limit(kHeaderLimit);
    parser.body_limit(settings.body_bytes);
    stream.expires_after(settings.header_timeout);
    if (auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kUse); ec) {
      co_await reject(stream, buffer, settings, ec);
      break;
    }
    if (!parser.is_done()) {
      const auto expect = parser.get().find(bhttp::field::expect);
      if (expect != parser.get().end() && iequals(expect->value(), "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        stream.expires_after(settings.request_timeout);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(kContinue), kUse);
        if (ec) break;
      }
      stream.expires_after(settings.request_timeout);
      if (auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kUse); ec) {
        co_await reject(stream, buffer, settings, ec);
        break;
      }
    }

    const Request& req = parser.get();
    HttpRequest& request = exchange.request;
    request.method = method_of(req.method());
    request.target = req.target();
    const auto content_type = req.find(bhttp::field::content_type);
    request.has_content_type = content_type != req.end();
    request.content_type =
        request.has_content_type ? std::string_view(content_type->value()) : std::string_view{};
    request.accept = req[bhttp::field::accept];
    request.if_none_match = req[bhttp::field::if_none_match];
    request.body = req.body();
    request.headers.clear();
    for (const auto& field : req)
      request.headers.emplace_back(field.name_string(), field.value());

    co_await w.router.handle(exchange);

    const HttpResponse& response = exchange.response;
    keep_alive = req.keep_alive() && !w.draining;
    http::ResponseHead h;
    h.status = response.status;
    h.content_type = response.content_type;
    h.allow = response.allow;
    h.cache_control = response.cache_control;
    h.etag = response.etag;
    h.request_id = response.request_id;
    h.keep_alive = keep_alive;
    h.http10 = req.version() == 10;
    const std::string_view payload = response.payload();
    head.clear();
    http::write_head(head, h, payload.size());
    const bool send_body = request.method != HttpMethod::head && response.status != 304;
    std::array<asio::const_buffer, 2> buffers{
        asio::buffer(head), send_body ? asio::buffer(payload) : asio::const_buffer{}};
    stream.expires_after(settings.request_timeout);
    auto [write_ec, written] = co_await asio::async_write(stream, buffers, kUse);
    if (write_ec) break;

    body_storage = std::move(parser.release().body());
    body_storage.clear();
    if (body_storage.capacity() > kKeepCapacity) body_storage = std::string();
    if (exchange.response.body.capacity() > kKeepCapacity) exchange.response.body = std::string();
    if (buffer.capacity() > kKeepCapacity) buffer.shrink_to_fit();
  }
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.close();
}

asio::awaitable<void> accept_loop(Worker& w) {
  asio::steady_timer backoff(w.ioc);
  for (;;) {
    auto [ec, socket] = co_await w.acceptor.async_accept(kUse);
    if (w.draining || !w.acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors and the like: say so, and let connections finish before retrying.
      log::warn("accept failed: " + ec.message());
      backoff.expires_after(std::chrono::milliseconds(100));
      co_await backoff.async_wait(kUse);
      continue;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(w.ioc, session(w, std::move(socket)), [](const std::exception_ptr& e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log::error(std::string("connection failed: ") + ex.what());
      } catch (...) {
        log::error("connection failed: unknown exception");
      }
    });
  }
}

Result<tcp::endpoint, std::string> resolve(const std::string& host, std::uint16_t port) {
  error_code ec;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(address, port);
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    return "cannot resolve \"" + host + "\": " + (ec ? ec.message() : "no address");
  }
  return results.begin()->endpoint();
}

std::string endpoint_text(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(App a) : app(std::move(a)) {}

  App app;
  GraphiqlAssets graphiql;
  // Runs what would block an event loop (blob file I/O) for every worker's datasources.
  asio::thread_pool blocking{2};
  // Created by start(StopOn::signal), before any thread serves.
  asio::io_context signals_ioc;
  std::optional<asio::signal_set> signals;
  std::vector<std::unique_ptr<Worker>> workers;
  std::atomic<unsigned> running{0};
  bool started = false;
  bool stopped = false;
};

HttpServer::HttpServer(App app) : impl_(std::make_unique<Impl>(std::move(app))) {}

HttpServer::~HttpServer() {
  stop();
}

Result<std::uint16_t, std::string> HttpServer::start(StopOn stop_on) {
  Impl& impl = *impl_;
  if (impl.started) return "the server is already started";
  if (stop_on == StopOn::signal) impl.signals.emplace(impl.signals_ioc, SIGINT, SIGTERM);
  const ServerSettings& settings = impl.app.server;
  if (settings.graphiql) {
    std::string warning;
    impl.graphiql = GraphiqlAssets::load(warning);
    if (!warning.empty()) log::warn(warning);
  }
  auto endpoint = resolve(settings.host, settings.port);
  if (!endpoint.has_value()) return endpoint.error();

  std::uint16_t port = settings.port;
  for (unsigned i = 0; i < settings.threads; ++i) {
    auto worker = std::make_unique<Worker>(
        i, impl.app, impl.graphiql, [&impl](const asio::any_io_executor& loop) {
          return make_backends(impl.app.datasources, loop, impl.blocking.get_executor());
        });
    if (!worker->backends) return "datasources: " + worker->backends.error();
    tcp::endpoint at(endpoint->address(), port);
    error_code ec;
    tcp::acceptor& acceptor = worker->acceptor;
    // Each call leaves `ec` set on failure and the next one is skipped.
    acceptor.open(at.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.set_option(ReusePort(true), ec);
    if (!ec) acceptor.bind(at, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) port = acceptor.local_endpoint(ec).port();
    if (ec) {
      return "cannot listen on " + endpoint_text(settings.host, port) + ": " + ec.message();
    }
    impl.workers.push_back(std::move(worker));
  }

  impl.started = true;
  for (auto& w : impl.workers) {
    asio::co_spawn(w->ioc, accept_loop(*w), asio::detached);
    impl.running.fetch_add(1);
    w->thread = std::thread([&impl, worker = w.get()] {
      try {
        worker->ioc.run();
      } catch (const std::exception& e) {
        log::error("server thread " + std::to_string(worker->index) + " stopped: " + e.what());
      }
      impl.running.fetch_sub(1);
    });
  }
  log::info("listening on http://" + endpoint_text(settings.host, port) + "/graphql (" +
            std::to_string(settings.threads) + (settings.threads == 1 ? " thread)" : " threads)"));
  return port;
}

void HttpServer::stop() {
  Impl& impl = *impl_;
  if (!impl.started || impl.stopped) return;
  impl.stopped = true;
  for (auto& w : impl.workers) {
    asio::post(w->ioc, [worker = w.get()] { begin_drain(*worker); });
  }
  for (auto& w : impl.workers) {
    if (w->thread.joinable()) w->thread.join();
  }
  impl.workers.clear();
  log::info("stopped");
}

void HttpServer::wait_for_signal() {
  Impl& impl = *impl_;
  if (!impl.started || impl.stopped || !impl.signals) return;
  asio::io_context& signals_ioc = impl.signals_ioc;
  asio::signal_set& signals = *impl.signals;
  bool draining = false;
  std::function<void(error_code, int)> on_signal = [&](error_code ec, int signal) {
    if (ec) return;
    if (!draining) {
      draining = true;
      log::info(std::string("received ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") +
                ": draining in-flight requests");
      for (auto& w : impl.workers) {
        asio::post(w->ioc, [worker = w.get()] { begin_drain(*worker); });
      }
    } else {
      log::warn("second signal: closing every connection now");
      for (auto& w : impl.workers) {
        asio::post(w->ioc, [worker = w.get()] {
          begin_drain(*worker);
          close_all(*worker);
        });
      }
    }
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);
  // Wait for the first signal, then until every worker has drained.
  while (!draining) {
    signals_ioc.run_one();
  }
  while (impl.running.load() > 0) {
    signals_ioc.run_for(std::chrono::milliseconds(50));
  }
  stop();
}

}  // namespace stashql
