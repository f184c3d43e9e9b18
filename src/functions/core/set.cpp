// `set`: a step whose result is a value built from templates — a new object to store, a
// constant, a reshaped copy of earlier results.
#include <memory>
#include <utility>

#include "functions/core/core.hpp"

namespace stashql::functions {
namespace {

using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;

class SetFunction final : public pipeline::UnitFunction {
 public:
  explicit SetFunction(expr::ValueTemplate value) : value_(std::move(value)) {}

  StepOutcome run(StepContext& context) const override {
    auto rendered = value_.render(context.scope);
    if (!rendered) return StepOutcome::key_error("value", rendered.error().message);
    return StepOutcome::next(std::move(*rendered).take());
  }

 private:
  expr::ValueTemplate value_;
};

}  // namespace

pipeline::FunctionSpec set_function() {
  return pipeline::FunctionSpec{
      .name = "set",
      .summary = "The step's result is `value`, rendered.",
      .effect = pipeline::Effect::reads,
      .keys = {"value"},
      .build = [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        auto value = args.value("value", Presence::required);
        if (!value) return nullptr;
        return std::make_unique<SetFunction>(std::move(*value));
      },
  };
}

}  // namespace stashql::functions
