// A pool connection's life (see redis_connection.hpp). Every handler checks that the
// connection still exists and is still on the same socket or attempt before it acts, so a
// timer, a resolver or a late reply from a dropped socket never reaches anyone.
#include "datasources/redis/redis_connection.hpp"

#include <algorithm>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

namespace stashql::redis {

namespace asio = boost::asio;

std::string describe(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

void Shared::answer(Call& call, Outcome outcome, SlotAction slot) {
  if (call.answered()) return;
  if (!outcome) ++stats.failures;
  if (slot == SlotAction::clear && call.slot.is_connected()) call.slot.clear();
  // Moved from, never copied or assigned: Boost 1.81's any_completion_handler would wrap itself.
  auto handler = std::move(call.handler);
  call.handler = nullptr;
  asio::post(loop, [handler = std::move(handler), outcome = std::move(outcome)]() mutable {
    std::move(handler)(std::move(outcome));
  });
}

void Shared::answer(Sent& sent, Reply reply) {
  if (sent.calls.empty()) return;
  const bool merged = !sent.elements.empty();
  const bool spread = merged && reply.kind == Reply::Kind::array;
  if (!spread) {
    // One caller, or an MGET that failed as a whole (each GET gets its error): copies for all
    // but the last caller, who takes the reply itself.
    const std::size_t last = sent.calls.size() - 1;
    for (std::size_t i = 0; i < last; ++i) {
      if (!sent.calls[i]->answered()) answer(*sent.calls[i], Reply(reply));
    }
    if (!sent.calls[last]->answered()) answer(*sent.calls[last], std::move(reply));
    return;
  }
  for (std::size_t i = 0; i < sent.calls.size(); ++i) {
    Call& call = *sent.calls[i];
    if (call.answered()) continue;
    const std::size_t at = sent.elements[i];
    answer(call, at < reply.elements.size()
                     ? reply.elements[at]
                     : Reply::error("ERR the merged MGET answered fewer values than keys"));
  }
}

void Shared::fail(Sent& sent, CommandError::Kind kind, const std::string& message) {
  for (const CallPtr& call : sent.calls)
    answer(*call, CommandError{kind, message});
}

void Shared::fail(Batch& batch, CommandError::Kind kind, const std::string& message) {
  for (Sent& sent : batch)
    fail(sent, kind, message);
}

Connection::Connection(Shared& shared)
    : shared_(shared),
      resolver_(shared.loop),
      connect_timer_(shared.loop),
      retry_timer_(shared.loop),
      reply_timer_(shared.loop),
      backoff_(shared.settings.backoff_min) {}

Connection::~Connection() {
  close();
}

bool Connection::may_connect_now(Clock::time_point now) const {
  if (state_ == State::idle) return true;
  return state_ == State::down && now - last_attempt_ >= shared_.settings.backoff_min;
}

void Connection::connect() {
  if (state_ == State::closed || state_ == State::connecting || state_ == State::ready) return;
  retry_timer_.cancel();
  state_ = State::connecting;
  const std::uint64_t generation = ++generation_;
  last_attempt_ = Clock::now();
  handshake_.clear();
  handshake_done_ = 0;
  addresses_.clear();
  next_address_ = 0;

  const std::weak_ptr<int> alive = alive_;
  connect_timer_.expires_after(shared_.settings.connect_timeout);
  connect_timer_.async_wait([this, alive, generation](const boost::system::error_code& ec) {
    if (ec || alive.expired() || generation != generation_ || state_ != State::connecting) return;
    resolver_.cancel();
    attempt_failed("no connection to " + shared_.endpoint + " within " +
                   describe(shared_.settings.connect_timeout));
  });

  const Endpoint& endpoint = shared_.settings.endpoint;
  if (!endpoint.socket_path.empty()) {
    hiredis_ = std::make_unique<HiredisConnection>(shared_.loop, *this);
    if (auto error = hiredis_->connect_unix(endpoint.socket_path)) on_connect_failed(*error);
    return;
  }
  boost::system::error_code not_numeric;
  const asio::ip::address address = asio::ip::make_address(endpoint.host, not_numeric);
  if (!not_numeric) {
    addresses_.push_back(address.to_string());
    connect_next_address();
    return;
  }
  // hiredis would resolve a name with a blocking getaddrinfo: Asio resolves it off the loop.
  resolver_.async_resolve(
      endpoint.host, std::to_string(endpoint.port), asio::ip::tcp::resolver::numeric_service,
      [this, alive, generation](const boost::system::error_code& ec,
                                const asio::ip::tcp::resolver::results_type& results) {
        if (alive.expired() || generation != generation_ || state_ != State::connecting) return;
        if (ec) {
          attempt_failed("cannot resolve " + shared_.settings.endpoint.host + ": " + ec.message());
          return;
        }
        for (const bool v4 : {true, false}) {
          for (const auto& entry : results) {
            const asio::ip::address a = entry.endpoint().address();
            const std::string text = a.to_string();
            if (a.is_v4() == v4 &&
                std::find(addresses_.begin(), addresses_.end(), text) == addresses_.end())
              addresses_.push_back(text);
          }
        }
        connect_next_address();
      });
}

void Connection::connect_next_address() {
  if (next_address_ >= addresses_.size()) {
    attempt_failed(last_error_.empty() ? "cannot connect to " + shared_.endpoint : last_error_);
    return;
  }
  const std::string& address = addresses_[next_address_++];
  hiredis_ = std::make_unique<HiredisConnection>(shared_.loop, *this);
  if (auto error = hiredis_->connect_tcp(address, shared_.settings.endpoint.port))
    on_connect_failed(*error);
}

void Connection::on_connect_failed(std::string reason) {
  if (state_ != State::connecting) return;
  last_error_ = "cannot connect to " + shared_.endpoint + ": " + reason;
  hiredis_.reset();
  if (next_address_ < addresses_.size()) {
    connect_next_address();
    return;
  }
  attempt_failed(last_error_);
}

void Connection::on_connected() {
  if (state_ != State::connecting) return;
  const Endpoint& endpoint = shared_.settings.endpoint;
  if (!endpoint.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!endpoint.user.empty()) auth.push_back(endpoint.user);
    auth.push_back(endpoint.password);
    if (!hiredis_->send(auth)) return attempt_failed("cannot send AUTH to " + shared_.endpoint);
    handshake_.push_back("authentication failed");
  }
  if (endpoint.database != 0) {
    const std::string db = std::to_string(endpoint.database);
    if (!hiredis_->send({"SELECT", db}))
      return attempt_failed("cannot send SELECT to " + shared_.endpoint);
    handshake_.push_back("SELECT " + db + " failed");
  }
  if (handshake_.empty()) become_ready();
}

void Connection::on_reply(Reply reply) {
  if (state_ == State::connecting) {
    if (handshake_done_ >= handshake_.size()) return;
    if (reply.is_error()) {
      attempt_failed(handshake_[handshake_done_] + " on " + shared_.endpoint + ": " + reply.text);
      return;
    }
    if (++handshake_done_ == handshake_.size()) become_ready();
    return;
  }
  if (state_ != State::ready || in_flight_.empty()) return;
  Sent sent = std::move(in_flight_.front());
  in_flight_.pop_front();
  shared_.answer(sent, std::move(reply));
}

void Connection::on_lost(std::string reason) {
  const std::string message = "lost the connection to " + shared_.endpoint + ": " + reason;
  if (state_ == State::connecting) {
    attempt_failed(message);
    return;
  }
  if (state_ == State::ready) lose(CommandError::Kind::unavailable, message, State::down);
}

void Connection::become_ready() {
  state_ = State::ready;
  connect_timer_.cancel();
  ++shared_.stats.connects;
  backoff_ = shared_.settings.backoff_min;
  last_error_.clear();
  if (parked_.empty()) return;
  std::vector<Batch> parked = std::move(parked_);
  parked_.clear();
  write(parked);
}

void Connection::attempt_failed(std::string reason) {
  ++generation_;
  connect_timer_.cancel();
  resolver_.cancel();
  hiredis_.reset();
  state_ = State::down;
  last_error_ = std::move(reason);
  std::vector<Batch> parked = std::move(parked_);
  parked_.clear();
  for (Batch& batch : parked)
    shared_.fail(batch, CommandError::Kind::unavailable, last_error_);
  schedule_retry();
}

void Connection::lose(CommandError::Kind kind, const std::string& message, State next) {
  ++generation_;
  reply_timer_.cancel();
  reply_timer_armed_ = false;
  // Freeing the socket first: whatever it still delivers goes nowhere.
  hiredis_.reset();
  std::deque<Sent> in_flight = std::move(in_flight_);
  in_flight_.clear();
  for (Sent& sent : in_flight)
    shared_.fail(sent, kind, message);
  state_ = next;
  if (next == State::down) {
    last_error_ = message;
    schedule_retry();
  }
}

void Connection::schedule_retry() {
  const std::weak_ptr<int> alive = alive_;
  const std::uint64_t generation = generation_;
  retry_timer_.expires_after(backoff_);
  retry_timer_.async_wait([this, alive, generation](const boost::system::error_code& ec) {
    if (ec || alive.expired() || generation != generation_ || state_ != State::down) return;
    connect();
  });
  backoff_ = std::min(backoff_ * 2, shared_.settings.backoff_max);
}

void Connection::send(Batch batch) {
  switch (state_) {
    case State::ready: {
      std::vector<Batch> batches;
      batches.push_back(std::move(batch));
      write(batches);
      return;
    }
    case State::connecting:
      parked_.push_back(std::move(batch));
      return;
    case State::closed:
      shared_.fail(batch, CommandError::Kind::closed, "the client was closed");
      return;
    case State::idle:
    case State::down:
      shared_.fail(batch, CommandError::Kind::unavailable,
                   last_error_.empty() ? "not connected to " + shared_.endpoint : last_error_);
      return;
  }
}

void Connection::write(std::vector<Batch>& batches) {
  const Clock::time_point deadline = Clock::now() + shared_.settings.command_timeout;
  bool wrote = false;
  for (Batch& batch : batches) {
    for (Sent& sent : batch) {
      // Every caller gave up before it left (cancelled): nothing to ask.
      if (std::all_of(sent.calls.begin(), sent.calls.end(),
                      [](const CallPtr& call) { return call->answered(); }))
        continue;
      if (!hiredis_ || !hiredis_->send(sent.args)) {
        shared_.fail(sent, CommandError::Kind::unavailable, "cannot write to " + shared_.endpoint);
        continue;
      }
      for (const CallPtr& call : sent.calls)
        call->sent = true;
      sent.args = {};
      sent.deadline = deadline;
      in_flight_.push_back(std::move(sent));
      ++shared_.stats.sent;
      wrote = true;
    }
  }
  if (!wrote) return;
  ++shared_.stats.round_trips;
  arm_reply_timer();
}

void Connection::arm_reply_timer() {
  if (reply_timer_armed_ || in_flight_.empty()) return;
  reply_timer_armed_ = true;
  const std::weak_ptr<int> alive = alive_;
  const std::uint64_t generation = generation_;
  // One timer for the oldest command on the wire; replies do not touch it (cheaper than a
  // timer per batch): when it fires it either finds the oldest late or waits for the new one.
  reply_timer_.expires_at(in_flight_.front().deadline);
  reply_timer_.async_wait([this, alive, generation](const boost::system::error_code& ec) {
    if (alive.expired() || generation != generation_) return;
    reply_timer_armed_ = false;
    if (ec || in_flight_.empty()) return;
    if (in_flight_.front().deadline > Clock::now()) {
      arm_reply_timer();
      return;
    }
    // Its later replies must never reach anyone: the socket goes, and a new one is made on
    // demand (a hung server is not a reason to back off).
    lose(CommandError::Kind::timeout,
         "no reply from " + shared_.endpoint + " within " +
             describe(shared_.settings.command_timeout) + " (connection dropped)",
         State::idle);
  });
}

void Connection::close() {
  if (state_ == State::closed) return;
  lose(CommandError::Kind::closed, "the client was closed", State::closed);
  connect_timer_.cancel();
  retry_timer_.cancel();
  resolver_.cancel();
  std::vector<Batch> parked = std::move(parked_);
  parked_.clear();
  for (Batch& batch : parked)
    shared_.fail(batch, CommandError::Kind::closed, "the client was closed");
}

}  // namespace stashql::redis
