// Rules on the document and its operations (spec §5.1, §5.2): only executable definitions,
// unique operation names, a lone anonymous operation, and subscriptions with a single root
// field.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "graphql/validation/rules.hpp"

namespace stashql::validation {
namespace {

class ExecutableDefinitions : public Rule {
 public:
  explicit ExecutableDefinitions(ValidationContext& context) : context_(context) {}

  Flow enter_document(const ast::Document&) override {
    for (const Definition& definition : context_.definitions()) {
      std::string name;
      Location loc;
      if (const auto* schema = std::get_if<const ast::SchemaDefinition*>(&definition)) {
        name = "schema";
        loc = (*schema)->loc;
      } else if (const auto* type = std::get_if<const ast::TypeDefinition*>(&definition)) {
        name = "\"" + (*type)->name.value + "\"";
        loc = (*type)->loc;
      } else if (const auto* directive =
                     std::get_if<const ast::DirectiveDefinition*>(&definition)) {
        name = "\"" + (*directive)->name.value + "\"";
        loc = (*directive)->loc;
      } else {
        continue;
      }
      context_.report("The " + name + " definition is not executable.", {loc});
    }
    return Flow::skip;
  }

 private:
  ValidationContext& context_;
};

class UniqueOperationNames : public Rule {
 public:
  explicit UniqueOperationNames(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition& operation) override {
    if (operation.name) {
      auto [it, inserted] = known_.try_emplace(operation.name->value, operation.name->loc);
      if (!inserted) {
        context_.report("There can be only one operation named \"" + operation.name->value + "\".",
                        {it->second, operation.name->loc});
      }
    }
    return Flow::skip;
  }
  Flow enter_fragment_definition(const ast::FragmentDefinition&) override { return Flow::skip; }

 private:
  ValidationContext& context_;
  std::unordered_map<std::string_view, Location> known_;
};

class LoneAnonymousOperation : public Rule {
 public:
  explicit LoneAnonymousOperation(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition& operation) override {
    if (!operation.name && context_.document().operations.size() > 1) {
      context_.report("This anonymous operation must be the only defined operation.",
                      {operation.loc});
    }
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
};

// A subscription's root fields, collected as graphql-js's executor would with no variables.
class SingleFieldSubscriptions : public Rule {
 public:
  explicit SingleFieldSubscriptions(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition& operation) override {
    if (operation.operation != ast::OperationType::subscription) return Flow::visit;
    const Type* subscription_type = context_.schema().subscription_type();
    if (subscription_type == nullptr) return Flow::visit;
    if (!charged_definitions_) {
      charged_definitions_ = true;
      if (!context_.spend_fragment_work(context_.definitions().size())) return Flow::visit;
    }
    Groups groups;
    group_index_.clear();
    std::unordered_set<std::string_view> visited_fragments;
    if (!collect(subscription_type, operation.selection_set, groups, visited_fragments)) {
      return Flow::visit;
    }
    const std::string subject = operation.name ? "Subscription \"" + operation.name->value + "\""
                                               : std::string("Anonymous Subscription");
    if (groups.size() > 1) {
      std::vector<Location> extra;
      for (std::size_t i = 1; i < groups.size(); ++i) {
        for (const ast::Selection* field : groups[i].second)
          extra.push_back(field->loc);
      }
      context_.report(subject + " must select only one top level field.", extra);
    }
    for (const auto& [key, fields] : groups) {
      if (fields.front()->name.value.starts_with("__")) {
        std::vector<Location> locations;
        for (const ast::Selection* field : fields)
          locations.push_back(field->loc);
        context_.report(subject + " must not select an introspection top level field.", locations);
      }
    }
    return Flow::visit;
  }

 private:
  using Groups = std::vector<std::pair<std::string_view, std::vector<const ast::Selection*>>>;

  // graphql-js's shouldIncludeNode without variables: only literal `@skip(if: true)` and
  // `@include(if: false)` leave a selection out. (graphql-js throws on anything else, such as
  // a variable; the selection is kept here.)
  static bool should_include(const ast::Selection& selection) {
    auto literal_if = [&](std::string_view directive_name) -> const ast::ValueNode* {
      for (const ast::Directive& directive : selection.directives) {
        if (directive.name.value != directive_name) continue;
        const ast::ValueNode* value = nullptr;
        for (const ast::Argument& argument : directive.arguments) {
          if (argument.name.value == "if") value = &argument.value;  // the last one wins
        }
        return value;
      }
      return nullptr;
    };
    const ast::ValueNode* skip = literal_if("skip");
    if (skip != nullptr && skip->kind == ast::ValueNode::Kind::boolean && skip->boolean) {
      return false;
    }
    const ast::ValueNode* include = literal_if("include");
    return include == nullptr || include->kind != ast::ValueNode::Kind::boolean || include->boolean;
  }

  bool condition_matches(const ast::Name* type_condition, const Type* runtime_type) const {
    if (type_condition == nullptr) return true;
    const Type* condition = context_.schema().type(type_condition->value);
    if (condition == runtime_type) return true;
    if (condition != nullptr && condition->is_abstract()) {
      return ValidationContext::is_sub_type(condition, runtime_type);
    }
    return false;
  }

  // graphql-js charges the fragment budget for each selection set it collects.
  bool reserve_work(const std::vector<ast::Selection>& selections) {
    if (!context_.spend_fragment_work(selections.size())) return false;
    for (const ast::Selection& selection : selections) {
      if (!context_.spend_fragment_work(selection.directives.size())) return false;
      for (const ast::Directive& directive : selection.directives) {
        if (directive.name.value == "skip" || directive.name.value == "include") {
          if (!context_.spend_fragment_work(directive.arguments.size())) return false;
        }
      }
    }
    return true;
  }

  bool collect(const Type* runtime_type, const std::vector<ast::Selection>& selections,
               Groups& groups, std::unordered_set<std::string_view>& visited_fragments) {
    if (!reserve_work(selections)) return false;
    for (const ast::Selection& selection : selections) {
      switch (selection.kind) {
        case ast::Selection::Kind::field: {
          if (!should_include(selection)) break;
          const std::string& key = selection.response_key();
          auto [it, inserted] = group_index_.try_emplace(key, groups.size());
          if (inserted) {
            groups.emplace_back(key, std::vector<const ast::Selection*>{&selection});
          } else {
            groups[it->second].second.push_back(&selection);
          }
          break;
        }
        case ast::Selection::Kind::inline_fragment: {
          const ast::Name* condition =
              selection.type_condition ? &*selection.type_condition : nullptr;
          if (!should_include(selection) || !condition_matches(condition, runtime_type)) break;
          if (!collect(runtime_type, selection.selection_set, groups, visited_fragments)) {
            return false;
          }
          break;
        }
        case ast::Selection::Kind::fragment_spread: {
          const std::string& name = selection.name.value;
          if (visited_fragments.contains(name) || !should_include(selection)) break;
          visited_fragments.insert(name);
          const ast::FragmentDefinition* fragment = context_.fragment(name);
          if (fragment == nullptr || !condition_matches(&fragment->type_condition, runtime_type)) {
            break;
          }
          const RecursionGuard guard(context_, depth_);
          if (!guard.ok()) return false;
          if (!collect(runtime_type, fragment->selection_set, groups, visited_fragments)) {
            return false;
          }
          break;
        }
      }
    }
    return true;
  }

  ValidationContext& context_;
  bool charged_definitions_ = false;
  int depth_ = 0;  // nesting of fragments being collected
  std::unordered_map<std::string_view, std::size_t> group_index_;  // response key -> group
};

}  // namespace

std::unique_ptr<Rule> make_executable_definitions_rule(ValidationContext& context) {
  return std::make_unique<ExecutableDefinitions>(context);
}
std::unique_ptr<Rule> make_unique_operation_names_rule(ValidationContext& context) {
  return std::make_unique<UniqueOperationNames>(context);
}
std::unique_ptr<Rule> make_lone_anonymous_operation_rule(ValidationContext& context) {
  return std::make_unique<LoneAnonymousOperation>(context);
}
std::unique_ptr<Rule> make_single_field_subscriptions_rule(ValidationContext& context) {
  return std::make_unique<SingleFieldSubscriptions>(context);
}

}  // namespace stashql::validation
