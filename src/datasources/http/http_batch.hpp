// Batching of the `http` function (`batch: {key: id, path: id}`): the GETs that differ only in
// one query parameter, issued in the same event-loop turn (and the turns that follow while
// more keep coming, a bounded number of times), leave as ONE GET with that parameter repeated
// (`/users?id=1&id=2`); the response is a list, and each caller gets the item whose `path`
// holds its key. The N+1 pattern of a list field whose items each fetch their owner becomes
// one call, as DataLoader does in JavaScript servers. The URL building and the spreading are
// pure (tested without sockets); BatchQueue is the thin event-loop part.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <stashql/result.hpp>
#include <stashql/value.hpp>

#include "datasources/http/http_pending.hpp"
#include "datasources/http/http_request.hpp"

namespace stashql::http_client {

// A batched call's target around its key parameter, every part already encoded.
struct BatchForm {
  std::string path;      // the joined path
  std::string before;    // the query parameters written before the key, `a=1&b=2`
  std::string key_name;  // the key parameter's name, encoded
  std::string after;     // the query parameters written after it
};

// The target of one merged GET: the key repeated once per key, in order, where the step put it.
std::string batch_target(const BatchForm& form, const std::vector<std::string>& keys);

// Each key's item from the merged response (a list): the first item whose value at `key_path`
// reads as the key's text, or null. The error says the response is not a list.
Result<std::vector<Value>, std::string> spread_by_key(Value response, const SelectPath& key_path,
                                                      const std::vector<std::string>& keys);

// One caller's part of a batch.
struct BatchCall {
  Request request;  // a GET: its headers and requester (the target comes from `form`)
  BatchForm form;
  std::string key;               // this caller's key, as text
  SelectPath key_path;           // where an item of the response holds its key
  SelectPath select;             // where the list is in the response (empty: the whole)
  std::vector<unsigned> expect;  // statuses the merged GET may answer (empty: any 2xx)
  std::size_t max_keys = 100;    // keys per merged GET; more make another GET
};

// The batches of one client on one event loop. Not thread-safe: used from its loop only.
class BatchQueue : public std::enable_shared_from_this<BatchQueue> {
 public:
  // How a merged GET is sent (the client's deduplicated call, with retries).
  using Fetch = std::function<boost::asio::awaitable<Result<Response, CallError>>(Request request)>;

  // `budget` bounds how long a caller waits for its batch (the client's worst case for a call).
  BatchQueue(boost::asio::any_io_executor loop, Fetch fetch, std::chrono::milliseconds budget);

  // This caller's item, or the batch's error (the status, the response not a list, …).
  boost::asio::awaitable<Result<Value, CallError>> add(BatchCall call);
  // Fails pending callers and refuses new ones.
  void close();

  std::uint64_t merged_calls() const { return merged_calls_; }

 private:
  using Outcome = Pending<std::vector<Value>>;
  struct Group;

  void schedule_flush();
  void flush();
  void start(std::shared_ptr<Group> group);
  static boost::asio::awaitable<void> run(std::shared_ptr<BatchQueue> self,
                                          std::shared_ptr<Group> group);

  boost::asio::any_io_executor loop_;
  Fetch fetch_;
  std::chrono::milliseconds budget_;
  std::unordered_map<std::string, std::shared_ptr<Group>> pending_;
  std::vector<std::shared_ptr<Outcome>> running_;  // for close()
  bool flush_posted_ = false;
  unsigned reposts_ = 0;
  std::size_t keys_at_post_ = 0;
  std::size_t pending_keys_ = 0;
  std::uint64_t merged_calls_ = 0;
  bool closed_ = false;
};

}  // namespace stashql::http_client
