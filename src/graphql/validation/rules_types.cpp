// Rules on the types a document names (spec §5.5.1.2, §5.5.1.3, §5.8.2): every named type
// exists, fragments condition on composite types, and variables have input types.
#include <array>
#include <string>
#include <unordered_set>

#include "graphql/validation/rules.hpp"
#include "graphql/validation/suggestions.hpp"

namespace stashql::validation {
namespace {

// The built-in scalars and introspection types: an SDL definition may name them even when
// the schema lacks them.
constexpr std::array<std::string_view, 13> kStandardTypeNames = {"String",
                                                                 "Int",
                                                                 "Float",
                                                                 "Boolean",
                                                                 "ID",
                                                                 "__Schema",
                                                                 "__Type",
                                                                 "__TypeKind",
                                                                 "__Field",
                                                                 "__InputValue",
                                                                 "__EnumValue",
                                                                 "__Directive",
                                                                 "__DirectiveLocation"};

class KnownTypeNames : public Rule {
 public:
  explicit KnownTypeNames(ValidationContext& context) : context_(context) {
    for (const ast::TypeDefinition& type : context.document().types) {
      if (!type.extension) defined_types_.insert(type.name.value);
    }
  }

  Flow enter_named_type(std::string_view name, Location loc, bool in_sdl) override {
    if (context_.schema().type(name) != nullptr || defined_types_.contains(name)) {
      return Flow::visit;
    }
    const bool standard = std::find(kStandardTypeNames.begin(), kStandardTypeNames.end(), name) !=
                          kStandardTypeNames.end();
    if (in_sdl && standard) return Flow::visit;
    std::vector<std::string_view> options;
    if (in_sdl) options.assign(kStandardTypeNames.begin(), kStandardTypeNames.end());
    for (const Type* type : context_.schema().types())
      options.emplace_back(type->name);
    for (const ast::TypeDefinition& type : context_.document().types) {
      if (!type.extension) options.emplace_back(type.name.value);
    }
    const std::vector<std::string> suggestions =
        context_.hide_suggestions() ? std::vector<std::string>{} : suggestion_list(name, options);
    context_.report("Unknown type \"" + std::string(name) + "\"." + did_you_mean(suggestions),
                    {loc});
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
  std::unordered_set<std::string_view> defined_types_;
};

class FragmentsOnCompositeTypes : public Rule {
 public:
  explicit FragmentsOnCompositeTypes(ValidationContext& context) : context_(context) {}

  Flow enter_inline_fragment(const ast::Selection& fragment) override {
    if (fragment.type_condition && is_non_composite(*fragment.type_condition)) {
      context_.report("Fragment cannot condition on non composite type \"" +
                          fragment.type_condition->value + "\".",
                      {fragment.type_condition->loc});
    }
    return Flow::visit;
  }

  Flow enter_fragment_definition(const ast::FragmentDefinition& fragment) override {
    if (is_non_composite(fragment.type_condition)) {
      context_.report("Fragment \"" + fragment.name.value +
                          "\" cannot condition on non composite type \"" +
                          fragment.type_condition.value + "\".",
                      {fragment.type_condition.loc});
    }
    return Flow::visit;
  }

 private:
  bool is_non_composite(const ast::Name& type_condition) const {
    const Type* type = context_.schema().type(type_condition.value);
    return type != nullptr && !type->is_composite();
  }

  ValidationContext& context_;
};

class VariablesAreInputTypes : public Rule {
 public:
  explicit VariablesAreInputTypes(ValidationContext& context) : context_(context) {}

  Flow enter_variable_definition(const ast::VariableDefinition& definition) override {
    const TypeRef type = resolve_type(context_.schema(), definition.type);
    if (type.valid() && !type.named()->is_input()) {
      context_.report("Variable \"$" + definition.name.value + "\" cannot be non-input type \"" +
                          print_type(definition.type) + "\".",
                      {definition.type.loc});
    }
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
};

}  // namespace

std::unique_ptr<Rule> make_known_type_names_rule(ValidationContext& context) {
  return std::make_unique<KnownTypeNames>(context);
}
std::unique_ptr<Rule> make_fragments_on_composite_types_rule(ValidationContext& context) {
  return std::make_unique<FragmentsOnCompositeTypes>(context);
}
std::unique_ptr<Rule> make_variables_are_input_types_rule(ValidationContext& context) {
  return std::make_unique<VariablesAreInputTypes>(context);
}

}  // namespace stashql::validation
