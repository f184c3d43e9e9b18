// The arguments of paged functions (see page_args.hpp).
#include "pipeline/page_args.hpp"

#include <algorithm>
#include <utility>

namespace stashql::pipeline {

std::optional<std::int64_t> as_whole(const Value& v) {
  if (v.is_int()) return v.as_int();
  if (v.is_double()) {
    const double d = v.as_double();
    // Out of int64 range is out of any allowed range: it reads as "not a limit".
    if (d >= -9.2e18 && d <= 9.2e18 && d == static_cast<double>(static_cast<std::int64_t>(d))) {
      return static_cast<std::int64_t>(d);
    }
  }
  return std::nullopt;
}

FieldError bad_request(std::string message) {
  Value extensions;
  extensions["code"] = "BadRequest";
  return FieldError{std::move(message), std::move(extensions)};
}

std::optional<PageArgs> PageArgs::read(StepArgs& args, PageDefaults defaults) {
  bool ok = true;
  PageArgs out;
  out.max_limit_ = defaults.max_limit;
  if (args.has("maxLimit")) {
    auto read = args.integer("maxLimit", Presence::required, 1, defaults.max_max_limit);
    if (read) {
      out.max_limit_ = *read;
    } else {
      ok = false;
    }
  }
  out.default_limit_ = std::min(defaults.limit, out.max_limit_);

  if (args.has("limit")) {
    out.limit_ = args.value("limit", Presence::required);
    if (!out.limit_) {
      ok = false;
    } else if (out.limit_->is_constant()) {
      // A limit written as a number is checked now rather than on every request.
      auto value = out.limit_->render(expr::Scope{});
      const auto whole = value ? as_whole(**value) : std::nullopt;
      if (value && !(*value)->is_null() && (!whole || *whole < 0 || *whole > out.max_limit_)) {
        args.error("limit", "must be an integer between 0 and " + std::to_string(out.max_limit_) +
                                " (maxLimit)");
        ok = false;
      }
    }
  }

  if (args.has("nextToken")) {
    out.next_token_ = args.value("nextToken", Presence::required);
    if (!out.next_token_) ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::variant<std::int64_t, StepOutcome> PageArgs::limit(const expr::Scope& scope) const {
  if (!limit_) return default_limit_;
  auto rendered = limit_->render(scope);
  if (!rendered) return StepOutcome::key_error("limit", rendered.error().message);
  // A null limit is an optional argument the client left out: the default applies.
  if ((*rendered)->is_null()) return default_limit_;
  const auto whole = as_whole(**rendered);
  if (!whole || *whole < 0 || *whole > max_limit_) {
    return StepOutcome::fail(
        bad_request("limit must be between 0 and " + std::to_string(max_limit_)));
  }
  return *whole;
}

std::variant<std::string, StepOutcome> PageArgs::next_token(const expr::Scope& scope) const {
  if (!next_token_) return std::string();
  auto rendered = next_token_->render(scope);
  if (!rendered) return StepOutcome::key_error("nextToken", rendered.error().message);
  const Value& token = **rendered;
  // Null or "" is the first page: clients often send an empty token to start.
  if (token.is_null()) return std::string();
  if (!token.is_string()) return StepOutcome::fail(bad_request("invalid nextToken"));
  return token.as_string();
}

}  // namespace stashql::pipeline
