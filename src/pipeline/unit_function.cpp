// The defaults of the unit-function interface: a synchronous function implements run(); an
// asynchronous one implements run_async() and says so with is_async().
#include <string>
#include <utility>

#include <stashql/unit_function.hpp>

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

}  // namespace stashql::pipeline
