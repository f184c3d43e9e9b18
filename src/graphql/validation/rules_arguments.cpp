// Rules on arguments (spec §5.4): every argument is defined on its field or directive, is
// given once, and every required one is given.
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graphql/validation/rules.hpp"
#include "graphql/validation/suggestions.hpp"

namespace stashql::validation {
namespace {

class KnownArgumentNames : public Rule {
 public:
  explicit KnownArgumentNames(ValidationContext& context) : context_(context) {
    for (const Directive* directive : context.schema().directives()) {
      auto& names = directive_arguments_[directive->name];
      for (const InputValue& argument : directive->arguments)
        names.emplace_back(argument.name);
    }
    for (const ast::DirectiveDefinition& definition : context.document().directives) {
      auto& names = directive_arguments_[definition.name.value];
      names.clear();
      for (const auto& argument : definition.arguments)
        names.emplace_back(argument.name.value);
    }
  }

  Flow enter_directive(const ast::Directive& directive, std::string_view) override {
    auto known = directive_arguments_.find(directive.name.value);
    if (known != directive_arguments_.end()) {
      for (const ast::Argument& argument : directive.arguments) {
        const std::string& name = argument.name.value;
        if (std::find(known->second.begin(), known->second.end(), name) != known->second.end()) {
          continue;
        }
        context_.report("Unknown argument \"" + name + "\" on directive \"@" +
                            directive.name.value + "\"." + suggestions(name, known->second),
                        {argument.name.loc});
      }
    }
    return Flow::skip;
  }

  Flow enter_argument(const ast::Argument& argument) override {
    const TypeInfo& type_info = context_.type_info();
    const Field* field = type_info.field_def();
    const Type* parent = type_info.parent_type();
    if (type_info.argument() != nullptr || field == nullptr || parent == nullptr) {
      return Flow::visit;
    }
    std::vector<std::string_view> names;
    for (const InputValue& candidate : field->arguments)
      names.emplace_back(candidate.name);
    context_.report("Unknown argument \"" + argument.name.value + "\" on field \"" + parent->name +
                        "." + field->name + "\"." + suggestions(argument.name.value, names),
                    {argument.name.loc});
    return Flow::visit;
  }

 private:
  std::string suggestions(std::string_view name, const std::vector<std::string_view>& options) {
    if (context_.hide_suggestions()) return {};
    return did_you_mean(suggestion_list(name, options));
  }

  ValidationContext& context_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> directive_arguments_;
};

class UniqueArgumentNames : public Rule {
 public:
  explicit UniqueArgumentNames(ValidationContext& context) : context_(context) {}

  Flow enter_field(const ast::Selection& field) override {
    check(field.arguments);
    return Flow::visit;
  }
  Flow enter_directive(const ast::Directive& directive, std::string_view) override {
    check(directive.arguments);
    return Flow::visit;
  }

 private:
  void check(const std::vector<ast::Argument>& arguments) {
    if (arguments.size() < 2) return;
    std::vector<std::pair<std::string_view, std::vector<Location>>> groups;
    std::unordered_map<std::string_view, std::size_t> index;
    for (const ast::Argument& argument : arguments) {
      auto [it, inserted] = index.try_emplace(argument.name.value, groups.size());
      if (inserted) groups.emplace_back(argument.name.value, std::vector<Location>{});
      groups[it->second].second.push_back(argument.name.loc);
    }
    for (const auto& [name, locations] : groups) {
      if (locations.size() > 1) {
        context_.report("There can be only one argument named \"" + std::string(name) + "\".",
                        locations);
      }
    }
  }

  ValidationContext& context_;
};

bool has_argument(const std::vector<ast::Argument>& arguments, std::string_view name) {
  return std::any_of(arguments.begin(), arguments.end(),
                     [&](const ast::Argument& argument) { return argument.name.value == name; });
}

class ProvidedRequiredArguments : public Rule {
 public:
  explicit ProvidedRequiredArguments(ValidationContext& context) : context_(context) {
    for (const Directive* directive : context.schema().directives()) {
      auto& required = required_[directive->name];
      for (const InputValue& argument : directive->arguments) {
        if (argument.type.is_non_null() && !argument.default_value) {
          required.push_back({argument.name, argument.type.to_string()});
        }
      }
    }
    for (const ast::DirectiveDefinition& definition : context.document().directives) {
      auto& required = required_[definition.name.value];
      required.clear();
      for (const ast::InputValueDefinition& argument : definition.arguments) {
        if (argument.type.kind == ast::Type::Kind::non_null &&
            (!argument.default_value ||
             argument.default_value->kind == ast::ValueNode::Kind::null)) {
          required.push_back({argument.name.value, print_type(argument.type)});
        }
      }
    }
  }

  void leave_field(const ast::Selection& field) override {
    const Field* definition = context_.type_info().field_def();
    if (definition == nullptr) return;
    for (const InputValue& argument : definition->arguments) {
      if (argument.type.is_non_null() && !argument.default_value &&
          !has_argument(field.arguments, argument.name)) {
        context_.report("Field \"" + definition->name + "\" argument \"" + argument.name +
                            "\" of type \"" + argument.type.to_string() +
                            "\" is required, but it was not provided.",
                        {field.loc});
      }
    }
  }

  void leave_directive(const ast::Directive& directive) override {
    auto it = required_.find(directive.name.value);
    if (it == required_.end()) return;
    for (const RequiredArgument& argument : it->second) {
      if (has_argument(directive.arguments, argument.name)) continue;
      context_.report("Directive \"@" + directive.name.value + "\" argument \"" +
                          std::string(argument.name) + "\" of type \"" + argument.type +
                          "\" is required, but it was not provided.",
                      {directive.loc});
    }
  }

 private:
  struct RequiredArgument {
    std::string_view name;
    std::string type;
  };

  ValidationContext& context_;
  std::unordered_map<std::string_view, std::vector<RequiredArgument>> required_;
};

}  // namespace

std::unique_ptr<Rule> make_known_argument_names_rule(ValidationContext& context) {
  return std::make_unique<KnownArgumentNames>(context);
}
std::unique_ptr<Rule> make_unique_argument_names_rule(ValidationContext& context) {
  return std::make_unique<UniqueArgumentNames>(context);
}
std::unique_ptr<Rule> make_provided_required_arguments_rule(ValidationContext& context) {
  return std::make_unique<ProvidedRequiredArguments>(context);
}

}  // namespace stashql::validation
