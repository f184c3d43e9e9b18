// One result that several calls on an event loop wait for: a deduplicated GET (every caller of
// the same request) or a merged batch (every caller of the batch). The task that computes it
// sets it once; the waiters wake, each copies what it needs. Waiting is bounded by a budget
// (the client's worst case for a call), so a task that never finishes cannot hang a request.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stashql/result.hpp>

#include "datasources/http/http_request.hpp"

namespace stashql::http_client {

template <class T>
class Pending {
 public:
  Pending(const boost::asio::any_io_executor& loop, std::chrono::milliseconds budget)
      : done_(loop, budget) {}

  // The first result wins; later ones (after close() failed the waiters) are dropped.
  void set(Result<T, CallError> result) {
    if (result_) return;
    result_ = std::move(result);
    done_.cancel();
  }
  bool has_result() const { return result_.has_value(); }
  const Result<T, CallError>& result() const { return *result_; }

  // Waits for the result; the error when the budget ran out or the wait was cancelled first.
  // On success, read result().
  boost::asio::awaitable<std::optional<CallError>> wait() {
    if (result_) co_return std::nullopt;
    const auto [ec] = co_await done_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (result_) co_return std::nullopt;
    if (!ec) co_return CallError{CallError::Kind::timeout, "the call did not finish in time"};
    co_return CallError{CallError::Kind::unavailable, "the call was cancelled"};
  }

 private:
  boost::asio::steady_timer done_;  // cancelled when the result is set; expires at the budget
  std::optional<Result<T, CallError>> result_;
};

}  // namespace stashql::http_client
