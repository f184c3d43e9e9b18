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

  // Waits for the result (co_await it, unless has_result()); then outcome() says what came of
  // it. Not a coroutine: a call shared by a hundred callers waits in a hundred frames already.
  auto wait() { return done_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable)); }
  // After wait(): nothing when the result is there (read result()), else the error: the budget
  // ran out, or the wait was cancelled first.
  std::optional<CallError> outcome(std::tuple<boost::system::error_code> waited) const {
    if (result_) return std::nullopt;
    if (!std::get<0>(waited)) {
      return CallError{CallError::Kind::timeout, "the call did not finish in time"};
    }
    return CallError{CallError::Kind::unavailable, "the call was cancelled"};
  }

 private:
  boost::asio::steady_timer done_;  // cancelled when the result is set; expires at the budget
  std::optional<Result<T, CallError>> result_;
};

}  // namespace stashql::http_client
