// The defaults of the unit-function interface: a synchronous function implements run(); an
// asynchronous one implements run_async() and says so with is_async(), and may implement
// run_batch_async() for many items at once.
#include <string>
#include <utility>

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include <stashql/unit_function.hpp>

#include "graphql/task_group.hpp"

namespace stashql::pipeline {

StepOutcome StepOutcome::key_error(std::string_view key, std::string_view message) {
  std::string text(key);
  text += ": ";
  text += message;
  return error(std::move(text));
}

StepOutcome UnitFunction::run(StepContext& /*context*/) const {
  // The runtime calls run() only when is_async() is false: reaching here means a function
  // said it was synchronous without implementing run().
  return StepOutcome::error("this unit function runs only asynchronously");
}

boost::asio::awaitable<StepOutcome> UnitFunction::run_async(StepContext& context) const {
  co_return run(context);
}

boost::asio::awaitable<void> UnitFunction::run_batch_async(std::span<StepContext* const> contexts,
                                                           std::span<StepOutcome> out) const {
  if (contexts.size() == 1) {
    out[0] = co_await run_async(*contexts[0]);
    co_return;
  }
  bool cancelled = false;
  {
    detail::TaskGroup group(co_await boost::asio::this_coro::executor);
    for (std::size_t i = 0; i < contexts.size(); ++i) {
      group.spawn(run_async(*contexts[i]), &out[i], StepOutcome::error("the step did not finish"));
    }
    co_await group.join(cancelled);
  }
  // The join took the cancellation in; the batch ends as a cancelled call would.
  if (cancelled) throw boost::system::system_error(boost::asio::error::operation_aborted);
}

}  // namespace stashql::pipeline
