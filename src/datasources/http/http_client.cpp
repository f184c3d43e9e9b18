// The http datasource's client on one event loop (see http_client.hpp): settings, the TLS
// context, deduplication of in-flight GETs, retries with backoff, and the health check. The
// connections are the pool's (http_pool.cpp), the batches the queue's (http_batch.cpp).
//
// Upstream calls run in tasks of their own, spawned on the loop, and callers wait for their
// result (Pending): a GET shared by ten callers must not fail for nine of them because the
// first one's request was cancelled. The tasks hold the client's state by shared_ptr, so the
// state outlives the Client object until they end; close() makes them end at once.
#include "datasources/http/http_client.hpp"

#include <algorithm>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>

#include "datasources/http/http_pending.hpp"
#include "datasources/http/http_pool.hpp"

namespace stashql::http_client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

constexpr auto kUse = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::milliseconds kMaxBackoff{1'000};
// What a waiter allows beyond the client's own worst case before it gives up on a call.
constexpr std::chrono::milliseconds kWaitSlack{1'000};

std::chrono::milliseconds milliseconds_of(const Value& seconds) {
  const double ms = seconds.as_number() * 1000.0;
  return std::chrono::milliseconds(std::max<std::int64_t>(1, static_cast<std::int64_t>(ms)));
}

bool is_retry_status(unsigned status) {
  return status == 502 || status == 503 || status == 504;
}

// Calls with the same key are the same GET (same_call): target, the step's headers, and the
// requester when sharing is limited to one GraphQL request.
std::string dedupe_key(const Request& request) {
  std::string key = request.target;
  for (const auto& [name, value] : request.headers) {
    key += '\n';
    key += name;
    key += ':';
    key += value;
  }
  key += '\n';
  key += std::to_string(reinterpret_cast<std::uintptr_t>(request.requester));
  return key;
}

// The state of one client, shared with the tasks that run its calls.
class Core : public std::enable_shared_from_this<Core> {
 public:
  Core(asio::any_io_executor loop, Settings settings, std::unique_ptr<asio::ssl::context> tls)
      : loop_(std::move(loop)),
        settings_(std::move(settings)),
        tls_(std::move(tls)),
        pool_(loop_, settings_.base, tls_.get(), settings_.pool, settings_.connect_timeout) {}

  // Called once, right after construction (weak_from_this is not usable in a constructor).
  void start() {
    // Weak: the queue belongs to the core and must not keep it alive.
    std::weak_ptr<Core> weak = weak_from_this();
    batches_ = std::make_shared<BatchQueue>(
        loop_, [weak](Request request) { return call_through(weak, std::move(request)); },
        budget());
  }

  const Settings& settings() const { return settings_; }

  Stats stats() const {
    Stats out = stats_;
    out.connects = pool_.stats().connects;
    out.batches = batches_->merged_calls();
    return out;
  }

  asio::awaitable<Result<Response, CallError>> call(Request request) {
    // Alive while the call waits, whatever happens to the client meanwhile.
    const std::shared_ptr<Core> self = shared_from_this();
    if (closed_) co_return CallError{CallError::Kind::unavailable, "the client is closed"};
    const std::shared_ptr<Pending<Response>> pending = start(std::move(request));
    if (!pending->has_result()) {
      if (auto failed = pending->outcome(co_await pending->wait())) co_return std::move(*failed);
    }
    co_return pending->result();  // a copy that shares the parsed body (Response::json)
  }

  asio::awaitable<std::vector<Result<Response, CallError>>> call_many(
      std::vector<Request> requests) {
    const std::shared_ptr<Core> self = shared_from_this();
    std::vector<Result<Response, CallError>> results;
    results.reserve(requests.size());
    if (closed_) {
      for (std::size_t i = 0; i < requests.size(); ++i) {
        results.emplace_back(CallError{CallError::Kind::unavailable, "the client is closed"});
      }
      co_return results;
    }
    std::vector<std::shared_ptr<Pending<Response>>> pendings;
    pendings.reserve(requests.size());
    for (Request& request : requests) {
      pendings.push_back(start(std::move(request)));
    }
    // One wait after another: the calls run side by side, so this waits as long as the
    // slowest. Once the wait is cancelled, the calls still unanswered are cancelled too.
    std::optional<CallError> cancelled;
    for (const std::shared_ptr<Pending<Response>>& pending : pendings) {
      if (!pending->has_result() && !cancelled) {
        if (auto failed = pending->outcome(co_await pending->wait())) {
          if (failed->kind == CallError::Kind::unavailable) cancelled = failed;
          results.emplace_back(std::move(*failed));
          continue;
        }
      }
      if (pending->has_result()) {
        results.push_back(pending->result());
      } else {
        results.emplace_back(*cancelled);
      }
    }
    co_return results;
  }

  asio::awaitable<Result<Value, CallError>> call_batched(BatchCall call) {
    if (closed_) co_return CallError{CallError::Kind::unavailable, "the client is closed"};
    if (settings_.dedupe == Dedupe::loop) call.request.requester = nullptr;
    // Keeps the queue alive while this caller waits, even if the client goes meanwhile.
    const std::shared_ptr<BatchQueue> batches = batches_;
    co_return co_await batches->add(std::move(call));
  }

  asio::awaitable<BackendHealth> check() {
    const auto began = Clock::now();
    auto connected = co_await pool_.probe(began + settings_.connect_timeout);
    if (!connected) co_return BackendHealth{false, connected.error().message};
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - began).count();
    std::string detail =
        settings_.base.scheme == Scheme::https ? "connected (TLS verified) in " : "connected in ";
    detail += std::to_string(static_cast<double>(micros) / 1000.0);
    detail += " ms";
    co_return BackendHealth{true, std::move(detail)};
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    pool_.close();
    if (batches_) batches_->close();
    for (asio::steady_timer* timer : pauses_)
      timer->cancel();
  }

 private:
  // The longest a caller may wait for a call: every attempt's timeout and the pauses between.
  std::chrono::milliseconds budget() const {
    std::chrono::milliseconds total = settings_.timeout;
    std::chrono::milliseconds pause = settings_.backoff;
    for (unsigned i = 0; i < settings_.retries; ++i) {
      total += settings_.timeout + pause;
      pause = std::min(pause * 2, kMaxBackoff);
    }
    return total + kWaitSlack;
  }

  // The shared result of `request`: the identical GET already in flight, or a new call.
  std::shared_ptr<Pending<Response>> start(Request request) {
    stats_.calls += request.callers;
    stats_.shared += request.callers - 1;
    if (settings_.dedupe == Dedupe::loop) request.requester = nullptr;
    std::string key = request.method == Method::get ? dedupe_key(request) : std::string();
    if (!key.empty()) {
      if (auto it = in_flight_.find(key); it != in_flight_.end()) {
        ++stats_.shared;
        return it->second;
      }
    }
    auto pending = std::make_shared<Pending<Response>>(loop_, budget());
    if (!key.empty()) in_flight_.emplace(key, pending);
    asio::co_spawn(loop_, run(shared_from_this(), std::move(request), pending, std::move(key)),
                   asio::detached);
    return pending;
  }

  // A batch's merged GET, as an ordinary (deduplicated, retried) call.
  static asio::awaitable<Result<Response, CallError>> call_through(std::weak_ptr<Core> weak,
                                                                   Request request) {
    const std::shared_ptr<Core> core = weak.lock();
    if (core == nullptr) co_return CallError{CallError::Kind::unavailable, "the client is closed"};
    co_return co_await core->call(std::move(request));
  }

  static asio::awaitable<void> run(std::shared_ptr<Core> self, Request request,
                                   std::shared_ptr<Pending<Response>> pending, std::string key) {
    auto result = co_await self->send(request);
    if (result) parse_body(*result);  // once, for every caller that shares it
    if (!key.empty()) {
      auto it = self->in_flight_.find(key);
      if (it != self->in_flight_.end() && it->second == pending) self->in_flight_.erase(it);
    }
    pending->set(std::move(result));
  }

  WireRequest wire_request(const Request& request) const {
    // The fields in order; a later one replaces an earlier one of the same name: the
    // datasource's headers the defaults, a step's header the datasource's.
    const std::string host = settings_.base.host_header();
    std::vector<std::pair<std::string_view, std::string_view>> fields = {
        {"Host", host}, {"User-Agent", "stashql/" STASHQL_VERSION}, {"Accept", "application/json"}};
    const auto set = [&](std::string_view name, std::string_view value) {
      for (auto& field : fields) {
        if (beast::iequals(field.first, name)) {
          field.second = value;
          return;
        }
      }
      fields.emplace_back(name, value);
    };
    for (const auto& [name, value] : settings_.headers)
      set(name, value);
    for (const auto& [name, value] : request.headers)
      set(name, value);
    if (!request.body.empty()) set("Content-Type", "application/json");
    WireRequest wire;
    std::string& head = wire.head;
    head.reserve(256);
    head += method_name(request.method);
    head += ' ';
    head += request.target;
    head += " HTTP/1.1\r\n";
    for (const auto& [name, value] : fields) {
      head += name;
      head += ": ";
      head += value;
      head += "\r\n";
    }
    // As Beast's prepare_payload: a length for a body, and for POST and PUT even without one.
    if (!request.body.empty() || request.method == Method::post || request.method == Method::put) {
      head += "Content-Length: ";
      head += std::to_string(request.body.size());
      head += "\r\n";
    }
    head += "\r\n";
    wire.body = request.body;
    wire.is_head = request.method == Method::head;
    return wire;
  }

  // Attempts, retried when the method is idempotent and the failure may pass.
  asio::awaitable<Result<Response, CallError>> send(const Request& request) {
    const WireRequest wire = wire_request(request);
    std::chrono::milliseconds pause = settings_.backoff;
    for (unsigned attempt = 0;; ++attempt) {
      auto result = co_await attempt_once(wire, request.method);
      const bool may_pass = result ? is_retry_status(result->status)
                                   : result.error().kind != CallError::Kind::rejected;
      if (!may_pass || !is_idempotent(request.method) || attempt >= settings_.retries || closed_) {
        co_return result;
      }
      ++stats_.retries;
      if (!co_await wait_for(pause)) co_return result;
      pause = std::min(pause * 2, kMaxBackoff);
    }
  }

  // One attempt within the timeout. A kept-alive connection that turns out closed before any
  // response byte (the server dropped it as we wrote) gets the request again on a new one,
  // when sending twice is harmless.
  asio::awaitable<Result<Response, CallError>> attempt_once(const WireRequest& wire,
                                                            Method method) {
    const Clock::time_point deadline = Clock::now() + settings_.timeout;
    for (int round = 0;; ++round) {
      // (No co_await inside ?: — GCC 12 mishandles the temporaries of such coroutines.)
      const Pool::Pick pick = round == 0 ? Pool::Pick::any : Pool::Pick::new_only;
      auto lease = co_await pool_.acquire(deadline, pick);
      if (!lease) co_return lease.error();
      ++stats_.attempts;
      if (lease->reused()) ++stats_.reuses;
      auto response = co_await (*lease)->exchange(wire, settings_.max_bytes, deadline);
      if (response) {
        lease->keep();
        co_return std::move(*response);
      }
      const bool replay = round == 0 && lease->reused() && response.error().nothing_received &&
                          is_idempotent(method) && !closed_;
      if (!replay) co_return response.error().error;
    }
  }

  // A pause between attempts; false when the client closed meanwhile.
  asio::awaitable<bool> wait_for(std::chrono::milliseconds pause) {
    asio::steady_timer timer(loop_, pause);
    pauses_.push_back(&timer);
    struct Listed {
      std::list<asio::steady_timer*>& pauses;
      asio::steady_timer* timer;
      ~Listed() { pauses.remove(timer); }
    } listed{pauses_, &timer};
    co_await timer.async_wait(kUse);
    co_return !closed_;
  }

  asio::any_io_executor loop_;
  Settings settings_;
  std::unique_ptr<asio::ssl::context> tls_;
  Pool pool_;
  std::shared_ptr<BatchQueue> batches_;
  std::unordered_map<std::string, std::shared_ptr<Pending<Response>>> in_flight_;
  std::list<asio::steady_timer*> pauses_;
  Stats stats_;
  bool closed_ = false;
};

class HttpClient final : public Client {
 public:
  HttpClient(DatasourceConfig config, std::shared_ptr<Core> core)
      : config_(std::move(config)), core_(std::move(core)) {}
  ~HttpClient() override { core_->close(); }

  const DatasourceConfig& config() const override { return config_; }
  asio::awaitable<BackendHealth> check() override {
    // The core stays alive while the check runs, whatever happens to the client.
    const std::shared_ptr<Core> core = core_;
    co_return co_await core->check();
  }
  void close() override { core_->close(); }

  // Not a coroutine of its own: Core::call keeps the core alive once it starts.
  asio::awaitable<Result<Response, CallError>> call(Request request) override {
    return core_->call(std::move(request));
  }
  asio::awaitable<std::vector<Result<Response, CallError>>> call_many(
      std::vector<Request> requests) override {
    return core_->call_many(std::move(requests));
  }
  asio::awaitable<Result<Value, CallError>> call_batched(BatchCall call) override {
    const std::shared_ptr<Core> core = core_;
    co_return co_await core->call_batched(std::move(call));
  }
  const Settings& settings() const override { return core_->settings(); }
  Stats stats() const override { return core_->stats(); }

 private:
  DatasourceConfig config_;
  std::shared_ptr<Core> core_;
};

Result<Headers, std::string> headers_of(const Value& headers) {
  Headers out;
  if (!headers.is_object()) return out;
  for (const auto& [name, value] : headers.as_object()) {
    if (!is_token(name)) return "headers: \"" + name + "\" is not a header name";
    if (is_reserved_header(name)) {
      return "headers: " + name + " is set by the client itself and cannot be given";
    }
    if (!value.is_string()) return "headers." + name + " must be a string";
    if (const auto problem = header_value_problem(value.as_string()); !problem.empty()) {
      return "headers." + name + " " + std::string(problem);
    }
    out.emplace_back(name, value.as_string());
  }
  return out;
}

Result<std::unique_ptr<asio::ssl::context>, std::string> tls_context(const Settings& settings) {
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  boost::system::error_code ec;
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1,
                       ec);
  context->set_verify_mode(asio::ssl::verify_peer, ec);
  if (settings.ca_file.empty()) {
    context->set_default_verify_paths(ec);
    if (ec) return "the system's trusted certificates could not be loaded: " + ec.message();
  } else {
    context->load_verify_file(settings.ca_file, ec);
    if (ec) return "ca_file " + settings.ca_file + " could not be loaded: " + ec.message();
  }
  return context;
}

}  // namespace

Result<Settings, std::string> settings_of(const DatasourceConfig& config) {
  const Value& s = config.settings;
  Settings out;
  const Value* base_url = s.find("base_url");
  if (base_url == nullptr || !base_url->is_string()) return std::string("base_url is required");
  auto base = parse_base_url(base_url->as_string());
  if (!base) return "base_url " + base.error();
  out.base = std::move(*base);
  if (const Value* v = s.find("pool"); v != nullptr && v->is_int()) {
    out.pool = static_cast<std::size_t>(v->as_int());
  }
  if (const Value* v = s.find("timeout"); v != nullptr && v->is_number()) {
    out.timeout = milliseconds_of(*v);
  }
  if (const Value* v = s.find("connect_timeout"); v != nullptr && v->is_number()) {
    out.connect_timeout = milliseconds_of(*v);
  }
  if (const Value* v = s.find("retries"); v != nullptr && v->is_int()) {
    out.retries = static_cast<unsigned>(v->as_int());
  }
  if (const Value* v = s.find("headers"); v != nullptr) {
    auto headers = headers_of(*v);
    if (!headers) return headers.error();
    out.headers = std::move(*headers);
  }
  if (const Value* v = s.find("dedupe"); v != nullptr && v->is_bool()) {
    out.dedupe = v->as_bool() ? Dedupe::loop : Dedupe::request;
  }
  if (const Value* v = s.find("ca_file"); v != nullptr && v->is_string()) {
    out.ca_file = v->as_string();
  }
  if (const Value* v = s.find("max_bytes"); v != nullptr && v->is_int()) {
    out.max_bytes = static_cast<std::size_t>(v->as_int());
  }
  return out;
}

Result<std::unique_ptr<Backend>, std::string> make_client(const DatasourceConfig& config,
                                                          const asio::any_io_executor& loop) {
  auto settings = settings_of(config);
  if (!settings) return settings.error();
  std::unique_ptr<asio::ssl::context> tls;
  if (settings->base.scheme == Scheme::https) {
    auto context = tls_context(*settings);
    if (!context) return context.error();
    tls = std::move(*context);
  }
  auto core = std::make_shared<Core>(loop, std::move(*settings), std::move(tls));
  core->start();
  return std::unique_ptr<Backend>(std::make_unique<HttpClient>(config, std::move(core)));
}

}  // namespace stashql::http_client
