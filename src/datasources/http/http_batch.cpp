// Batching of `http` GETs by a key parameter (see http_batch.hpp).
#include "datasources/http/http_batch.hpp"

#include <cstdint>
#include <string_view>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <stashql/expression.hpp>

namespace stashql::http_client {
namespace {

namespace asio = boost::asio;

// How many more turns a flush waits while new keys keep arriving. Sibling fields and list items
// start over a few turns (each spawned coroutine first runs on a later turn); a bound keeps a
// steady trickle of calls from delaying a batch for ever.
constexpr unsigned kMaxReposts = 16;

std::string join_path_text(const SelectPath& path) {
  std::string out;
  for (const std::string& segment : path) {
    if (!out.empty()) out += '.';
    out += segment;
  }
  return out;
}

// Calls that may share one merged GET have the same id: everything but their key.
std::string group_id(const BatchCall& call) {
  std::string id;
  const auto add = [&](std::string_view part) {
    id += part;
    id += '\0';
  };
  add(call.form.path);
  add(call.form.before);
  add(call.form.key_name);
  add(call.form.after);
  add(join_path_text(call.key_path));
  add(join_path_text(call.select));
  for (const unsigned status : call.expect)
    add(std::to_string(status));
  add(std::to_string(call.max_keys));
  for (const auto& [name, value] : call.request.headers) {
    add(name);
    add(value);
  }
  add(std::to_string(reinterpret_cast<std::uintptr_t>(call.request.requester)));
  return id;
}

}  // namespace

std::string batch_target(const BatchForm& form, const std::vector<std::string>& keys) {
  std::string query = form.before;
  for (const std::string& key : keys) {
    if (!query.empty()) query += '&';
    query += form.key_name;
    query += '=';
    query += encode_component(key);
  }
  if (!form.after.empty()) {
    if (!query.empty()) query += '&';
    query += form.after;
  }
  return with_query(form.path, query);
}

Result<std::vector<Value>, std::string> spread_by_key(Value response, const SelectPath& key_path,
                                                      const std::vector<std::string>& keys) {
  if (!response.is_list()) {
    return "the batched response is " + std::string(expr::describe_kind(response)) + ", not a list";
  }
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    index.emplace(keys[i], i);
  std::vector<Value> out(keys.size());
  std::vector<bool> filled(keys.size(), false);
  for (Value& item : response.as_list()) {
    const Value* key = find_path(item, key_path);
    if (key == nullptr) continue;
    const auto text = scalar_text(*key);
    if (!text) continue;
    const auto it = index.find(*text);
    // The first item with a key wins: a response that repeats an item gives each caller one.
    if (it == index.end() || filled[it->second]) continue;
    out[it->second] = std::move(item);
    filled[it->second] = true;
  }
  return out;
}

struct BatchQueue::Group {
  BatchCall first;  // what every caller of the group shares (its key is keys[0])
  std::vector<std::string> keys;
  std::unordered_map<std::string, std::size_t> index;  // key → position in keys
  std::shared_ptr<Outcome> outcome;
};

BatchQueue::BatchQueue(asio::any_io_executor loop, Fetch fetch, std::chrono::milliseconds budget)
    : loop_(std::move(loop)), fetch_(std::move(fetch)), budget_(budget) {}

asio::awaitable<Result<Value, CallError>> BatchQueue::add(BatchCall call) {
  if (closed_) co_return CallError{CallError::Kind::unavailable, "the client is closed"};
  std::string id = group_id(call);
  std::shared_ptr<Group>& slot = pending_[id];
  if (!slot) {
    slot = std::make_shared<Group>();
    slot->outcome = std::make_shared<Outcome>(loop_, budget_);
    slot->first = call;
  }
  const std::shared_ptr<Group> group = slot;
  const auto [at, inserted] = group->index.try_emplace(call.key, group->keys.size());
  const std::size_t position = at->second;
  if (inserted) {
    group->keys.push_back(std::move(call.key));
    ++pending_keys_;
  }
  const std::shared_ptr<Outcome> outcome = group->outcome;
  if (group->keys.size() >= group->first.max_keys) {
    // A full batch leaves now; the next caller with this form starts another.
    pending_.erase(id);
    start(group);
  } else {
    schedule_flush();
  }

  if (!outcome->has_result()) {
    if (auto failed = outcome->outcome(co_await outcome->wait())) co_return std::move(*failed);
  }
  if (!outcome->result()) co_return outcome->result().error();
  // Each caller gets its own copy: the stash of one field must not alias another's.
  co_return Value((*outcome->result())[position]);
}

void BatchQueue::schedule_flush() {
  if (flush_posted_) return;
  flush_posted_ = true;
  reposts_ = 0;
  keys_at_post_ = pending_keys_;
  asio::post(loop_, [self = shared_from_this()] { self->flush(); });
}

void BatchQueue::flush() {
  if (closed_) {
    flush_posted_ = false;
    return;
  }
  if (pending_keys_ > keys_at_post_ && reposts_ < kMaxReposts) {
    ++reposts_;
    keys_at_post_ = pending_keys_;
    asio::post(loop_, [self = shared_from_this()] { self->flush(); });
    return;
  }
  flush_posted_ = false;
  pending_keys_ = 0;
  auto groups = std::move(pending_);
  pending_.clear();
  for (auto& [id, group] : groups)
    start(group);
}

void BatchQueue::start(std::shared_ptr<Group> group) {
  ++merged_calls_;
  std::erase_if(running_, [](const auto& o) { return o->has_result(); });
  running_.push_back(group->outcome);
  asio::co_spawn(loop_, run(shared_from_this(), std::move(group)), asio::detached);
}

asio::awaitable<void> BatchQueue::run(std::shared_ptr<BatchQueue> self,
                                      std::shared_ptr<Group> group) {
  const BatchCall& form = group->first;
  Request request = form.request;
  request.method = Method::get;
  request.target = batch_target(form.form, group->keys);
  auto response = co_await self->fetch_(std::move(request));
  Outcome& outcome = *group->outcome;
  if (outcome.has_result()) co_return;  // closed meanwhile
  const std::string call_name =
      "GET " + form.form.path + " (batch of " + std::to_string(group->keys.size()) + ")";
  if (!response) {
    outcome.set(response.error());
  } else if (!is_expected(response->status, form.expect)) {
    outcome.set(
        CallError{CallError::Kind::rejected, call_name + " → " + std::to_string(response->status)});
  } else if (auto body = read_body(*response); !body) {
    outcome.set(CallError{CallError::Kind::rejected, call_name + ": " + body.error()});
  } else {
    auto items = spread_by_key(select(std::move(*body), form.select), form.key_path, group->keys);
    if (items) {
      outcome.set(std::move(*items));
    } else {
      outcome.set(CallError{CallError::Kind::rejected, call_name + ": " + items.error()});
    }
  }
}

void BatchQueue::close() {
  if (closed_) return;
  closed_ = true;
  const auto fail = [](Outcome& outcome) {
    outcome.set(CallError{CallError::Kind::unavailable, "the client was closed"});
  };
  for (auto& [id, group] : pending_)
    fail(*group->outcome);
  pending_.clear();
  for (auto& outcome : running_)
    fail(*outcome);
  running_.clear();
}

}  // namespace stashql::http_client
