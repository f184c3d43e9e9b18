// The wording of the core functions' run-time errors.
#include "functions/core/run_errors.hpp"

#include <string>
#include <utility>

namespace stashql::functions {

pipeline::StepOutcome key_error(std::string_view key, std::string_view message) {
  std::string text(key);
  text += ": ";
  text += message;
  return pipeline::StepOutcome::error(std::move(text));
}

}  // namespace stashql::functions
