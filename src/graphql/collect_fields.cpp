// Field collection (CollectFields, spec §6.3.2) as graphql-js does it: fields merged by
// response key in first-seen order, fragments applied by type condition (each named fragment
// once per selection set), @skip/@include evaluated, and the result kept as a plan: the
// resolver and field definition of each key, found once. A plan that depends on no variable
// may be shared between requests (see PlanCache).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graphql/coercion.hpp"
#include "graphql/executor.hpp"

namespace stashql::detail {

// The collected fields of one selection set by response key, found without allocating: a
// linear scan for a few keys, then a small open-addressing table, and a hash map only for
// selection sets with hundreds of keys.
class KeyIndex {
 public:
  explicit KeyIndex(std::vector<FieldPlan>& fields) : fields_(fields) {}

  FieldPlan* find(std::string_view key) {
    if (!overflow_.empty()) {
      auto it = overflow_.find(key);
      return it == overflow_.end() ? nullptr : &fields_[it->second];
    }
    if (indexed_ == 0) {
      for (FieldPlan& f : fields_) {
        if (f.key == key) return &f;
      }
      return nullptr;
    }
    for (std::size_t slot = hash(key) & kMask;; slot = (slot + 1) & kMask) {
      std::uint16_t entry = slots_[slot];
      if (entry == 0) return nullptr;
      if (fields_[entry - 1].key == key) return &fields_[entry - 1];
    }
  }

  // Registers the last collected field.
  void added() {
    std::size_t n = fields_.size();
    if (!overflow_.empty() || n > kMaxIndexed) {
      if (overflow_.empty()) {
        for (std::size_t i = 0; i < n; ++i)
          overflow_.emplace(fields_[i].key, i);
      } else {
        overflow_.emplace(fields_[n - 1].key, n - 1);
      }
      return;
    }
    if (n <= kLinear) return;
    for (; indexed_ < n; ++indexed_) {
      std::size_t slot = hash(fields_[indexed_].key) & kMask;
      while (slots_[slot] != 0)
        slot = (slot + 1) & kMask;
      slots_[slot] = static_cast<std::uint16_t>(indexed_ + 1);
    }
  }

 private:
  static constexpr std::size_t kLinear = 8;
  static constexpr std::size_t kSlots = 256;
  static constexpr std::size_t kMask = kSlots - 1;
  static constexpr std::size_t kMaxIndexed = kSlots / 2;

  static std::size_t hash(std::string_view key) {
    std::size_t h = 14695981039346656037ULL;  // FNV-1a
    for (char c : key)
      h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
  }

  std::vector<FieldPlan>& fields_;
  std::array<std::uint16_t, kSlots> slots_{};
  std::size_t indexed_ = 0;
  std::unordered_map<std::string_view, std::size_t> overflow_;
};

namespace {

bool contains_variable(const ast::ValueNode& value) {
  switch (value.kind) {
    case ast::ValueNode::Kind::variable:
      return true;
    case ast::ValueNode::Kind::list:
      for (const ast::ValueNode& item : value.list) {
        if (contains_variable(item)) return true;
      }
      return false;
    case ast::ValueNode::Kind::object:
      for (const ast::ObjectField& field : value.fields) {
        if (contains_variable(field.value)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

std::unique_ptr<SelectionPlan> Executor::collect(const Type& type, const FieldPlan* parent) {
  auto plan = std::make_unique<SelectionPlan>();
  std::vector<std::string_view> visited;
  KeyIndex keys(plan->fields);
  if (parent == nullptr) {
    plan->fields.reserve(operation_.selection_set.size());
    collect_into(*plan, type, operation_.selection_set, visited, keys);
    return plan;
  }
  plan->fields.reserve(parent->node->selection_set.size());
  if (!collect_into(*plan, type, parent->node->selection_set, visited, keys)) return plan;
  for (const ast::Selection* node : parent->more_nodes) {
    if (!collect_into(*plan, type, node->selection_set, visited, keys)) return plan;
  }
  return plan;
}

bool Executor::collect_into(SelectionPlan& plan, const Type& type,
                            const std::vector<ast::Selection>& set,
                            std::vector<std::string_view>& visited, KeyIndex& keys) {
  for (const ast::Selection& selection : set) {
    switch (selection.kind) {
      case ast::Selection::Kind::field: {
        if (!selection.directives.empty() && !should_include(selection, plan)) {
          if (plan.error) return false;
          continue;
        }
        std::string_view key = selection.response_key();
        if (FieldPlan* existing = keys.find(key)) {
          existing->more_nodes.push_back(&selection);
          continue;
        }
        FieldPlan& f = plan.fields.emplace_back();
        f.key = key;
        f.key_text.reserve(key.size() + 4);
        f.key_text += ",\"";
        f.key_text += key;
        f.key_text += "\":";
        f.parent_type = &type;
        f.node = &selection;
        f.field = schema_.field(&type, selection.name.value);
        for (const ast::Argument& argument : selection.arguments) {
          f.args_use_variables = f.args_use_variables || contains_variable(argument.value);
        }
        if (f.field == &schema_.typename_field()) {
          f.is_typename = true;
        } else if (f.field != nullptr) {
          f.leaf = plain_leaf(schema_, f.field->type);
          if (resolvers_ != nullptr) f.resolver = resolvers_->find(*f.field);
        }
        keys.added();
        break;
      }
      case ast::Selection::Kind::inline_fragment:
        if (!selection.directives.empty() && !should_include(selection, plan)) {
          if (plan.error) return false;
          continue;
        }
        if (selection.type_condition && !fragment_applies(selection.type_condition->value, type)) {
          continue;
        }
        if (!collect_into(plan, type, selection.selection_set, visited, keys)) return false;
        break;
      case ast::Selection::Kind::fragment_spread: {
        std::string_view name = selection.name.value;
        bool seen = false;
        for (std::string_view v : visited)
          seen = seen || v == name;
        if (seen) continue;
        if (!selection.directives.empty() && !should_include(selection, plan)) {
          if (plan.error) return false;
          continue;
        }
        visited.push_back(name);
        const ast::FragmentDefinition* fragment = find_fragment(document_, name);
        if (fragment == nullptr || !fragment_applies(fragment->type_condition.value, type)) {
          continue;
        }
        if (!collect_into(plan, type, fragment->selection_set, visited, keys)) return false;
        break;
      }
    }
  }
  return true;
}

bool Executor::should_include(const ast::Selection& selection, SelectionPlan& plan) {
  const ast::Directive* skip = nullptr;
  const ast::Directive* include = nullptr;
  for (const ast::Directive& d : selection.directives) {
    if (skip == nullptr && d.name.value == "skip") skip = &d;
    if (include == nullptr && d.name.value == "include") include = &d;
  }
  for (const ast::Directive* d : {skip, include}) {
    if (d == nullptr) continue;
    for (const ast::Argument& argument : d->arguments) {
      plan.uses_variables = plan.uses_variables || contains_variable(argument.value);
    }
  }
  if (skip != nullptr) {
    std::optional<bool> v = directive_if(*skip, plan);
    if (plan.error || v == true) return false;
  }
  if (include != nullptr) {
    std::optional<bool> v = directive_if(*include, plan);
    if (plan.error || v == false) return false;
  }
  return true;
}

std::optional<bool> Executor::directive_if(const ast::Directive& directive, SelectionPlan& plan) {
  if (directive.arguments.size() == 1 && directive.arguments[0].name.value == "if") {
    const ast::ValueNode& node = directive.arguments[0].value;
    if (node.kind == ast::ValueNode::Kind::boolean) return node.boolean;
    if (node.kind == ast::ValueNode::Kind::variable) {
      const Value* v = variables_.find(node.text);
      if (v != nullptr && v->is_bool()) return v->as_bool();
    }
  }
  // Anything else goes through full argument coercion, for its exact errors.
  const Directive* definition = schema_.directive(directive.name.value);
  if (definition == nullptr) return std::nullopt;
  auto args = coerce_arguments(schema_, definition->arguments, directive.arguments, directive.loc,
                               variables_, undefined_variables_);
  if (!args) {
    plan.error = std::make_unique<GraphQLError>(args.error());
    return std::nullopt;
  }
  const Value* v = args->find("if");
  if (v != nullptr && v->is_bool()) return v->as_bool();
  return std::nullopt;
}

bool Executor::fragment_applies(std::string_view type_condition, const Type& type) const {
  const Type* condition = schema_.type(type_condition);
  if (condition == nullptr) return false;
  if (condition == &type) return true;
  return condition->is_abstract() && condition->is_possible_type(&type);
}

const SelectionPlan& Executor::subplan(const FieldPlan& field, const Type& object_type) {
  for (const auto& [type, plan] : field.subplans) {
    if (type == &object_type) return *plan;
  }
  SubplanKey key{&field, &object_type};
  if (auto it = request_subplans_.find(key); it != request_subplans_.end()) return *it->second;
  std::unique_ptr<SelectionPlan> plan = collect(object_type, &field);
  if (plan->uses_variables) return *(request_subplans_[key] = std::move(plan));
  field.subplans.emplace_back(&object_type, std::move(plan));
  return *field.subplans.back().second;
}

}  // namespace stashql::detail
