// `append_error`: adds an error to the response and goes on, so the field keeps its value
// (partial data, as AppSync's appendError) — a warning the client should see.
#include <memory>
#include <utility>

#include "functions/core/core.hpp"
#include "functions/core/error_template.hpp"

namespace stashql::functions {
namespace {

using pipeline::StepContext;
using pipeline::StepOutcome;

class AppendErrorFunction final : public pipeline::UnitFunction {
 public:
  explicit AppendErrorFunction(ErrorTemplate error) : error_(std::move(error)) {}

  StepOutcome run(StepContext& context) const override {
    auto error = error_.render(context.scope);
    if (!error) return StepOutcome::error(error.error());
    // With no list to add to (a caller that collects no errors) the error has nowhere to go;
    // the step still goes on, as it would have.
    if (context.errors != nullptr) context.errors->push_back(std::move(*error));
    return StepOutcome::keep();
  }

 private:
  ErrorTemplate error_;
};

}  // namespace

pipeline::FunctionSpec append_error_function() {
  return pipeline::FunctionSpec{
      .name = "append_error",
      .summary = "Adds `error` ({type, message, data}) to the response and goes on.",
      .effect = pipeline::Effect::reads,
      .keys = {"error"},
      .build = [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        auto error = ErrorTemplate::read(args);
        if (!error) return nullptr;
        return std::make_unique<AppendErrorFunction>(std::move(*error));
      },
  };
}

}  // namespace stashql::functions
