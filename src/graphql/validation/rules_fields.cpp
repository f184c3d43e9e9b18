// Rules on field selections (spec §5.3.1, §5.3.3): a field exists on its parent type (with
// graphql-js's "Did you mean …?" hints), and leaf fields have no selection while composite
// ones need one.
#include <string>
#include <unordered_map>
#include <vector>

#include "graphql/validation/rules.hpp"
#include "graphql/validation/suggestions.hpp"

namespace stashql::validation {
namespace {

class ScalarLeafs : public Rule {
 public:
  explicit ScalarLeafs(ValidationContext& context) : context_(context) {}

  Flow enter_field(const ast::Selection& field) override {
    const TypeRef type = context_.type_info().type();
    if (!type.valid()) return Flow::visit;
    const std::string& name = field.name.value;
    if (type.named()->is_leaf()) {
      if (!field.selection_set.empty()) {
        context_.report("Field \"" + name + "\" must not have a selection since type \"" +
                            type.to_string() + "\" has no subfields.",
                        {field.selection_set_loc});
      }
    } else if (field.selection_set.empty()) {
      context_.report("Field \"" + name + "\" of type \"" + type.to_string() +
                          "\" must have a selection of subfields. Did you mean \"" + name +
                          " { ... }\"?",
                      {field.loc});
    }
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
};

class FieldsOnCorrectType : public Rule {
 public:
  explicit FieldsOnCorrectType(ValidationContext& context) : context_(context) {}

  Flow enter_field(const ast::Selection& field) override {
    const Type* parent = context_.type_info().parent_type();
    if (parent == nullptr || context_.type_info().field_def() != nullptr) return Flow::visit;
    const std::string& name = field.name.value;
    // First, types that have the field (to use an inline fragment on); else a typo?
    std::string suggestion;
    if (!context_.hide_suggestions()) {
      suggestion = did_you_mean("to use an inline fragment on", suggested_type_names(parent, name));
      if (suggestion.empty()) suggestion = did_you_mean(suggested_field_names(parent, name));
    }
    context_.report(
        "Cannot query field \"" + name + "\" on type \"" + parent->name + "\"." + suggestion,
        {field.loc});
    return Flow::visit;
  }

 private:
  // The possible types of an abstract parent that define the field, and their interfaces
  // that do: most used first, super types before sub types, then by name.
  static std::vector<std::string> suggested_type_names(const Type* type, std::string_view field) {
    if (!type->is_abstract()) return {};
    std::vector<const Type*> suggested;
    std::unordered_map<const Type*, int> usage_count;
    auto add = [&](const Type* candidate) {
      if (usage_count.find(candidate) == usage_count.end()) suggested.push_back(candidate);
      ++usage_count[candidate];
    };
    for (const Type* possible : type->possible_types) {
      if (possible->field(field) == nullptr) continue;
      add(possible);
      for (const Type* interface : possible->interfaces) {
        if (interface->field(field) != nullptr) add(interface);
      }
    }
    auto compare = [&](const Type* a, const Type* b) {
      const int diff = usage_count[b] - usage_count[a];
      if (diff != 0) return diff;
      if (a->kind == TypeKind::interface && ValidationContext::is_sub_type(a, b)) return -1;
      if (b->kind == TypeKind::interface && ValidationContext::is_sub_type(b, a)) return 1;
      return natural_compare(a->name, b->name);
    };
    js_sort(suggested, compare);
    std::vector<std::string> names;
    names.reserve(suggested.size());
    for (const Type* suggestion : suggested)
      names.push_back(suggestion->name);
    return names;
  }

  static std::vector<std::string> suggested_field_names(const Type* type, std::string_view field) {
    if (type->kind != TypeKind::object && type->kind != TypeKind::interface) return {};
    std::vector<std::string_view> names;
    names.reserve(type->fields.size());
    for (const Field& candidate : type->fields)
      names.emplace_back(candidate.name);
    return suggestion_list(field, names);
  }

  ValidationContext& context_;
};

}  // namespace

std::unique_ptr<Rule> make_scalar_leafs_rule(ValidationContext& context) {
  return std::make_unique<ScalarLeafs>(context);
}
std::unique_ptr<Rule> make_fields_on_correct_type_rule(ValidationContext& context) {
  return std::make_unique<FieldsOnCorrectType>(context);
}

}  // namespace stashql::validation
