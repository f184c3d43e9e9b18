// A test client for the HTTP server: raw request bytes out, parsed Beast responses in, every
// wait bounded (a broken server fails the test instead of hanging it). The connection itself
// is built once, in http_client.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

namespace stashql::testing {

namespace bhttp = boost::beast::http;

using Response = bhttp::response<bhttp::string_body>;

class HttpClient {
 public:
  static constexpr std::chrono::seconds kGuard{10};

  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  bool connected() const;

  // Sends raw bytes; false if the connection is gone.
  bool send(std::string_view raw);

  // Reads one response; `error` is set when none could be read.
  Response read(boost::system::error_code& error);
  Response read();

  // Waits until the server closes the connection (or the guard expires); true if it closed.
  bool closed_by_server();

  Response request(std::string_view raw) {
    send(raw);
    return read();
  }

 private:
  class Connection;
  std::unique_ptr<Connection> connection_;
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
