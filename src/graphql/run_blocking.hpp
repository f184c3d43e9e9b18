// Runs a coroutine to completion on a private io_context, for tools and tests that have no
// event loop of their own (Engine::run, execute_blocking). An exception it ends with is
// rethrown to the caller.
#pragma once

#include <exception>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace stashql::detail {

template <class T>
T run_blocking(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  T result{};
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    failure = std::move(e);
    result = std::move(value);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return result;
}

}  // namespace stashql::detail
