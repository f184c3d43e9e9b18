// A test client for the HTTP server: raw request bytes out, parsed Beast responses in, every
// wait bounded (a broken server fails the test instead of hanging it).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

namespace stashql::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

using Response = bhttp::response<bhttp::string_body>;

class HttpClient {
 public:
  static constexpr std::chrono::seconds kGuard{10};

  explicit HttpClient(std::uint16_t port) : stream_(ioc_) {
    boost::system::error_code ec;
    stream_.expires_after(kGuard);
    stream_.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                          [&](boost::system::error_code e) { ec = e; });
    run();
    connected_ = !ec;
  }

  bool connected() const { return connected_; }

  // Sends raw bytes; false if the connection is gone.
  bool send(std::string_view raw) {
    boost::system::error_code ec;
    stream_.expires_after(kGuard);
    asio::async_write(stream_, asio::buffer(raw),
                      [&](boost::system::error_code e, std::size_t) { ec = e; });
    run();
    return !ec;
  }

  // Reads one response; `error` is set when none could be read.
  Response read(boost::system::error_code& error) {
    Response response;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    stream_.expires_after(kGuard);
    bhttp::async_read(stream_, buffer_, parser,
                      [&](boost::system::error_code e, std::size_t) { error = e; });
    run();
    if (!error) response = parser.release();
    return response;
  }

  Response read() {
    boost::system::error_code ec;
    return read(ec);
  }

  // Waits until the server closes the connection (or the guard expires); true if it closed.
  bool closed_by_server() {
    boost::system::error_code ec;
    std::size_t n = 0;
    stream_.expires_after(kGuard);
    stream_.async_read_some(buffer_.prepare(4096), [&](boost::system::error_code e, std::size_t k) {
      ec = e;
      n = k;
    });
    run();
    return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
  }

  Response request(std::string_view raw) {
    send(raw);
    return read();
  }

 private:
  void run() {
    ioc_.restart();
    ioc_.run();
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
};

inline std::string post(std::string_view body, std::string_view accept = {},
                        std::string_view content_type = "application/json") {
  std::string raw = "POST /graphql HTTP/1.1\r\nHost: localhost\r\n";
  if (!content_type.empty()) raw += "Content-Type: " + std::string(content_type) + "\r\n";
  if (!accept.empty()) raw += "Accept: " + std::string(accept) + "\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  raw += body;
  return raw;
}

inline std::string get(std::string_view target, std::string_view accept = {}) {
  std::string raw = "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n";
  if (!accept.empty()) raw += "Accept: " + std::string(accept) + "\r\n";
  raw += "\r\n";
  return raw;
}

}  // namespace stashql::testing
