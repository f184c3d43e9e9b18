// A real HTTP/1.1 upstream for tests of the http datasource: a small Beast server on its own
// thread, bound to 127.0.0.1 on a port the kernel picks, that records every request it reads
// (method, target, headers, body, which connection) and answers as the test says — a status
// and a body, after a delay, never, or by closing the connection. The TLS variant serves a
// self-signed certificate made here with the OpenSSL API (for 127.0.0.1 and localhost) and
// writes it to a PEM file that a datasource can trust with `ca_file`.
// The server itself is built once, in http_upstream.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stashql::testing {

// One request as the upstream read it.
struct RecordedRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;
  std::size_t connection = 0;  // which accepted connection carried it (1, 2, …)

  // The value of the first header named `name` (case-insensitive), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

// How the upstream answers one request.
struct Reply {
  enum class Action : std::uint8_t {
    answer,        // status, content type and body (after `delay`)
    never_answer,  // read the request and say nothing (the connection stays open)
    close,         // close the connection without an answer
  };
  unsigned status = 200;
  std::string body = "{}";
  std::string content_type = "application/json";
  std::chrono::milliseconds delay{0};
  Action action = Action::answer;
  bool close_after = false;  // close the connection right after the answer, without saying so

  static Reply json(std::string body, unsigned status = 200) {
    Reply r;
    r.body = std::move(body);
    r.status = status;
    return r;
  }
  static Reply never() {
    Reply r;
    r.action = Action::never_answer;
    return r;
  }
};

class HttpUpstream {
 public:
  enum class Tls : std::uint8_t { off, on };

  explicit HttpUpstream(Tls tls = Tls::off);
  ~HttpUpstream();
  HttpUpstream(const HttpUpstream&) = delete;
  HttpUpstream& operator=(const HttpUpstream&) = delete;

  std::uint16_t port() const;
  std::string base_url(std::string_view path = "") const;
  // The PEM file of the self-signed certificate (TLS only).
  std::string ca_file() const;

  // How requests are answered, unless a scripted reply is queued. Default: 200 with `{}`.
  void handle(std::function<Reply(const RecordedRequest&)> handler);
  // Replies used in order for the next requests, before the handler again.
  void script(std::vector<Reply> replies);

  std::vector<RecordedRequest> requests() const;
  std::size_t request_count() const;
  // Connections accepted so far (TLS: those that also finished the handshake).
  std::size_t connections() const;

 private:
  class Server;
  std::unique_ptr<Server> server_;
};

}  // namespace stashql::testing
