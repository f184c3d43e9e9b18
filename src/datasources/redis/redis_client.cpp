// The Redis client of one event loop: calls are queued, and a flush posted to the loop sends
// everything queued in that turn (and the next few turns, while more keeps coming) as one
// batch on one connection — one write, one round trip. GETs of a batch become one MGET.
// Connections, timeouts and reconnection are in redis_connection.cpp.
#include "datasources/redis/redis_client.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "datasources/redis/redis_connection.hpp"

namespace stashql::redis {
namespace {

namespace asio = boost::asio;

// Flushes re-posted while commands keep arriving (coroutines resumed by the same turn's
// replies join the batch); bounded so a steady stream cannot starve the write.
constexpr unsigned kMaxReposts = 4;

bool same_word(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'a' && x <= 'z' ? x - 32 : x) == (y >= 'a' && y <= 'z' ? y - 32 : y);
         });
}

bool is_get(const std::vector<std::string>& args) {
  return args.size() == 2 && same_word(args[0], "GET");
}

// Reads whose reply depends on nothing but their arguments and the data: the same read twice
// in one batch is sent once and both callers get the reply, unless a command that may write
// stands between them.
bool is_shareable_read(const std::vector<std::string>& args) {
  static constexpr std::string_view kReads[] = {
      "HGETALL", "HGET",  "HMGET", "HLEN",   "HEXISTS", "SMEMBERS", "SISMEMBER", "SCARD",  "ZRANGE",
      "ZSCORE",  "ZCARD", "ZRANK", "LRANGE", "LLEN",    "EXISTS",   "TYPE",      "STRLEN", "MGET"};
  return std::any_of(std::begin(kReads), std::end(kReads),
                     [&args](std::string_view read) { return same_word(args[0], read); });
}

// What makes two reads the same: the command (in any case) and the arguments, as sent.
std::string read_key(const std::vector<std::string>& args) {
  std::string key;
  for (char c : args[0])
    key += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  for (std::size_t i = 1; i < args.size(); ++i) {
    key += '\0';
    key += std::to_string(args[i].size());
    key += ':';
    key += args[i];
  }
  return key;
}

// Commands that change a pooled connection's state for whoever uses it next (database,
// user, protocol, reply mode) or turn it into a subscriber: refused with an error reply.
std::optional<std::string> refused(const std::vector<std::string>& args) {
  if (args.empty()) return std::string("ERR empty command");
  static constexpr std::string_view kRefused[] = {
      "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE",
      "MONITOR",   "SELECT",     "AUTH",       "HELLO",       "QUIT",         "RESET",
      "SYNC",      "PSYNC",      "MULTI",      "EXEC",        "DISCARD",      "WATCH"};
  const std::string& name = args.front();
  const bool client_reply =
      same_word(name, "CLIENT") && args.size() > 1 && same_word(args[1], "REPLY");
  if (!client_reply && std::none_of(std::begin(kRefused), std::end(kRefused),
                                    [&](std::string_view r) { return same_word(name, r); }))
    return std::nullopt;
  return "ERR " + name + " cannot run on stashql's shared, pipelined connections";
}

std::string endpoint_text(const Endpoint& endpoint) {
  if (!endpoint.socket_path.empty()) return endpoint.socket_path;
  const bool v6 = endpoint.host.find(':') != std::string::npos;
  return (v6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
}

std::string pong_in(double milliseconds) {
  char text[48];
  std::snprintf(text, sizeof text, "PONG in %.1f ms", milliseconds);
  return text;
}

// Cancels a call that waits: it is answered at once (its reply, if it comes, is dropped).
// A `total` cancellation asks for no side effect, so it stops only a call not yet sent.
struct CancelCall {
  std::weak_ptr<Call> call;
  Shared* shared;

  void operator()(asio::cancellation_type type) const {
    const CallPtr waiting = call.lock();
    if (!waiting || waiting->answered()) return;
    const auto with_effects = asio::cancellation_type::terminal | asio::cancellation_type::partial;
    if ((type & with_effects) == asio::cancellation_type::none && waiting->sent) return;
    shared->answer(*waiting, CommandError{CommandError::Kind::timeout, "the command was cancelled"},
                   SlotAction::keep);
  }
};

// Cancels the waiting calls of one commands() wait.
struct CancelCalls {
  std::vector<CancelCall> calls;
  void operator()(asio::cancellation_type type) const {
    for (const CancelCall& call : calls)
      call(type);
  }
};

// The calls of one commands() wait: the last answer hands them all to the waiter.
struct Gather {
  // The handler is moved in at construction, as Call's is (Boost 1.81's any_completion_handler
  // cannot be move-assigned).
  template <class Handler>
  Gather(std::size_t n, Handler&& waiting)
      : outcomes(n), left(n), handler(std::forward<Handler>(waiting)) {}

  std::vector<std::optional<Outcome>> outcomes;
  std::size_t left = 0;
  asio::any_completion_handler<void(std::vector<Outcome>)> handler;
  asio::cancellation_slot slot;  // the waiter's, if any

  void take(std::size_t i, Outcome outcome) {
    outcomes[i] = std::move(outcome);
    if (--left > 0) return;
    // Answers arrive posted, never from inside the slot's handler: the slot can be cleared.
    if (slot.is_connected()) slot.clear();
    std::vector<Outcome> all;
    all.reserve(outcomes.size());
    for (std::optional<Outcome>& o : outcomes)
      all.push_back(std::move(*o));
    auto waiting = std::move(handler);
    handler = nullptr;
    std::move(waiting)(std::move(all));
  }
};

class RedisClient final : public Client {
 public:
  RedisClient(const DatasourceConfig& config, Settings settings, const asio::any_io_executor& loop)
      : config_(config) {
    shared_.endpoint = endpoint_text(settings.endpoint);
    shared_.settings = std::move(settings);
    shared_.loop = loop;
    const unsigned size = std::max(1u, shared_.settings.pool);
    for (unsigned i = 0; i < size; ++i)
      pool_.push_back(std::make_unique<Connection>(shared_));
  }
  ~RedisClient() override { close(); }

  const DatasourceConfig& config() const override { return config_; }
  const Stats& stats() const override { return shared_.stats; }

  asio::awaitable<Outcome> command(std::vector<std::string> args) override {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(Outcome)>(
        [this](auto handler, std::vector<std::string> command_args) {
          start(std::move(command_args), std::move(handler));
        },
        asio::use_awaitable, std::move(args));
  }

  asio::awaitable<std::vector<Outcome>> commands(
      std::vector<std::vector<std::string>> commands) override {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::vector<Outcome>)>(
        [this](auto handler, std::vector<std::vector<std::string>> all) {
          start_all(std::move(all), std::move(handler));
        },
        asio::use_awaitable, std::move(commands));
  }

  asio::awaitable<BackendHealth> check() override {
    if (closed_) co_return BackendHealth{false, "the client is closed"};
    // A health check may connect even between the attempts of the backoff.
    const bool trying = std::any_of(pool_.begin(), pool_.end(), [](const auto& c) {
      return c->state() == Connection::State::ready || c->state() == Connection::State::connecting;
    });
    if (!trying) pool_.front()->connect();
    const Clock::time_point started = Clock::now();
    std::vector<std::string> ping;
    ping.emplace_back("PING");
    Outcome outcome = co_await command(std::move(ping));
    const std::chrono::duration<double, std::milli> took = Clock::now() - started;
    if (!outcome) co_return BackendHealth{false, outcome.error().message};
    if (outcome->is_error()) co_return BackendHealth{false, "PING answered " + outcome->text};
    co_return BackendHealth{true, pong_in(took.count())};
  }

  void close() override {
    if (closed_) return;
    closed_ = true;
    for (auto& connection : pool_)
      connection->close();
    std::vector<CallPtr> queued = std::move(queue_);
    queue_.clear();
    for (const CallPtr& call : queued)
      shared_.answer(*call, CommandError{CommandError::Kind::closed, "the client was closed"});
  }

 private:
  // Queues the call; the call, or nullptr when it was answered at once (client closed,
  // command refused).
  template <class Handler>
  CallPtr start(std::vector<std::string> args, Handler&& handler) {
    const asio::cancellation_slot slot = asio::get_associated_cancellation_slot(handler);
    auto call = std::make_shared<Call>(std::move(args), std::forward<Handler>(handler));
    ++shared_.stats.commands;
    if (closed_) {
      shared_.answer(*call, CommandError{CommandError::Kind::closed, "the client was closed"});
      return nullptr;
    }
    if (auto error = refused(call->args)) {
      shared_.answer(*call, Reply::error(std::move(*error)));
      return nullptr;
    }
    if (slot.is_connected()) {
      call->slot = slot;
      call->slot.template emplace<CancelCall>(CancelCall{call, &shared_});
    }
    queue_.push_back(call);
    if (!flush_posted_) {
      flush_posted_ = true;
      reposts_ = 0;
      post_flush();
    }
    return call;
  }

  template <class Handler>
  void start_all(std::vector<std::vector<std::string>> all, Handler&& handler) {
    const asio::cancellation_slot slot = asio::get_associated_cancellation_slot(handler);
    if (all.empty()) {
      asio::post(shared_.loop, [handler = std::forward<Handler>(handler)]() mutable {
        std::move(handler)(std::vector<Outcome>());
      });
      return;
    }
    auto gather = std::make_shared<Gather>(all.size(), std::forward<Handler>(handler));
    CancelCalls cancel;
    cancel.calls.reserve(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      CallPtr call = start(std::move(all[i]),
                           [gather, i](Outcome outcome) { gather->take(i, std::move(outcome)); });
      if (call != nullptr) cancel.calls.push_back(CancelCall{call, &shared_});
    }
    if (slot.is_connected() && gather->left > 0) {
      gather->slot = slot;
      gather->slot.template emplace<CancelCalls>(std::move(cancel));
    }
  }

  void post_flush() {
    queued_at_post_ = queue_.size();
    asio::post(shared_.loop, [this, alive = std::weak_ptr<int>(alive_)] {
      if (!alive.expired()) flush();
    });
  }

  void flush() {
    if (closed_) {
      flush_posted_ = false;
      return;
    }
    if (queue_.size() > queued_at_post_ && reposts_ < kMaxReposts) {
      ++reposts_;
      post_flush();
      return;
    }
    flush_posted_ = false;
    std::vector<CallPtr> calls = std::move(queue_);
    queue_.clear();
    Batch batch = merge(calls);
    if (batch.empty()) return;
    Connection* connection = pick();
    if (connection == nullptr) {
      shared_.fail(batch, CommandError::Kind::unavailable, not_connected());
      return;
    }
    connection->send(std::move(batch));
  }

  // The batch's commands in order, the GETs (two or more) merged into one MGET where the
  // first of them was; repeated keys are asked once, and so are repeated reads (the users of a
  // page of posts, each looked up per post) while no other command comes between.
  static Batch merge(std::vector<CallPtr>& calls) {
    Batch batch;
    batch.reserve(calls.size());
    const auto gets = std::count_if(calls.begin(), calls.end(), [](const CallPtr& call) {
      return !call->answered() && is_get(call->args);
    });
    std::size_t mget_at = batch.max_size();
    std::unordered_map<std::string_view, std::size_t> key_at;
    std::unordered_map<std::string, std::size_t> read_at;  // reads since the last other command
    for (CallPtr& call : calls) {
      if (call->answered()) continue;
      if (gets >= 2 && is_get(call->args)) {
        if (mget_at == batch.max_size()) {
          mget_at = batch.size();
          batch.push_back(Sent{{"MGET"}, {}, {}, {}});
          batch.back().args.reserve(static_cast<std::size_t>(gets) + 1);
        }
        Sent& mget = batch[mget_at];
        const auto [at, added] = key_at.try_emplace(call->args[1], mget.args.size() - 1);
        if (added) mget.args.push_back(call->args[1]);
        mget.elements.push_back(at->second);
        mget.calls.push_back(call);
        continue;
      }
      if (is_shareable_read(call->args)) {
        const auto [at, added] = read_at.try_emplace(read_key(call->args), batch.size());
        if (!added) {
          batch[at->second].calls.push_back(call);
          continue;
        }
      } else {
        read_at.clear();  // it may write what a later read reads
      }
      Sent sent;
      sent.args = std::move(call->args);
      sent.calls.push_back(call);
      batch.push_back(std::move(sent));
    }
    return batch;
  }

  // Round robin per flush over the ready connections. A batch waits for a connection being
  // made rather than fail; with none ready or being made, one is started if the backoff
  // allows it, and otherwise the batch fails at once (Redis is down: no hanging).
  Connection* pick() {
    const std::size_t size = pool_.size();
    const std::size_t first = next_;
    next_ = (next_ + 1) % size;
    Connection* preferred = pool_[first].get();
    // The pool fills lazily: the connection whose turn it is starts when first needed.
    if (preferred->state() == Connection::State::idle) preferred->connect();
    for (std::size_t k = 0; k < size; ++k) {
      Connection* c = pool_[(first + k) % size].get();
      if (c->state() == Connection::State::ready) return c;
    }
    for (std::size_t k = 0; k < size; ++k) {
      Connection* c = pool_[(first + k) % size].get();
      if (c->state() == Connection::State::connecting) return c;
    }
    const Clock::time_point now = Clock::now();
    for (std::size_t k = 0; k < size; ++k) {
      Connection* c = pool_[(first + k) % size].get();
      if (!c->may_connect_now(now)) continue;
      c->connect();
      if (c->state() == Connection::State::connecting) return c;
    }
    return nullptr;
  }

  std::string not_connected() const {
    for (const auto& connection : pool_) {
      if (!connection->last_error().empty())
        return connection->last_error() + " (reconnecting in the background)";
    }
    return "not connected to " + shared_.endpoint;
  }

  DatasourceConfig config_;
  Shared shared_;
  std::vector<std::unique_ptr<Connection>> pool_;
  std::vector<CallPtr> queue_;
  bool flush_posted_ = false;
  std::size_t queued_at_post_ = 0;
  unsigned reposts_ = 0;
  std::size_t next_ = 0;
  bool closed_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace

std::unique_ptr<Client> make_client(const DatasourceConfig& config, Settings settings,
                                    const boost::asio::any_io_executor& loop) {
  return std::make_unique<RedisClient>(config, std::move(settings), loop);
}

}  // namespace stashql::redis
