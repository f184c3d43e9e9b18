// The floor for end-to-end figures: a bare Boost.Beast HTTP/1.1 server — one thread, C++20
// coroutines, keep-alive — that parses each request (body included) and answers it with the
// same fixed JSON body, its response bytes serialised once at start. Whatever stashql costs above
// this is GraphQL, not sockets and HTTP.
//
//   beast_floor PORT BODY    BODY: a file whose bytes are the body, or a byte count
//
// Prints "listening on PORT" once ready (PORT 0 picks a free port); SIGINT/SIGTERM stop it.

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// A body of `size` bytes that is valid JSON: {"data":{"x":"aaaa…"}} padded to the size.
std::string json_body_of_size(std::size_t size) {
  const std::string head = R"({"data":{"x":")";
  const std::string tail = R"("}})";
  if (size <= head.size() + tail.size()) return R"({"data":{}})";
  return head + std::string(size - head.size() - tail.size(), 'a') + tail;
}

// The whole response as bytes, serialised once by Beast: a floor does no per-request work
// beyond parsing the request and writing these bytes.
struct FixedResponses {
  std::string keep_alive;
  std::string close;
};

std::string serialise(const std::string& body, bool keep_alive) {
  http::response<http::string_body> response{http::status::ok, 11};
  response.set(http::field::content_type, "application/json");
  response.keep_alive(keep_alive);
  response.body() = body;
  response.prepare_payload();
  std::ostringstream out;
  out << response;
  return std::move(out).str();
}

// A plain socket, not beast::tcp_stream: the floor carries no timers.
asio::awaitable<void> serve_connection(tcp::socket stream, const FixedResponses& responses) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> request;
    auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, request, kUseTuple);
    if (read_error) break;  // end of stream or a broken request: close
    const bool keep_alive = request.keep_alive();
    const std::string& bytes = keep_alive ? responses.keep_alive : responses.close;
    auto [write_error, written] =
        co_await asio::async_write(stream, asio::buffer(bytes), kUseTuple);
    if (write_error || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, const FixedResponses& responses) {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(kUseTuple);
    if (error) {
      if (error == asio::error::operation_aborted) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true), error);
    asio::co_spawn(acceptor.get_executor(), serve_connection(std::move(socket), responses),
                   asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: beast_floor PORT BODY_FILE|BYTES\n";
    return 2;
  }
  const std::string_view port_arg = argv[1];
  unsigned short port = 0;
  if (std::from_chars(port_arg.data(), port_arg.data() + port_arg.size(), port).ec != std::errc()) {
    std::cerr << "beast_floor: bad port " << port_arg << "\n";
    return 2;
  }
  std::string body;
  const std::string_view body_arg = argv[2];
  std::size_t size = 0;
  const auto [end, ec] = std::from_chars(body_arg.data(), body_arg.data() + body_arg.size(), size);
  if (ec == std::errc() && end == body_arg.data() + body_arg.size()) {
    body = json_body_of_size(size);
  } else {
    std::ifstream in{std::string(body_arg), std::ios::binary};
    if (!in) {
      std::cerr << "beast_floor: cannot read " << body_arg << "\n";
      return 2;
    }
    std::ostringstream text;
    text << in.rdbuf();
    body = std::move(text).str();
  }

  asio::io_context io(1);
  tcp::acceptor acceptor(io);
  beast::error_code error;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    std::cerr << "beast_floor: cannot listen on port " << port << ": " << error.message() << "\n";
    return 1;
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) {
    beast::error_code ignored;
    acceptor.close(ignored);
    io.stop();
  });
  const FixedResponses responses{serialise(body, true), serialise(body, false)};
  asio::co_spawn(io, accept_loop(acceptor, responses), asio::detached);
  std::cout << "listening on " << acceptor.local_endpoint().port() << std::endl;
  io.run();
  return 0;
}
