// One connection of a Redis client's pool, and what the pool's connections share: the calls
// waiting for their replies, the commands on the wire with who receives each reply, and a
// connection's life — connecting (resolve, connect, AUTH, SELECT) within connect_timeout,
// replies within command_timeout, reconnection with backoff after a failure. It is apart from
// redis_client.cpp, which batches calls and picks the connection a batch leaves on.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "datasources/redis/redis_asio_adapter.hpp"
#include "datasources/redis/redis_client.hpp"

namespace stashql::redis {

using Outcome = Result<Reply, CommandError>;
using Clock = std::chrono::steady_clock;

// One caller of Client::command, until it has its outcome.
struct Call {
  // The handler is moved in at construction: Boost 1.81's any_completion_handler cannot be
  // move-assigned (its operator= recurses), only moved from and reset to nullptr.
  template <class Handler>
  Call(std::vector<std::string> command, Handler&& waiting)
      : args(std::move(command)), handler(std::forward<Handler>(waiting)) {}

  std::vector<std::string> args;
  boost::asio::any_completion_handler<void(Outcome)> handler;  // empty once answered
  boost::asio::cancellation_slot slot;                         // the caller's, if any
  bool sent = false;
  bool answered() const { return !handler; }
};
using CallPtr = std::shared_ptr<Call>;

// One command on the wire and who receives its reply: one caller, or the callers of the GETs
// merged into one MGET (calls[i] receives element elements[i] of its reply).
struct Sent {
  std::vector<std::string> args;
  std::vector<CallPtr> calls;
  std::vector<std::size_t> elements;
  Clock::time_point deadline{};
};
using Batch = std::vector<Sent>;

// Whether answering a call also disconnects its cancellation handler: not from inside that
// handler, which is running.
enum class SlotAction : std::uint8_t { clear, keep };

// What the connections of one client share.
struct Shared {
  Settings settings;
  boost::asio::any_io_executor loop;
  Stats stats;
  std::string endpoint;  // "127.0.0.1:6379" or the socket path, for operators' messages

  // Gives a call its outcome, always through the loop (never inside the caller's own
  // co_await). A call already answered (cancelled) is left alone.
  void answer(Call& call, Outcome outcome, SlotAction slot = SlotAction::clear);
  // Gives a reply to its receivers, spreading a merged MGET's elements.
  void answer(Sent& sent, Reply reply);
  void fail(Sent& sent, CommandError::Kind kind, const std::string& message);
  void fail(Batch& batch, CommandError::Kind kind, const std::string& message);
};

// "2 s", "200 ms": how long a timeout was, in messages.
std::string describe(std::chrono::milliseconds duration);

class Connection final : public HiredisConnection::Listener {
 public:
  enum class State : std::uint8_t {
    idle,        // never connected, or dropped after a timeout: connects on demand
    connecting,  // resolving, connecting, AUTH and SELECT; batches wait for it
    ready,
    down,  // the last attempt failed or the connection broke: retrying with backoff
    closed,
  };

  explicit Connection(Shared& shared);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  State state() const { return state_; }
  // Whether a command may start an attempt now: idle, or down and the last attempt began at
  // least backoff_min ago (attempts on demand are rate-limited, never queued up).
  bool may_connect_now(Clock::time_point now) const;
  // Starts an attempt now (a pending background retry is brought forward).
  void connect();
  // Writes the batch when ready; keeps it until the attempt ends when connecting (bounded by
  // connect_timeout); fails it with `unavailable` otherwise.
  void send(Batch batch);
  // Fails everything with `closed`, frees the socket, cancels timers. Idempotent.
  void close();
  // Why the connection is down (empty when it is not).
  const std::string& last_error() const { return last_error_; }

 private:
  void on_connected() override;
  void on_connect_failed(std::string reason) override;
  void on_reply(Reply reply) override;
  void on_lost(std::string reason) override;

  void connect_next_address();
  void become_ready();
  void attempt_failed(std::string reason);
  // Drops the socket and fails the commands on it; `next` is idle or down.
  void lose(CommandError::Kind kind, const std::string& message, State next);
  void schedule_retry();
  void write(std::vector<Batch>& batches);
  void arm_reply_timer();

  Shared& shared_;
  State state_ = State::idle;
  std::unique_ptr<HiredisConnection> hiredis_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer connect_timer_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::steady_timer reply_timer_;
  // Bumped whenever the socket or the attempt changes: a timer or resolver handler from an
  // earlier one finds a different number and does nothing.
  std::uint64_t generation_ = 0;
  std::vector<std::string> addresses_;  // resolved, IPv4 first
  std::size_t next_address_ = 0;
  std::vector<std::string> handshake_;  // what each pending AUTH/SELECT reply means on error
  std::size_t handshake_done_ = 0;
  std::deque<Sent> in_flight_;
  std::vector<Batch> parked_;
  bool reply_timer_armed_ = false;
  std::chrono::milliseconds backoff_;
  Clock::time_point last_attempt_{};
  std::string last_error_;
  // Handlers hold a weak reference: one that runs after the client is gone does nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace stashql::redis
