// `return`: ends the pipeline (or the function being called) early with a value; the steps
// after it do not run. Usually guarded by `if:` — a cache hit, an empty lookup.
#include <memory>
#include <optional>
#include <utility>

#include "functions/core/core.hpp"

namespace stashql::functions {
namespace {

using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;

class ReturnFunction final : public pipeline::UnitFunction {
 public:
  explicit ReturnFunction(std::optional<expr::ValueTemplate> value) : value_(std::move(value)) {}

  StepOutcome run(StepContext& context) const override {
    if (!value_) return StepOutcome::finish(context.prev());
    auto rendered = value_->render(context.scope);
    if (!rendered) return StepOutcome::key_error("value", rendered.error().message);
    return StepOutcome::finish(std::move(*rendered).take());
  }

 private:
  std::optional<expr::ValueTemplate> value_;  // none: prev.result
};

}  // namespace

pipeline::FunctionSpec return_function() {
  return pipeline::FunctionSpec{
      .name = "return",
      .summary = "Ends the pipeline with `value` (default: the previous step's result).",
      .effect = pipeline::Effect::reads,
      .keys = {"value"},
      .build = [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        std::optional<expr::ValueTemplate> value;
        if (args.has("value")) {
          value = args.value("value", Presence::required);
          if (!value) return nullptr;
        }
        return std::make_unique<ReturnFunction>(std::move(value));
      },
  };
}

}  // namespace stashql::functions
