// The test upstream's server (http_upstream.hpp): the Beast and OpenSSL parts, compiled once
// for every test that uses it.
#include "http_upstream.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace stashql::testing {

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (boost::beast::iequals(n, name)) return v;
  }
  return std::nullopt;
}

class HttpUpstream::Server {
 public:
  explicit Server(bool tls) : tls_(tls) {
    if (tls_) make_certificate();
    namespace asio = boost::asio;
    using tcp = asio::ip::tcp;
    acceptor_.open(tcp::v4());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~Server() {
    ioc_.stop();
    thread_.join();
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The PEM file of the self-signed certificate (TLS only).
  std::string ca_file() const { return (dir_ / "ca.pem").string(); }

  // The state HttpUpstream's methods read and set; the rest is the server's own.
  bool tls_;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  std::atomic<std::size_t> connections_{0};
  mutable std::mutex mutex_;
  std::function<Reply(const RecordedRequest&)> handler_;
  std::deque<Reply> script_;
  std::vector<RecordedRequest> requests_;

 private:
  using Stream = boost::beast::tcp_stream;
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  boost::asio::awaitable<void> accept_loop() {
    namespace asio = boost::asio;
    while (true) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(ioc_, serve(Stream(std::move(socket))), asio::detached);
    }
  }

  boost::asio::awaitable<void> serve(Stream stream) {
    namespace asio = boost::asio;
    if (!tls_) {
      const std::size_t number = ++connections_;
      co_await session(stream, stream, number);
      co_return;
    }
    TlsStream tls(std::move(stream), tls_context_);
    auto [ec] = co_await tls.async_handshake(asio::ssl::stream_base::server,
                                             asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;  // a client that does not trust the certificate gives up here
    const std::size_t number = ++connections_;
    co_await session(tls, boost::beast::get_lowest_layer(tls), number);
  }

  template <class S>
  boost::asio::awaitable<void> session(S& stream, Stream& lowest, std::size_t number) {
    namespace asio = boost::asio;
    namespace http = boost::beast::http;
    constexpr auto use = asio::as_tuple(asio::use_awaitable);
    boost::beast::flat_buffer buffer;
    while (true) {
      http::request<http::string_body> request;
      auto [ec, n] = co_await http::async_read(stream, buffer, request, use);
      if (ec) co_return;
      RecordedRequest recorded;
      recorded.method = std::string(request.method_string());
      recorded.target = std::string(request.target());
      for (const auto& field : request)
        recorded.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      recorded.body = request.body();
      recorded.connection = number;
      Reply reply = reply_to(recorded);
      if (reply.action == Reply::Action::close) {
        lowest.close();
        co_return;
      }
      if (reply.action == Reply::Action::never_answer) continue;
      if (reply.delay.count() > 0) {
        asio::steady_timer timer(ioc_, reply.delay);
        co_await timer.async_wait(use);
      }
      http::response<http::string_body> response{static_cast<http::status>(reply.status),
                                                 request.version()};
      response.set(http::field::content_type, reply.content_type);
      response.keep_alive(request.keep_alive());
      response.body() = reply.body;
      response.prepare_payload();
      auto [write_ec, written] = co_await http::async_write(stream, response, use);
      if (write_ec || !request.keep_alive() || reply.close_after) {
        lowest.close();
        co_return;
      }
    }
  }

  Reply reply_to(const RecordedRequest& recorded) {
    std::lock_guard lock(mutex_);
    requests_.push_back(recorded);
    if (!script_.empty()) {
      Reply r = std::move(script_.front());
      script_.pop_front();
      return r;
    }
    return handler_ ? handler_(recorded) : Reply{};
  }

  // A self-signed certificate for 127.0.0.1 and localhost, as `openssl req -x509` makes one.
  void make_certificate() {
    char pattern[] = "/tmp/stashql-https-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    if (key == nullptr || cert == nullptr) throw std::runtime_error("OpenSSL: no key or cert");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("stashql test upstream"), -1,
                               -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                                     std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      if (ext == nullptr) throw std::runtime_error("OpenSSL: bad extension");
      X509_add_ext(cert, ext, -1);
      X509_EXTENSION_free(ext);
    }
    if (X509_sign(cert, key, EVP_sha256()) == 0) throw std::runtime_error("OpenSSL: sign failed");

    FILE* out = std::fopen(ca_file().c_str(), "w");
    if (out == nullptr) throw std::runtime_error("cannot write " + ca_file());
    PEM_write_X509(out, cert);
    std::fclose(out);

    SSL_CTX_use_certificate(tls_context_.native_handle(), cert);
    SSL_CTX_use_PrivateKey(tls_context_.native_handle(), key);
    X509_free(cert);
    EVP_PKEY_free(key);
  }

  boost::asio::io_context ioc_{1};
  boost::asio::ip::tcp::acceptor acceptor_{ioc_};
  boost::asio::ssl::context tls_context_{boost::asio::ssl::context::tls_server};
  std::thread thread_;
};

HttpUpstream::HttpUpstream(Tls tls) : server_(std::make_unique<Server>(tls == Tls::on)) {}
HttpUpstream::~HttpUpstream() = default;

std::uint16_t HttpUpstream::port() const {
  return server_->port_;
}
std::string HttpUpstream::base_url(std::string_view path) const {
  return std::string(server_->tls_ ? "https" : "http") +
         "://127.0.0.1:" + std::to_string(server_->port_) + std::string(path);
}
std::string HttpUpstream::ca_file() const {
  return server_->ca_file();
}
void HttpUpstream::handle(std::function<Reply(const RecordedRequest&)> handler) {
  std::lock_guard lock(server_->mutex_);
  server_->handler_ = std::move(handler);
}
void HttpUpstream::script(std::vector<Reply> replies) {
  std::lock_guard lock(server_->mutex_);
  for (Reply& r : replies)
    server_->script_.push_back(std::move(r));
}
std::vector<RecordedRequest> HttpUpstream::requests() const {
  std::lock_guard lock(server_->mutex_);
  return server_->requests_;
}
std::size_t HttpUpstream::request_count() const {
  std::lock_guard lock(server_->mutex_);
  return server_->requests_.size();
}
std::size_t HttpUpstream::connections() const {
  return server_->connections_.load();
}

}  // namespace stashql::testing
