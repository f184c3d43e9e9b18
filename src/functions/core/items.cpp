// The `items` key of the list functions.
#include "functions/core/items.hpp"

#include <utility>

namespace stashql::functions {

using pipeline::Presence;

std::optional<ItemsArg> ItemsArg::read(pipeline::StepArgs& args) {
  ItemsArg items;
  if (!args.has("items")) return items;
  items.template_ = args.value("items", Presence::required);
  if (!items.template_) return std::nullopt;
  return items;
}

Result<expr::Evaluated, std::string> ItemsArg::render(const expr::Scope& scope) const {
  expr::Evaluated items;
  if (template_) {
    auto rendered = template_->render(scope);
    if (!rendered) return "items: " + rendered.error().message;
    items = std::move(*rendered);
  } else {
    const Value* prev = scope.get(expr::Root::prev);
    items = expr::Evaluated::ref(prev != nullptr ? *prev : null_value());
  }
  if (items->is_null()) return expr::Evaluated::of(List{});
  if (!items->is_list()) {
    return "items must be a list, got " + std::string(expr::describe_kind(*items));
  }
  return items;
}

}  // namespace stashql::functions
