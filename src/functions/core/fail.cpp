// `fail`: the field fails with an error the client sees (`extensions.code` = the error's
// type) and nothing after the step runs — a missing record, an exceeded quota.
#include <memory>
#include <utility>

#include "functions/core/core.hpp"
#include "functions/core/error_template.hpp"

namespace stashql::functions {
namespace {

using pipeline::StepContext;
using pipeline::StepOutcome;

class FailFunction final : public pipeline::UnitFunction {
 public:
  explicit FailFunction(ErrorTemplate error) : error_(std::move(error)) {}

  StepOutcome run(StepContext& context) const override {
    auto error = error_.render(context.scope);
    if (!error) return StepOutcome::error(error.error());
    return StepOutcome::fail(std::move(*error));
  }

 private:
  ErrorTemplate error_;
};

}  // namespace

pipeline::FunctionSpec fail_function() {
  return pipeline::FunctionSpec{
      .name = "fail",
      .summary = "Fails the field with `error` ({type, message, data}); nothing more runs.",
      .effect = pipeline::Effect::reads,
      .keys = {"error"},
      .build = [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        auto error = ErrorTemplate::read(args);
        if (!error) return nullptr;
        return std::make_unique<FailFunction>(std::move(*error));
      },
  };
}

}  // namespace stashql::functions
