// graphql-js's MaxIntrospectionDepthRule (in its specifiedRules, though not in the spec):
// an introspection query may nest the list fields of __Type (fields, interfaces,
// possibleTypes, inputFields) fewer than three deep, so a small query cannot make the
// server print the schema exponentially many times.
#include <unordered_map>

#include "graphql/validation/rules.hpp"

namespace stashql::validation {
namespace {

constexpr int kMaxListsDepth = 3;

class MaxIntrospectionDepth : public Rule {
 public:
  explicit MaxIntrospectionDepth(ValidationContext& context) : context_(context) {}

  Flow enter_field(const ast::Selection& field) override {
    if (field.name.value != "__schema" && field.name.value != "__type") return Flow::visit;
    Depths visited;
    if (!exceeds(field, visited, 0)) return Flow::visit;
    context_.report("Maximum introspection depth exceeded", {field.loc});
    return Flow::skip;
  }

 private:
  using Depths = std::unordered_map<std::string_view, int>;

  static bool is_list_field(const std::string& name) {
    return name == "fields" || name == "interfaces" || name == "possibleTypes" ||
           name == "inputFields";
  }

  bool exceeds_any(const std::vector<ast::Selection>& selections, Depths& visited, int depth) {
    for (const ast::Selection& child : selections) {
      if (context_.aborted()) return false;
      if (exceeds(child, visited, depth)) return true;
    }
    return false;
  }

  // Whether the lists nest too deep below `node`, entered at list depth `depth`. Results per
  // fragment and entry depth are remembered across the whole document.
  bool exceeds(const ast::Selection& node, Depths& visited, int depth) {
    if (node.kind == ast::Selection::Kind::fragment_spread) {
      const std::string_view name = node.name.value;
      if (auto it = exceeded_.find(name); it != exceeded_.end() && it->second <= depth) {
        return true;
      }
      auto seen = visited.find(name);
      auto checked = checked_.find(name);
      if ((seen != visited.end() && seen->second >= depth) ||
          (checked != checked_.end() && checked->second >= depth)) {
        return false;
      }
      const ast::FragmentDefinition* fragment = context_.fragment(name);
      if (fragment == nullptr) return false;
      const RecursionGuard guard(context_, recursion_depth_);
      if (!guard.ok()) return false;
      visited[name] = depth;
      if (exceeds_any(fragment->selection_set, visited, depth)) {
        exceeded_[name] = depth;
        return true;
      }
      checked_[name] = depth;
      return false;
    }
    if (node.kind == ast::Selection::Kind::field && is_list_field(node.name.value)) {
      if (++depth >= kMaxListsDepth) return true;
    }
    return exceeds_any(node.selection_set, visited, depth);
  }

  ValidationContext& context_;
  Depths checked_;   // fragment -> greatest entry depth that stayed within the limit
  Depths exceeded_;  // fragment -> smallest entry depth that reached the limit
  int recursion_depth_ = 0;
};

}  // namespace

std::unique_ptr<Rule> make_max_introspection_depth_rule(ValidationContext& context) {
  return std::make_unique<MaxIntrospectionDepth>(context);
}

}  // namespace stashql::validation
