// The validation context (errors, types as graphql-js's type map has them, fragment and
// variable bookkeeping) and the TypeInfo that follows the walk; see context.hpp.
#include "graphql/validation/context.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

namespace stashql::validation {
namespace {

constexpr std::string_view kTooManyErrors =
    "Too many validation errors, error limit reached. Validation aborted.";
constexpr std::string_view kAborted = "Validation aborted.";

Location definition_loc(const Definition& definition) {
  return std::visit([](const auto* node) { return node->loc; }, definition);
}

// Records each variable use of one definition, with the type expected there.
class UsageCollector : public Rule {
 public:
  UsageCollector(const TypeInfo& type_info, UsageList& out) : type_info_(type_info), out_(out) {}

  Flow enter_variable_definition(const ast::VariableDefinition&) override { return Flow::skip; }
  Flow enter_value(const ast::ValueNode& value) override {
    if (value.kind == ast::ValueNode::Kind::variable) {
      out_.push_back({&value, type_info_.input_type(), type_info_.has_default_value(),
                      type_info_.parent_input_type()});
    }
    return Flow::visit;
  }

 private:
  const TypeInfo& type_info_;
  UsageList& out_;
};

}  // namespace

// ---- TypeInfo ----

void TypeInfo::enter_operation(const ast::OperationDefinition& operation) {
  const Type* root = context_.schema().root_type(operation.operation);
  type_stack_.push_back(root != nullptr && root->kind == TypeKind::object ? TypeRef(root)
                                                                          : TypeRef{});
}

void TypeInfo::enter_fragment(const ast::Name* type_condition) {
  if (type_condition != nullptr) {
    const Type* type = context_.schema().type(type_condition->value);
    type_stack_.push_back(type != nullptr && type->is_output() ? TypeRef(type) : TypeRef{});
  } else {
    const TypeRef current = type();
    type_stack_.push_back(current.valid() ? TypeRef(current.named()) : TypeRef{});
  }
}

void TypeInfo::enter_selection_set() {
  const Type* named = type().named();
  parent_type_stack_.push_back(named != nullptr && named->is_composite() ? named : nullptr);
}

void TypeInfo::enter_field(const ast::Selection& field) {
  const Type* parent = parent_type();
  const Field* definition =
      parent != nullptr ? context_.schema().field(parent, field.name.value) : nullptr;
  field_def_stack_.push_back(definition);
  type_stack_.push_back(definition != nullptr && definition->type.valid() &&
                                definition->type.named()->is_output()
                            ? definition->type
                            : TypeRef{});
}

void TypeInfo::leave_field() {
  field_def_stack_.pop_back();
  type_stack_.pop_back();
}

void TypeInfo::enter_directive(const ast::Directive& directive) {
  directive_ = context_.schema().directive(directive.name.value);
}

void TypeInfo::enter_variable_definition(const ast::VariableDefinition& definition) {
  const TypeRef type = resolve_type(context_.schema(), definition.type);
  input_type_stack_.push_back(type.valid() && type.named()->is_input() ? type : TypeRef{});
}

void TypeInfo::enter_argument(const ast::Argument& argument) {
  // As graphql-js: an unknown directive's arguments are looked up on the enclosing field.
  const InputValue* definition = nullptr;
  if (directive_ != nullptr) {
    definition = directive_->argument(argument.name.value);
  } else if (const Field* field = field_def(); field != nullptr) {
    definition = field->argument(argument.name.value);
  }
  argument_ = definition;
  default_value_stack_.push_back(definition != nullptr && definition->default_value.has_value());
  input_type_stack_.push_back(definition != nullptr && definition->type.valid() &&
                                      definition->type.named()->is_input()
                                  ? definition->type
                                  : TypeRef{});
}

void TypeInfo::leave_argument() {
  argument_ = nullptr;
  default_value_stack_.pop_back();
  input_type_stack_.pop_back();
}

void TypeInfo::enter_list_value() {
  const TypeRef list_type = input_type().nullable();
  const TypeRef item_type = list_type.is_list() ? list_type.of_type() : list_type;
  default_value_stack_.push_back(false);  // list positions never have a default value
  input_type_stack_.push_back(item_type.valid() && item_type.named()->is_input() ? item_type
                                                                                 : TypeRef{});
}

void TypeInfo::enter_object_field(const ast::ObjectField& field) {
  const Type* object_type = input_type().named();
  const InputValue* definition = nullptr;
  if (object_type != nullptr && object_type->kind == TypeKind::input_object) {
    definition = object_type->input_field(field.name.value);
  }
  default_value_stack_.push_back(definition != nullptr && definition->default_value.has_value());
  input_type_stack_.push_back(definition != nullptr && definition->type.valid() &&
                                      definition->type.named()->is_input()
                                  ? definition->type
                                  : TypeRef{});
}

void TypeInfo::leave_list_value_or_object_field() {
  default_value_stack_.pop_back();
  input_type_stack_.pop_back();
}

// ---- ValidationContext ----

ValidationContext::ValidationContext(const Schema& schema, const ast::Document& document,
                                     ValidationLimits limits)
    : schema_(schema), document_(document), limits_(limits), type_info_(*this) {
  for (const auto& operation : document.operations)
    definitions_.emplace_back(&operation);
  for (const auto& fragment : document.fragments)
    definitions_.emplace_back(&fragment);
  for (const auto& definition : document.schemas)
    definitions_.emplace_back(&definition);
  for (const auto& definition : document.types)
    definitions_.emplace_back(&definition);
  for (const auto& definition : document.directives)
    definitions_.emplace_back(&definition);
  std::stable_sort(definitions_.begin(), definitions_.end(),
                   [](const Definition& a, const Definition& b) {
                     const Location la = definition_loc(a);
                     const Location lb = definition_loc(b);
                     return la.line != lb.line ? la.line < lb.line : la.column < lb.column;
                   });
  for (const auto& fragment : document.fragments)
    fragments_[fragment.name.value] = &fragment;
}

ValidationContext::~ValidationContext() = default;

void ValidationContext::report(std::string message, const std::vector<Location>& locations) {
  if (aborted_) return;
  if (errors_.size() >= limits_.max_errors) {
    errors_.push_back(GraphQLError{std::string(kTooManyErrors), {}, {}, {}});
    aborted_ = true;
    return;
  }
  GraphQLError error{std::move(message), {}, {}, {}};
  for (const Location& loc : locations) {
    if (loc.line != 0) error.locations.push_back(loc);
  }
  errors_.push_back(std::move(error));
}

void ValidationContext::abort_validation() {
  if (aborted_) return;
  errors_.push_back(GraphQLError{std::string(kAborted), {}, {}, {}});
  aborted_ = true;
}

bool ValidationContext::spend_fragment_work(std::size_t cost) {
  remaining_fragment_work_ -= static_cast<std::int64_t>(cost);
  if (remaining_fragment_work_ < 0) {
    abort_validation();
    return false;
  }
  return true;
}

bool ValidationContext::is_sub_type(const Type* abstract_type, const Type* maybe_sub) {
  if (abstract_type == nullptr || maybe_sub == nullptr) return false;
  if (abstract_type->kind == TypeKind::union_type)
    return abstract_type->is_possible_type(maybe_sub);
  if (abstract_type->kind == TypeKind::interface) return maybe_sub->implements(abstract_type);
  return false;
}

bool ValidationContext::do_types_overlap(const Type* a, const Type* b) {
  if (a == b) return true;
  if (a->is_abstract()) {
    if (b->is_abstract()) {
      return std::any_of(a->possible_types.begin(), a->possible_types.end(),
                         [b](const Type* type) { return is_sub_type(b, type); });
    }
    return is_sub_type(a, b);
  }
  if (b->is_abstract()) return is_sub_type(b, a);
  return false;
}

const ast::FragmentDefinition* ValidationContext::fragment(std::string_view name) const {
  auto it = fragments_.find(name);
  return it == fragments_.end() ? nullptr : it->second;
}

const std::vector<const ast::Selection*>& ValidationContext::fragment_spreads(
    const std::vector<ast::Selection>& selection_set) {
  auto [it, inserted] = spreads_.try_emplace(&selection_set);
  if (!inserted) return it->second;
  // graphql-js's order: a set's own spreads, then nested sets from a stack.
  std::vector<const std::vector<ast::Selection>*> sets_to_visit{&selection_set};
  while (!sets_to_visit.empty()) {
    const std::vector<ast::Selection>* set = sets_to_visit.back();
    sets_to_visit.pop_back();
    for (const ast::Selection& selection : *set) {
      if (selection.kind == ast::Selection::Kind::fragment_spread) {
        it->second.push_back(&selection);
      } else if (!selection.selection_set.empty()) {
        sets_to_visit.push_back(&selection.selection_set);
      }
    }
  }
  return it->second;
}

const FragmentList* ValidationContext::recursively_referenced_fragments(
    const std::vector<const ast::OperationDefinition*>& operations) {
  std::vector<std::string_view> names;
  std::unordered_set<std::string_view> collected;
  for (const ast::OperationDefinition* operation : operations) {
    for (const ast::Selection* spread : fragment_spreads(operation->selection_set)) {
      if (collected.insert(spread->name.value).second) names.push_back(spread->name.value);
    }
  }
  std::vector<std::string_view> key = names;
  std::sort(key.begin(), key.end());
  if (auto it = referenced_.find(key); it != referenced_.end()) return it->second.get();

  if (!spend_fragment_work(names.size())) return nullptr;
  auto fragments = std::make_unique<FragmentList>();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ast::FragmentDefinition* definition = fragment(names[i]);
    if (definition == nullptr) continue;
    fragments->push_back(definition);
    const auto& spreads = fragment_spreads(definition->selection_set);
    if (!spend_fragment_work(spreads.size())) return nullptr;
    for (const ast::Selection* spread : spreads) {
      if (collected.insert(spread->name.value).second) names.push_back(spread->name.value);
    }
  }
  const FragmentList* result = fragments.get();
  referenced_.emplace(std::move(key), std::move(fragments));
  return result;
}

template <class Node>
const UsageList& ValidationContext::variable_usages(const Node& definition) {
  auto [it, inserted] = usages_.try_emplace(&definition);
  if (!inserted) return *it->second;
  it->second = std::make_unique<UsageList>();
  TypeInfo type_info(*this);
  UsageCollector collector(type_info, *it->second);
  Walker walker(*this, type_info, {&collector});
  if constexpr (std::is_same_v<Node, ast::OperationDefinition>) {
    walker.walk_operation(definition);
  } else {
    walker.walk_fragment_definition(definition);
  }
  return *it->second;
}

const UsageList* ValidationContext::recursive_variable_usages(
    const ast::OperationDefinition& operation) {
  if (auto it = recursive_usages_.find(&operation); it != recursive_usages_.end()) {
    return it->second.get();
  }
  const FragmentList* fragments = recursively_referenced_fragments({&operation});
  if (fragments == nullptr) return nullptr;
  const UsageList* fragment_usages = nullptr;
  if (auto it = recursive_usages_.find(fragments); it != recursive_usages_.end()) {
    fragment_usages = it->second.get();
  } else {
    if (!spend_fragment_work(fragments->size())) return nullptr;
    auto collected = std::make_unique<UsageList>();
    for (const ast::FragmentDefinition* fragment : *fragments) {
      const UsageList& local = variable_usages(*fragment);
      if (!spend_fragment_work(local.size())) return nullptr;
      collected->insert(collected->end(), local.begin(), local.end());
    }
    fragment_usages = collected.get();
    recursive_usages_.emplace(fragments, std::move(collected));
  }
  if (!spend_fragment_work(fragment_usages->size())) return nullptr;
  auto usages = std::make_unique<UsageList>(variable_usages(operation));
  usages->insert(usages->end(), fragment_usages->begin(), fragment_usages->end());
  const UsageList* result = usages.get();
  recursive_usages_.emplace(&operation, std::move(usages));
  return result;
}

std::string print_type(const ast::Type& type) {
  switch (type.kind) {
    case ast::Type::Kind::named:
      return type.name;
    case ast::Type::Kind::list: {
      // Appended step by step: GCC 12 -O3 warns falsely (-Wrestrict) on "[" + s + "]".
      std::string out(1, '[');
      if (type.of) out += print_type(*type.of);
      out += ']';
      return out;
    }
    case ast::Type::Kind::non_null:
      return (type.of ? print_type(*type.of) : std::string()) + "!";
  }
  return {};
}

}  // namespace stashql::validation
