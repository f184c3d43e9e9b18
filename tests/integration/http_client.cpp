// The test client's connection (http_client.hpp): one Beast stream on its own io_context,
// compiled once for every test that uses it.
#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>

namespace stashql::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;

class HttpClient::Connection {
 public:
  explicit Connection(std::uint16_t port) : stream_(ioc_) {
    boost::system::error_code ec;
    stream_.expires_after(kGuard);
    stream_.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                          [&](boost::system::error_code e) { ec = e; });
    run();
    connected_ = !ec;
  }

  bool connected() const { return connected_; }

  bool send(std::string_view raw) {
    boost::system::error_code ec;
    stream_.expires_after(kGuard);
    asio::async_write(stream_, asio::buffer(raw),
                      [&](boost::system::error_code e, std::size_t) { ec = e; });
    run();
    return !ec;
  }

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

HttpClient::HttpClient(std::uint16_t port) : connection_(std::make_unique<Connection>(port)) {}
HttpClient::~HttpClient() = default;

bool HttpClient::connected() const {
  return connection_->connected();
}
bool HttpClient::send(std::string_view raw) {
  return connection_->send(raw);
}
Response HttpClient::read(boost::system::error_code& error) {
  return connection_->read(error);
}
Response HttpClient::read() {
  boost::system::error_code ec;
  return read(ec);
}
bool HttpClient::closed_by_server() {
  return connection_->closed_by_server();
}

}  // namespace stashql::testing
