// The `error: {type, message, data}` mapping that fail and append_error share: read and
// checked once at load time, rendered per request into the FieldError the client sees
// ({"message": …, "extensions": {"code": type, "data": …}}).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <stashql/expression.hpp>
#include <stashql/resolver.hpp>
#include <stashql/result.hpp>
#include <stashql/unit_function.hpp>

namespace stashql::functions {

class ErrorTemplate {
 public:
  // Reads the step's `error` mapping; nullopt after an error has been reported.
  static std::optional<ErrorTemplate> read(pipeline::StepArgs& args);

  // The error as the client sees it, or the text of a run-time error when a template fails.
  Result<FieldError, std::string> render(const expr::Scope& scope) const;

 private:
  std::string type_;
  expr::ValueTemplate message_;
  std::optional<expr::ValueTemplate> data_;
};

}  // namespace stashql::functions
