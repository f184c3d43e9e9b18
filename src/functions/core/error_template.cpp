// Reading and rendering the `error:` mapping of fail and append_error.
#include "functions/core/error_template.hpp"

#include <utility>

#include "pipeline/config.hpp"

namespace stashql::functions {
namespace {

using pipeline::Presence;

constexpr std::string_view kDefaultType = "Error";

}  // namespace

std::optional<ErrorTemplate> ErrorTemplate::read(pipeline::StepArgs& args) {
  auto error = args.mapping("error", Presence::required, {"type", "message", "data"});
  if (error == nullptr) return std::nullopt;
  bool ok = true;
  ErrorTemplate out;
  auto type = error->word("type", Presence::optional);
  if (type) {
    // Error types are words a client switches on (NotFound, QUOTA_EXCEEDED): names.
    if (config::is_name(*type)) {
      out.type_ = std::move(*type);
    } else {
      error->error("type", "must be a name such as NotFound, not \"" + *type + "\"");
      ok = false;
    }
  } else if (error->has("type")) {
    ok = false;
  } else {
    out.type_ = kDefaultType;
  }
  auto message = error->value("message", Presence::required);
  if (message) {
    out.message_ = std::move(*message);
  } else {
    ok = false;
  }
  if (error->has("data")) {
    out.data_ = error->value("data", Presence::required);
    if (!out.data_) ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

Result<FieldError, std::string> ErrorTemplate::render(const expr::Scope& scope) const {
  auto message = message_.render(scope);
  if (!message) return {boost::system::in_place_error, "error.message: " + message.error().message};
  FieldError out;
  if ((*message)->is_string()) {
    Value text = std::move(*message).take();
    out.message = std::move(text.as_string());
  } else {
    expr::append_as_text(out.message, **message);
  }
  out.extensions["code"] = type_;
  if (data_) {
    auto data = data_->render(scope);
    if (!data) return {boost::system::in_place_error, "error.data: " + data.error().message};
    out.extensions["data"] = std::move(*data).take();
  }
  return out;
}

}  // namespace stashql::functions
