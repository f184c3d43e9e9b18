// `map`: `value` rendered once per item of a list — reshaping records, picking one field of
// each. `value` reads the current item as `item`.
#include <memory>
#include <utility>

#include "functions/core/core.hpp"
#include "functions/core/items.hpp"

namespace stashql::functions {
namespace {

using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;

class MapFunction final : public pipeline::UnitFunction {
 public:
  MapFunction(ItemsArg items, expr::ValueTemplate value)
      : items_(std::move(items)), value_(std::move(value)) {}

  StepOutcome run(StepContext& context) const override {
    auto items = items_.render(context.scope);
    if (!items) return StepOutcome::error(items.error());
    const List& list = (*items)->as_list();
    List out;
    out.reserve(list.size());
    ItemBinding binding(context.scope);
    for (const Value& item : list) {
      binding.bind(item);
      auto rendered = value_.render(context.scope);
      if (!rendered) return StepOutcome::key_error("value", rendered.error().message);
      out.push_back(std::move(*rendered).take());
    }
    return StepOutcome::next(Value(std::move(out)));
  }

 private:
  ItemsArg items_;
  expr::ValueTemplate value_;
};

}  // namespace

pipeline::FunctionSpec map_function() {
  return pipeline::FunctionSpec{
      .name = "map",
      .summary = "`value` rendered for each of the items (default: the previous result).",
      .effect = pipeline::Effect::reads,
      .result = pipeline::ResultKind::list,
      .keys = {"items", "value"},
      .build = [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        auto items = ItemsArg::read(args);
        auto value = args.value("value", Presence::required);
        if (!items || !value) return nullptr;
        return std::make_unique<MapFunction>(std::move(*items), std::move(*value));
      },
  };
}

}  // namespace stashql::functions
