// `filter`: the items of a list for which `where` holds (JavaScript truthiness), in their
// order. `where` reads the current item as `item`.
#include <memory>
#include <utility>
#include <vector>

#include "functions/core/core.hpp"
#include "functions/core/items.hpp"

namespace stashql::functions {
namespace {

using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;

class FilterFunction final : public pipeline::UnitFunction {
 public:
  FilterFunction(ItemsArg items, expr::Expression where)
      : items_(std::move(items)), where_(std::move(where)) {}

  StepOutcome run(StepContext& context) const override {
    auto items = items_.render(context.scope);
    if (!items) return StepOutcome::error(items.error());
    const List& list = (*items)->as_list();
    std::vector<bool> keep(list.size(), false);
    {
      ItemBinding binding(context.scope);
      for (std::size_t i = 0; i < list.size(); ++i) {
        binding.bind(list[i]);
        auto test = where_.test(context.scope);
        if (!test) return StepOutcome::key_error("where", test.error().message);
        keep[i] = *test;
      }
    }
    List out;
    if (items->is_ref()) {
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (keep[i]) out.push_back(list[i]);
      }
    } else {
      // A list the step computed is its own: its items move instead of being copied.
      Value all = std::move(*items).take();
      List& source = all.as_list();
      for (std::size_t i = 0; i < source.size(); ++i) {
        if (keep[i]) out.push_back(std::move(source[i]));
      }
    }
    return StepOutcome::next(Value(std::move(out)));
  }

 private:
  ItemsArg items_;
  expr::Expression where_;
};

}  // namespace

pipeline::FunctionSpec filter_function() {
  return pipeline::FunctionSpec{
      .name = "filter",
      .summary = "The items (default: the previous result) for which `where` holds.",
      .effect = pipeline::Effect::reads,
      .result = pipeline::ResultKind::list,
      .keys = {"items", "where"},
      .build = [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        auto items = ItemsArg::read(args);
        auto where = args.expression("where", Presence::required);
        if (!items || !where) return nullptr;
        return std::make_unique<FilterFunction>(std::move(*items), std::move(*where));
      },
  };
}

}  // namespace stashql::functions
