// Children spawned on one executor and joined: the executor's sibling fields and list items,
// and a pipeline step's items when its function has no batch of its own. The executor runs
// one thread at a time (one io_context per thread), so the counter needs no lock. If the
// joining coroutine is cancelled, the cancellation is passed to the children and the join
// still waits for them: they use the joining frame's memory.
#pragma once

#include <cstddef>
#include <deque>
#include <exception>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace stashql::detail {

class TaskGroup {
 public:
  explicit TaskGroup(const boost::asio::any_io_executor& io)
      : timer_(io, boost::asio::steady_timer::time_point::max()) {}
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  // Starts `task`, which writes its value to `*result` when it ends (`failed` if it threw).
  // Nothing may be awaited between the first spawn and join(): the children use memory that
  // a coroutine unwinding past the join would free.
  //
  // A task that spawns children of its own must begin by turning asio's throw-on-cancelled
  // off: a co_await that threw because the request was cancelled would leave them running
  // on a frame that is gone.
  template <class T>
  void spawn(boost::asio::awaitable<T> task, T* result, T failed) {
    Child& child = children_.emplace_back();
    ++pending_;
    boost::asio::co_spawn(
        timer_.get_executor(), std::move(task),
        boost::asio::bind_cancellation_slot(child.signal.slot(),
                                            [this, &child, result, failed = std::move(failed)](
                                                const std::exception_ptr& e, T value) {
                                              child.finished = true;
                                              if (e && !failure_) failure_ = e;
                                              *result = e ? std::move(failed) : std::move(value);
                                              if (--pending_ == 0) timer_.cancel();
                                            }));
  }

  // Waits for every child; sets `cancelled` if the joining coroutine was cancelled meanwhile.
  // Rethrows the first exception a child threw, once all are done.
  boost::asio::awaitable<void> join(bool& cancelled) {
    namespace asio = boost::asio;
    while (pending_ > 0) {
      // The joining coroutine's cancellation (a request timeout, a closed connection) may come
      // before or during the wait: either way it goes to the children, and the wait goes on.
      asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
      if (state.cancelled() != asio::cancellation_type::none) {
        cancelled = true;
        co_await asio::this_coro::reset_cancellation_state();
        for (Child& c : children_) {
          if (!c.finished) c.signal.emit(asio::cancellation_type::terminal);
        }
        continue;
      }
      co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  struct Child {
    boost::asio::cancellation_signal signal;
    bool finished = false;
  };
  boost::asio::steady_timer timer_;
  std::deque<Child> children_;
  std::size_t pending_ = 0;
  std::exception_ptr failure_;
};

}  // namespace stashql::detail
