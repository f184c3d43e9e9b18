// What the list functions (filter, map, sort, paginate) share: the `items` key — a template
// for the list to work on, or the previous step's result when the step names none — and
// binding the `item` root while they walk it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <stashql/expression.hpp>
#include <stashql/result.hpp>
#include <stashql/unit_function.hpp>
#include <stashql/value.hpp>

namespace stashql::functions {

class ItemsArg {
 public:
  // Reads `items` when the step has it; nullopt after an error has been reported.
  static std::optional<ItemsArg> read(pipeline::StepArgs& args);

  // The list to work on. Null reads as an empty list (a lookup that found nothing); any other
  // non-list is an error "items must be a list, got a string".
  Result<expr::Evaluated, std::string> render(const expr::Scope& scope) const;

 private:
  std::optional<expr::ValueTemplate> template_;  // none: prev.result
};

// Points the scope's `item` root at each item in turn and puts the previous one back when it
// goes out of scope — on every return, errors included — so `item` is always the innermost
// walk's item and a walk nested in another leaves the outer item as it found it.
class ItemBinding {
 public:
  explicit ItemBinding(expr::Scope& scope) : scope_(scope), saved_(scope.get(expr::Root::item)) {}
  ~ItemBinding() { scope_.set(expr::Root::item, saved_); }
  ItemBinding(const ItemBinding&) = delete;
  ItemBinding& operator=(const ItemBinding&) = delete;

  void bind(const Value& item) { scope_.set(expr::Root::item, &item); }

 private:
  expr::Scope& scope_;
  const Value* saved_;
};

}  // namespace stashql::functions
