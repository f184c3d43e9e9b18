// The Redis client of one event loop: hiredis's async protocol engine driven by Boost.Asio
// (redis_asio_adapter.cpp), a small pool of connections per thread, and batching — every
// command issued in the same event-loop turn leaves in one write per connection (a pipeline),
// and the GETs among them are merged into one MGET. Timeouts, reconnection with backoff,
// AUTH and SELECT from the URL. Replies are mapped to Reply (redis_reply.hpp) with no I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <stashql/backends.hpp>
#include <stashql/datasource.hpp>
#include <stashql/result.hpp>

#include "datasources/redis/redis_reply.hpp"

namespace stashql::redis {

// Where and how to connect, from the datasource's settings.
struct Endpoint {
  std::string host;  // empty for a unix socket
  std::uint16_t port = 6379;
  std::string socket_path;    // unix://…
  std::string user;           // AUTH user (Redis 6 ACL), empty = the default user
  std::string password;       // empty = no AUTH
  std::int64_t database = 0;  // SELECT when not 0
};

// Parses `redis://[user:password@]host[:port][/db]` or `unix:///path[?db=N]`
// (percent-escapes in user and password decoded). The error says what is wrong, without the
// password.
Result<Endpoint, std::string> parse_url(std::string_view url);

struct Settings {
  Endpoint endpoint;
  unsigned pool = 2;                                 // connections per event loop
  std::chrono::milliseconds connect_timeout{2'000};  // per attempt
  std::chrono::milliseconds command_timeout{2'000};  // from the write to the reply
  std::chrono::milliseconds backoff_min{100};        // between reconnection attempts,
  std::chrono::milliseconds backoff_max{5'000};      // doubling up to this
};

// The datasource's settings object (url, pool, connect_timeout, command_timeout in seconds).
Result<Settings, std::string> settings_of(const DatasourceConfig& config);

// Why a command got no reply. A reply of kind error (WRONGTYPE, NOSCRIPT…) is a reply, not this.
struct CommandError {
  enum class Kind : std::uint8_t {
    unavailable,  // not connected and could not connect in time; reconnecting in background
    timeout,      // no reply within command_timeout (the connection is dropped and remade)
    closed,       // the client was closed (shutdown) or the connection broke mid-command
  };
  Kind kind = Kind::unavailable;
  std::string message;  // for the operator and the field error: no password, no internals
};

// Counters for tests, /metrics and the benchmarks.
struct Stats {
  std::uint64_t commands = 0;     // commands asked of the client (before merging)
  std::uint64_t sent = 0;         // commands written to Redis (after GET→MGET merging)
  std::uint64_t round_trips = 0;  // writes that carried one or more commands
  std::uint64_t connects = 0;     // successful connections (first and re-)
  std::uint64_t failures = 0;     // commands that ended with a CommandError
};

class Client : public Backend {
 public:
  // One command as its arguments ({"HGETALL", "user:1"}). Every command issued in the same
  // event-loop turn (and the turns that follow while more keep coming) leaves in one write;
  // {"GET", key} commands of a batch become one MGET. Never throws; honours cancellation.
  virtual boost::asio::awaitable<Result<Reply, CommandError>> command(
      std::vector<std::string> args) = 0;
  // Many commands issued together, as command() issues each (so they leave in one batch),
  // waited for at once: the outcomes in the order of `commands`. Cancelling the wait answers
  // every command not yet answered, as cancelling command() does.
  virtual boost::asio::awaitable<std::vector<Result<Reply, CommandError>>> commands(
      std::vector<std::vector<std::string>> commands) = 0;
  virtual const Stats& stats() const = 0;
};

std::unique_ptr<Client> make_client(const DatasourceConfig& config, Settings settings,
                                    const boost::asio::any_io_executor& loop);

}  // namespace stashql::redis
