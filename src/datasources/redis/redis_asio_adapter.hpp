// One hiredis async connection driven by an Asio event loop. hiredis encodes commands,
// parses RESP and keeps replies in order; it has no event loop of its own, so this adapter
// answers its ev hooks (addRead/delRead/addWrite/delWrite/cleanup) with readiness waits on a
// posix::stream_descriptor. hiredis owns the socket: the descriptor is released, never closed.
// hiredis's C callbacks only record events; they reach the Listener after hiredis has
// returned, so a listener may close or destroy the connection from any event. Nothing of
// hiredis (no void*, no redisReply) is seen past this file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "datasources/redis/redis_reply.hpp"

namespace stashql::redis {

class HiredisConnection {
 public:
  // Told, in order, what happened on the connection. Never called after close().
  class Listener {
   public:
    virtual void on_connected() = 0;
    virtual void on_connect_failed(std::string reason) = 0;
    // The reply to the oldest command without one.
    virtual void on_reply(Reply reply) = 0;
    // The connection broke (the server closed it, a read or write failed); hiredis freed it.
    virtual void on_lost(std::string reason) = 0;

   protected:
    virtual ~Listener() = default;
  };

  HiredisConnection(const boost::asio::any_io_executor& loop, Listener& listener);
  // Frees the connection (as close()).
  ~HiredisConnection();
  HiredisConnection(const HiredisConnection&) = delete;
  HiredisConnection& operator=(const HiredisConnection&) = delete;

  // Starts a non-blocking connect to a numeric IPv4/IPv6 address, or to a unix socket. The
  // outcome comes as on_connected or on_connect_failed; an error found at once is returned.
  // One connect per object.
  std::optional<std::string> connect_tcp(const std::string& address, std::uint16_t port);
  std::optional<std::string> connect_unix(const std::string& path);

  // Appends one command to the output buffer. Everything appended before the loop next
  // polls leaves in one write. False when the connection is closed or going away.
  bool send(const std::vector<std::string>& args);

  // Frees hiredis's context and its socket; commands without a reply get none. Idempotent.
  void close();
  bool is_open() const;

 private:
  struct Core;

  std::shared_ptr<Core> core_;
};

}  // namespace stashql::redis
