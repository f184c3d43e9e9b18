// Rules on directives (spec §5.7): every directive is defined and allowed where it stands,
// and a non-repeatable directive appears once per location. Directive definitions in the
// document count as graphql-js counts them.
#include <string>
#include <unordered_map>
#include <vector>

#include "graphql/validation/rules.hpp"

namespace stashql::validation {
namespace {

class KnownDirectives : public Rule {
 public:
  explicit KnownDirectives(ValidationContext& context) : context_(context) {
    for (const Directive* directive : context.schema().directives()) {
      auto& locations = locations_[directive->name];
      locations.assign(directive->locations.begin(), directive->locations.end());
    }
    for (const ast::DirectiveDefinition& definition : context.document().directives) {
      auto& locations = locations_[definition.name.value];
      locations.clear();
      for (const ast::Name& location : definition.locations)
        locations.push_back(location.value);
    }
  }

  Flow enter_directive(const ast::Directive& directive, std::string_view location) override {
    auto it = locations_.find(directive.name.value);
    if (it == locations_.end()) {
      context_.report("Unknown directive \"@" + directive.name.value + "\".", {directive.loc});
      return Flow::visit;
    }
    if (std::find(it->second.begin(), it->second.end(), location) == it->second.end()) {
      context_.report("Directive \"@" + directive.name.value + "\" may not be used on " +
                          std::string(location) + ".",
                      {directive.loc});
    }
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> locations_;
};

class UniqueDirectivesPerLocation : public Rule {
 public:
  explicit UniqueDirectivesPerLocation(ValidationContext& context) : context_(context) {
    for (const Directive* directive : context.schema().directives()) {
      unique_[directive->name] = !directive->repeatable;
    }
    for (const ast::DirectiveDefinition& definition : context.document().directives) {
      unique_[definition.name.value] = !definition.repeatable;
    }
  }

  Flow enter_operation(const ast::OperationDefinition& node) override {
    return check_fresh(node.directives);
  }
  Flow enter_fragment_definition(const ast::FragmentDefinition& node) override {
    return check_fresh(node.directives);
  }
  Flow enter_variable_definition(const ast::VariableDefinition& node) override {
    return check_fresh(node.directives);
  }
  Flow enter_field(const ast::Selection& node) override { return check_fresh(node.directives); }
  Flow enter_fragment_spread(const ast::Selection& node) override {
    return check_fresh(node.directives);
  }
  Flow enter_inline_fragment(const ast::Selection& node) override {
    return check_fresh(node.directives);
  }
  // A type's definition and its extensions share one location, as do the schema's.
  Flow enter_sdl_node(const SdlNodeRef& node) override {
    if (node.directives == nullptr) return Flow::visit;
    switch (node.kind) {
      case SdlNodeRef::Kind::schema:
        check(*node.directives, schema_seen_);
        break;
      case SdlNodeRef::Kind::type:
        check(*node.directives, type_seen_[node.name]);
        break;
      default:
        return check_fresh(*node.directives);
    }
    return Flow::visit;
  }

 private:
  using Seen = std::unordered_map<std::string_view, Location>;

  Flow check_fresh(const std::vector<ast::Directive>& directives) {
    if (directives.size() < 2) return Flow::visit;
    Seen seen;
    check(directives, seen);
    return Flow::visit;
  }

  void check(const std::vector<ast::Directive>& directives, Seen& seen) {
    for (const ast::Directive& directive : directives) {
      auto unique = unique_.find(directive.name.value);
      if (unique == unique_.end() || !unique->second) continue;
      auto [it, inserted] = seen.try_emplace(directive.name.value, directive.loc);
      if (!inserted) {
        context_.report("The directive \"@" + directive.name.value +
                            "\" can only be used once at this location.",
                        {it->second, directive.loc});
      }
    }
  }

  ValidationContext& context_;
  std::unordered_map<std::string_view, bool> unique_;
  Seen schema_seen_;
  std::unordered_map<std::string_view, Seen> type_seen_;
};

}  // namespace

std::unique_ptr<Rule> make_known_directives_rule(ValidationContext& context) {
  return std::make_unique<KnownDirectives>(context);
}
std::unique_ptr<Rule> make_unique_directives_per_location_rule(ValidationContext& context) {
  return std::make_unique<UniqueDirectivesPerLocation>(context);
}

}  // namespace stashql::validation
