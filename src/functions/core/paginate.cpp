// `paginate`: one page of a list and an opaque token for the next one — the
// `{items, nextToken}` shape of AppSync and of redis.zrange, for lists a pipeline already
// holds. The token is base64url of a versioned payload ("p1:<offset>"): clients must not
// build it, and a later version can change what it holds while still reading this one.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "functions/core/core.hpp"
#include "functions/core/items.hpp"
#include "functions/paging.hpp"

namespace stashql::functions {
namespace {

using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;

constexpr std::int64_t kDefaultLimit = 20;
constexpr std::int64_t kDefaultMaxLimit = 100;
constexpr std::int64_t kMaxMaxLimit = 10000;
constexpr std::string_view kTokenPrefix = "p1:";

std::string make_token(std::int64_t offset) {
  return base64url_encode(std::string(kTokenPrefix) + std::to_string(offset));
}

// The offset a token holds, or nullopt when it is not one this function made. Re-encoding
// the offset must give the token back, so a token with stray bits, a leading zero or a sign
// is refused rather than read loosely.
std::optional<std::int64_t> read_token(std::string_view token) {
  auto payload = base64url_decode(token);
  if (!payload || !payload->starts_with(kTokenPrefix)) return std::nullopt;
  const std::string_view digits = std::string_view(*payload).substr(kTokenPrefix.size());
  std::int64_t offset = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
  if (ec != std::errc() || end != digits.data() + digits.size() || offset < 0) {
    return std::nullopt;
  }
  if (make_token(offset) != token) return std::nullopt;
  return offset;
}

class PaginateFunction final : public pipeline::UnitFunction {
 public:
  PaginateFunction(ItemsArg items, std::optional<expr::ValueTemplate> limit,
                   std::optional<expr::ValueTemplate> next_token, std::int64_t max_limit)
      : items_(std::move(items)),
        limit_(std::move(limit)),
        next_token_(std::move(next_token)),
        max_limit_(max_limit) {}

  StepOutcome run(StepContext& context) const override {
    auto items = items_.render(context.scope);
    if (!items) return StepOutcome::error(items.error());

    std::int64_t limit = std::min(kDefaultLimit, max_limit_);
    if (limit_) {
      auto rendered = limit_->render(context.scope);
      if (!rendered) return StepOutcome::key_error("limit", rendered.error().message);
      // A null limit is an optional argument the client left out: the default applies.
      if (!(*rendered)->is_null()) {
        const auto whole = as_whole(**rendered);
        if (!whole || *whole < 0 || *whole > max_limit_) {
          return StepOutcome::fail(
              bad_request("limit must be between 0 and " + std::to_string(max_limit_)));
        }
        limit = *whole;
      }
    }

    std::int64_t offset = 0;
    if (next_token_) {
      auto rendered = next_token_->render(context.scope);
      if (!rendered) return StepOutcome::key_error("nextToken", rendered.error().message);
      const Value& token = **rendered;
      // Null or "" is the first page: clients often send an empty token to start.
      if (token.is_string() && !token.as_string().empty()) {
        const auto read = read_token(token.as_string());
        if (!read) return StepOutcome::fail(bad_request("invalid nextToken"));
        offset = *read;
      } else if (!token.is_null() && !token.is_string()) {
        return StepOutcome::fail(bad_request("invalid nextToken"));
      }
    }

    const List& list = (*items)->as_list();
    const auto size = static_cast<std::int64_t>(list.size());
    const std::int64_t begin = std::min(offset, size);
    const std::int64_t end = begin + std::min(limit, size - begin);
    List page;
    page.reserve(static_cast<std::size_t>(end - begin));
    if (items->is_ref()) {
      for (std::int64_t i = begin; i < end; ++i)
        page.push_back(list[static_cast<std::size_t>(i)]);
    } else {
      Value all = std::move(*items).take();
      List& source = all.as_list();
      for (std::int64_t i = begin; i < end; ++i) {
        page.push_back(std::move(source[static_cast<std::size_t>(i)]));
      }
    }

    Value result = Object{};
    result["items"] = Value(std::move(page));
    // A limit of 0 asks for no items: the token stays where it was, unless that is the end.
    result["nextToken"] = end < size ? Value(make_token(end)) : Value();
    return StepOutcome::next(std::move(result));
  }

 private:
  ItemsArg items_;
  std::optional<expr::ValueTemplate> limit_;       // none: the default
  std::optional<expr::ValueTemplate> next_token_;  // none: the first page
  std::int64_t max_limit_;
};

std::unique_ptr<pipeline::UnitFunction> build(pipeline::StepArgs& args) {
  bool ok = true;
  auto items = ItemsArg::read(args);
  if (!items) ok = false;

  std::int64_t max_limit = kDefaultMaxLimit;
  if (args.has("maxLimit")) {
    auto read = args.integer("maxLimit", Presence::required, 1, kMaxMaxLimit);
    if (read) {
      max_limit = *read;
    } else {
      ok = false;
    }
  }

  std::optional<expr::ValueTemplate> limit;
  if (args.has("limit")) {
    limit = args.value("limit", Presence::required);
    if (!limit) {
      ok = false;
    } else if (limit->is_constant()) {
      // A limit written as a number is checked now rather than on every request.
      auto value = limit->render(expr::Scope{});
      const auto whole = value ? as_whole(**value) : std::nullopt;
      if (value && !(*value)->is_null() && (!whole || *whole < 0 || *whole > max_limit)) {
        args.error("limit",
                   "must be an integer between 0 and " + std::to_string(max_limit) + " (maxLimit)");
        ok = false;
      }
    }
  }

  std::optional<expr::ValueTemplate> next_token;
  if (args.has("nextToken")) {
    next_token = args.value("nextToken", Presence::required);
    if (!next_token) ok = false;
  }

  if (!ok) return nullptr;
  return std::make_unique<PaginateFunction>(std::move(*items), std::move(limit),
                                            std::move(next_token), max_limit);
}

}  // namespace

pipeline::FunctionSpec paginate_function() {
  return pipeline::FunctionSpec{
      .name = "paginate",
      .summary = "One page of the items (default: the previous result): {items, nextToken}.",
      .effect = pipeline::Effect::reads,
      .keys = {"items", "limit", "nextToken", "maxLimit"},
      .build = build,
  };
}

}  // namespace stashql::functions
