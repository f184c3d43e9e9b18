// Rules on variables (spec §5.8): unique names, every variable used is defined and every
// one defined is used (through fragments too), and each use stands where its type fits.
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graphql/validation/rules.hpp"

namespace stashql::validation {
namespace {

class UniqueVariableNames : public Rule {
 public:
  explicit UniqueVariableNames(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition& operation) override {
    std::vector<std::pair<std::string_view, std::vector<Location>>> groups;
    std::unordered_map<std::string_view, std::size_t> index;
    for (const ast::VariableDefinition& definition : operation.variables) {
      auto [it, inserted] = index.try_emplace(definition.name.value, groups.size());
      if (inserted) groups.emplace_back(definition.name.value, std::vector<Location>{});
      groups[it->second].second.push_back(definition.name.loc);
    }
    for (const auto& [name, locations] : groups) {
      if (locations.size() > 1) {
        context_.report("There can be only one variable named \"$" + std::string(name) + "\".",
                        locations);
      }
    }
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
};

std::string operation_suffix(const ast::OperationDefinition& operation, std::string_view words) {
  if (!operation.name) return ".";
  return std::string(words) + " \"" + operation.name->value + "\".";
}

class NoUndefinedVariables : public Rule {
 public:
  explicit NoUndefinedVariables(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition&) override {
    defined_.clear();
    return Flow::visit;
  }
  Flow enter_variable_definition(const ast::VariableDefinition& definition) override {
    defined_.insert(definition.name.value);
    return Flow::visit;
  }
  void leave_operation(const ast::OperationDefinition& operation) override {
    const UsageList* usages = context_.recursive_variable_usages(operation);
    if (usages == nullptr) return;
    for (const VariableUsage& usage : *usages) {
      if (defined_.contains(usage.node->text)) continue;
      context_.report("Variable \"$" + usage.node->text + "\" is not defined" +
                          operation_suffix(operation, " by operation"),
                      {usage.node->loc, operation.loc});
    }
  }

 private:
  ValidationContext& context_;
  std::unordered_set<std::string_view> defined_;
};

class NoUnusedVariables : public Rule {
 public:
  explicit NoUnusedVariables(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition&) override {
    definitions_.clear();
    return Flow::visit;
  }
  Flow enter_variable_definition(const ast::VariableDefinition& definition) override {
    definitions_.push_back(&definition);
    return Flow::visit;
  }
  void leave_operation(const ast::OperationDefinition& operation) override {
    const UsageList* usages = context_.recursive_variable_usages(operation);
    if (usages == nullptr) return;
    std::unordered_set<std::string_view> used;
    for (const VariableUsage& usage : *usages)
      used.insert(usage.node->text);
    for (const ast::VariableDefinition* definition : definitions_) {
      if (used.contains(definition->name.value)) continue;
      context_.report("Variable \"$" + definition->name.value + "\" is never used" +
                          operation_suffix(operation, " in operation"),
                      {definition->loc});
    }
  }

 private:
  ValidationContext& context_;
  std::vector<const ast::VariableDefinition*> definitions_;
};

class VariablesInAllowedPosition : public Rule {
 public:
  explicit VariablesInAllowedPosition(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition&) override {
    definitions_.clear();
    return Flow::visit;
  }
  Flow enter_variable_definition(const ast::VariableDefinition& definition) override {
    definitions_[definition.name.value] = &definition;
    return Flow::visit;
  }
  void leave_operation(const ast::OperationDefinition& operation) override {
    const UsageList* usages = context_.recursive_variable_usages(operation);
    if (usages == nullptr) return;
    for (const VariableUsage& usage : *usages) {
      auto it = definitions_.find(usage.node->text);
      if (it == definitions_.end() || !usage.type.valid()) continue;
      const ast::VariableDefinition& definition = *it->second;
      const TypeRef variable_type = resolve_type(context_.schema(), definition.type);
      if (variable_type.valid() && !allowed(variable_type, definition, usage)) {
        context_.report("Variable \"$" + usage.node->text + "\" of type \"" +
                            variable_type.to_string() + "\" used in position expecting type \"" +
                            usage.type.to_string() + "\".",
                        {definition.loc, usage.node->loc});
      }
      const TypeRef& parent = usage.parent_type;
      if (parent.valid() && !parent.is_wrapped() &&
          parent.named()->kind == TypeKind::input_object && parent.named()->one_of &&
          variable_type.valid() && !variable_type.is_non_null()) {
        context_.report("Variable \"$" + usage.node->text + "\" is of type \"" +
                            variable_type.to_string() +
                            "\" but must be non-nullable to be used for OneOf Input Object \"" +
                            parent.named()->name + "\".",
                        {definition.loc, usage.node->loc});
      }
    }
  }

 private:
  // A nullable variable may stand where a non-null type is expected when it, or the
  // position, has a default value.
  static bool allowed(const TypeRef& variable_type, const ast::VariableDefinition& definition,
                      const VariableUsage& usage) {
    if (usage.type.is_non_null() && !variable_type.is_non_null()) {
      const bool has_non_null_default =
          definition.default_value && definition.default_value->kind != ast::ValueNode::Kind::null;
      if (!has_non_null_default && !usage.has_default_value) return false;
      return is_sub_type(variable_type, usage.type.of_type());
    }
    return is_sub_type(variable_type, usage.type);
  }

  ValidationContext& context_;
  std::unordered_map<std::string_view, const ast::VariableDefinition*> definitions_;
};

}  // namespace

std::unique_ptr<Rule> make_unique_variable_names_rule(ValidationContext& context) {
  return std::make_unique<UniqueVariableNames>(context);
}
std::unique_ptr<Rule> make_no_undefined_variables_rule(ValidationContext& context) {
  return std::make_unique<NoUndefinedVariables>(context);
}
std::unique_ptr<Rule> make_no_unused_variables_rule(ValidationContext& context) {
  return std::make_unique<NoUnusedVariables>(context);
}
std::unique_ptr<Rule> make_variables_in_allowed_position_rule(ValidationContext& context) {
  return std::make_unique<VariablesInAllowedPosition>(context);
}

}  // namespace stashql::validation
