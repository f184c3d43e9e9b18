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
#include <variant>

#include "functions/core/core.hpp"
#include "functions/core/items.hpp"
#include "pipeline/base64.hpp"
#include "pipeline/page_args.hpp"

namespace stashql::functions {
namespace {

using pipeline::StepContext;
using pipeline::StepOutcome;

constexpr std::int64_t kDefaultLimit = 20;
constexpr std::int64_t kDefaultMaxLimit = 100;
constexpr std::int64_t kMaxMaxLimit = 10000;
constexpr std::string_view kTokenPrefix = "p1:";

std::string make_token(std::int64_t offset) {
  return base64_encode(std::string(kTokenPrefix) + std::to_string(offset), Base64Alphabet::url);
}

// The offset a token holds, or nullopt when it is not one this function made. Re-encoding
// the offset must give the token back, so a token with stray bits, a leading zero or a sign
// is refused rather than read loosely.
std::optional<std::int64_t> read_token(std::string_view token) {
  auto payload = base64_decode(token);
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
  PaginateFunction(ItemsArg items, pipeline::PageArgs page)
      : items_(std::move(items)), page_(std::move(page)) {}

  StepOutcome run(StepContext& context) const override {
    auto items = items_.render(context.scope);
    if (!items) return StepOutcome::error(items.error());

    const auto limit_or = page_.limit(context.scope);
    if (const auto* failed = std::get_if<StepOutcome>(&limit_or)) return *failed;
    const std::int64_t limit = std::get<std::int64_t>(limit_or);

    std::int64_t offset = 0;
    auto token = page_.next_token(context.scope);
    if (auto* failed = std::get_if<StepOutcome>(&token)) return std::move(*failed);
    if (const std::string& text = std::get<std::string>(token); !text.empty()) {
      const auto read = read_token(text);
      if (!read) return StepOutcome::fail(pipeline::bad_request("invalid nextToken"));
      offset = *read;
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
  pipeline::PageArgs page_;
};

std::unique_ptr<pipeline::UnitFunction> build(pipeline::StepArgs& args) {
  bool ok = true;
  auto items = ItemsArg::read(args);
  if (!items) ok = false;

  auto page = pipeline::PageArgs::read(
      args, pipeline::PageDefaults{kDefaultLimit, kDefaultMaxLimit, kMaxMaxLimit});
  if (!page) ok = false;

  if (!ok) return nullptr;
  return std::make_unique<PaginateFunction>(std::move(*items), std::move(*page));
}

}  // namespace

pipeline::FunctionSpec paginate_function() {
  return pipeline::FunctionSpec{
      .name = "paginate",
      .summary = "One page of the items (default: the previous result): {items, nextToken}.",
      .effect = pipeline::Effect::reads,
      .result = pipeline::ResultKind::object,
      .keys = {"items", "limit", "nextToken", "maxLimit"},
      .build = build,
  };
}

}  // namespace stashql::functions
