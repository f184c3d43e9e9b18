// Rules on fragments (spec §5.5): unique names, known and used fragments, spreads that can
// apply where they stand, and no cycles.
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graphql/validation/rules.hpp"

namespace stashql::validation {
namespace {

class UniqueFragmentNames : public Rule {
 public:
  explicit UniqueFragmentNames(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition&) override { return Flow::skip; }
  Flow enter_fragment_definition(const ast::FragmentDefinition& fragment) override {
    auto [it, inserted] = known_.try_emplace(fragment.name.value, fragment.name.loc);
    if (!inserted) {
      context_.report("There can be only one fragment named \"" + fragment.name.value + "\".",
                      {it->second, fragment.name.loc});
    }
    return Flow::skip;
  }

 private:
  ValidationContext& context_;
  std::unordered_map<std::string_view, Location> known_;
};

class KnownFragmentNames : public Rule {
 public:
  explicit KnownFragmentNames(ValidationContext& context) : context_(context) {}

  Flow enter_fragment_spread(const ast::Selection& spread) override {
    if (context_.fragment(spread.name.value) == nullptr) {
      context_.report("Unknown fragment \"" + spread.name.value + "\".", {spread.name.loc});
    }
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
};

class NoUnusedFragments : public Rule {
 public:
  explicit NoUnusedFragments(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition& operation) override {
    operations_.push_back(&operation);
    return Flow::skip;
  }
  Flow enter_fragment_definition(const ast::FragmentDefinition& fragment) override {
    fragments_.push_back(&fragment);
    return Flow::skip;
  }
  void leave_document(const ast::Document&) override {
    const FragmentList* used = context_.recursively_referenced_fragments(operations_);
    if (used == nullptr) return;
    std::unordered_set<std::string_view> used_names;
    for (const ast::FragmentDefinition* fragment : *used)
      used_names.insert(fragment->name.value);
    for (const ast::FragmentDefinition* fragment : fragments_) {
      if (!used_names.contains(fragment->name.value)) {
        context_.report("Fragment \"" + fragment->name.value + "\" is never used.",
                        {fragment->loc});
      }
    }
  }

 private:
  ValidationContext& context_;
  std::vector<const ast::OperationDefinition*> operations_;
  std::vector<const ast::FragmentDefinition*> fragments_;
};

class PossibleFragmentSpreads : public Rule {
 public:
  explicit PossibleFragmentSpreads(ValidationContext& context) : context_(context) {}

  Flow enter_inline_fragment(const ast::Selection& fragment) override {
    const Type* fragment_type = context_.type_info().type().named();
    const Type* parent_type = context_.type_info().parent_type();
    if (fragment_type != nullptr && fragment_type->is_composite() && parent_type != nullptr &&
        !ValidationContext::do_types_overlap(fragment_type, parent_type)) {
      context_.report("Fragment cannot be spread here as objects of type \"" + parent_type->name +
                          "\" can never be of type \"" + fragment_type->name + "\".",
                      {fragment.loc});
    }
    return Flow::visit;
  }

  Flow enter_fragment_spread(const ast::Selection& spread) override {
    const ast::FragmentDefinition* fragment = context_.fragment(spread.name.value);
    if (fragment == nullptr) return Flow::visit;
    const Type* fragment_type = context_.schema().type(fragment->type_condition.value);
    const Type* parent_type = context_.type_info().parent_type();
    if (fragment_type != nullptr && fragment_type->is_composite() && parent_type != nullptr &&
        !ValidationContext::do_types_overlap(fragment_type, parent_type)) {
      context_.report("Fragment \"" + spread.name.value +
                          "\" cannot be spread here as objects of type \"" + parent_type->name +
                          "\" can never be of type \"" + fragment_type->name + "\".",
                      {spread.loc});
    }
    return Flow::visit;
  }

 private:
  ValidationContext& context_;
};

// A depth-first search from each fragment, reporting each cycle once with the spreads that
// form it.
class NoFragmentCycles : public Rule {
 public:
  explicit NoFragmentCycles(ValidationContext& context) : context_(context) {}

  Flow enter_operation(const ast::OperationDefinition&) override { return Flow::skip; }
  Flow enter_fragment_definition(const ast::FragmentDefinition& fragment) override {
    detect_cycles(fragment);
    return Flow::skip;
  }

 private:
  void detect_cycles(const ast::FragmentDefinition& fragment) {
    const std::string& name = fragment.name.value;
    if (!visited_.insert(name).second) return;
    const RecursionGuard guard(context_, depth_);
    if (!guard.ok()) return;
    const std::vector<const ast::Selection*>& spreads =
        context_.fragment_spreads(fragment.selection_set);
    if (spreads.empty()) return;
    path_index_[name] = spread_path_.size();
    for (const ast::Selection* spread : spreads) {
      if (context_.aborted()) return;
      const std::string& spread_name = spread->name.value;
      spread_path_.push_back(spread);
      if (auto cycle_start = path_index_.find(spread_name); cycle_start == path_index_.end()) {
        if (const ast::FragmentDefinition* next = context_.fragment(spread_name)) {
          detect_cycles(*next);
        }
      } else {
        std::string via;
        std::vector<Location> locations;
        for (std::size_t i = cycle_start->second; i < spread_path_.size(); ++i) {
          locations.push_back(spread_path_[i]->loc);
          if (i + 1 < spread_path_.size()) {
            if (!via.empty()) via += ", ";
            via += "\"" + spread_path_[i]->name.value + "\"";
          }
        }
        context_.report("Cannot spread fragment \"" + spread_name + "\" within itself" +
                            (via.empty() ? std::string(".") : " via " + via + "."),
                        locations);
      }
      spread_path_.pop_back();
    }
    path_index_.erase(name);
  }

  ValidationContext& context_;
  std::unordered_set<std::string_view> visited_;
  std::vector<const ast::Selection*> spread_path_;
  int depth_ = 0;
  std::unordered_map<std::string_view, std::size_t> path_index_;  // fragment -> path position
};

}  // namespace

std::unique_ptr<Rule> make_unique_fragment_names_rule(ValidationContext& context) {
  return std::make_unique<UniqueFragmentNames>(context);
}
std::unique_ptr<Rule> make_known_fragment_names_rule(ValidationContext& context) {
  return std::make_unique<KnownFragmentNames>(context);
}
std::unique_ptr<Rule> make_no_unused_fragments_rule(ValidationContext& context) {
  return std::make_unique<NoUnusedFragments>(context);
}
std::unique_ptr<Rule> make_possible_fragment_spreads_rule(ValidationContext& context) {
  return std::make_unique<PossibleFragmentSpreads>(context);
}
std::unique_ptr<Rule> make_no_fragment_cycles_rule(ValidationContext& context) {
  return std::make_unique<NoFragmentCycles>(context);
}

}  // namespace stashql::validation
