// `sort`: a sorted copy of a list, by one or more keys computed from each item (`by`), in
// ascending or descending order. Stable, so items with equal keys keep their order and a sort
// by several keys reads like SQL's ORDER BY a, b. Nulls (missing keys) go last in both orders.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "functions/core/core.hpp"
#include "functions/core/items.hpp"

namespace stashql::functions {
namespace {

using pipeline::Presence;
using pipeline::StepContext;
using pipeline::StepOutcome;

enum class Order : std::uint8_t { asc, desc };

// What a key is compared as; integers and doubles are both numbers.
enum class KeyClass : std::uint8_t { none, boolean, number, string };

KeyClass key_class(const Value& v) {
  switch (v.kind()) {
    case Kind::boolean:
      return KeyClass::boolean;
    case Kind::integer:
      return KeyClass::number;
    case Kind::number:
      // NaN has no place among numbers: it sorts with the nulls.
      return std::isnan(v.as_double()) ? KeyClass::none : KeyClass::number;
    case Kind::string:
      return KeyClass::string;
    default:
      return KeyClass::none;
  }
}

// -1, 0 or 1 for two keys of the same class.
int compare_same_class(const Value& a, const Value& b) {
  if (a.is_bool()) return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
  if (a.is_string()) {
    const int c = a.as_string().compare(b.as_string());
    return (c > 0) - (c < 0);
  }
  if (a.is_int() && b.is_int()) return (a.as_int() > b.as_int()) - (a.as_int() < b.as_int());
  const double x = a.as_number();
  const double y = b.as_number();
  return (x > y) - (x < y);
}

class SortFunction final : public pipeline::UnitFunction {
 public:
  SortFunction(ItemsArg items, std::vector<expr::Expression> by, Order order)
      : items_(std::move(items)), by_(std::move(by)), order_(order) {}

  StepOutcome run(StepContext& context) const override {
    auto items = items_.render(context.scope);
    if (!items) return StepOutcome::error(items.error());
    const List& list = (*items)->as_list();
    const std::size_t width = by_.size();

    // Every key of every item, computed once (row-major), so the comparator only compares. A
    // key that is a path refers into its item: nothing is copied.
    std::vector<expr::Evaluated> keys;
    keys.reserve(list.size() * width);
    {
      ItemBinding binding(context.scope);
      for (const Value& item : list) {
        binding.bind(item);
        for (const expr::Expression& by : by_) {
          auto key = by.evaluate(context.scope);
          if (!key) return StepOutcome::key_error("by", key.error().message);
          keys.push_back(std::move(*key));
        }
      }
    }
    // Kinds are checked before sorting: a comparator cannot fail halfway through.
    for (std::size_t k = 0; k < width; ++k) {
      const Value* first = nullptr;
      for (std::size_t i = 0; i < list.size(); ++i) {
        const Value& key = keys[i * width + k].get();
        if (key.is_list() || key.is_object()) {
          return StepOutcome::key_error("by", "cannot sort by " +
                                                  std::string(expr::describe_kind(key)) + " (" +
                                                  by_[k].text() + ")");
        }
        if (key_class(key) == KeyClass::none) continue;
        if (first == nullptr) {
          first = &key;
        } else if (key_class(key) != key_class(*first)) {
          return StepOutcome::key_error(
              "by", "cannot compare " + std::string(expr::describe_kind(*first)) + " with " +
                        std::string(expr::describe_kind(key)) + " (" + by_[k].text() + ")");
        }
      }
    }

    std::vector<std::size_t> order(list.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      for (std::size_t k = 0; k < width; ++k) {
        const Value& x = keys[a * width + k].get();
        const Value& y = keys[b * width + k].get();
        const bool x_none = key_class(x) == KeyClass::none;
        const bool y_none = key_class(y) == KeyClass::none;
        if (x_none || y_none) {
          if (x_none && y_none) continue;
          return y_none;  // nulls last, whatever the order
        }
        const int c = compare_same_class(x, y);
        if (c != 0) return order_ == Order::asc ? c < 0 : c > 0;
      }
      return false;
    });

    List out;
    out.reserve(list.size());
    if (items->is_ref()) {
      for (std::size_t i : order)
        out.push_back(list[i]);
    } else {
      // A list the step computed is its own: its items move instead of being copied.
      Value all = std::move(*items).take();
      List& source = all.as_list();
      for (std::size_t i : order)
        out.push_back(std::move(source[i]));
    }
    return StepOutcome::next(Value(std::move(out)));
  }

 private:
  ItemsArg items_;
  std::vector<expr::Expression> by_;
  Order order_;
};

}  // namespace

pipeline::FunctionSpec sort_function() {
  return pipeline::FunctionSpec{
      .name = "sort",
      .summary = "The items (default: the previous result) sorted by the `by` keys.",
      .effect = pipeline::Effect::reads,
      .result = pipeline::ResultKind::list,
      .keys = {"items", "by", "order"},
      .build = [](pipeline::StepArgs& args) -> std::unique_ptr<pipeline::UnitFunction> {
        auto items = ItemsArg::read(args);
        auto by = args.expressions("by", Presence::required);
        auto order = args.word("order", Presence::optional, {"asc", "desc"});
        if (!items || !by || (!order && args.has("order"))) return nullptr;
        if (by->empty()) {
          args.error("by", "needs at least one key");
          return nullptr;
        }
        return std::make_unique<SortFunction>(std::move(*items), std::move(*by),
                                              order == "desc" ? Order::desc : Order::asc);
      },
  };
}

}  // namespace stashql::functions
