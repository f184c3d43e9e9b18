// OverlappingFieldsCanBeMerged (spec §5.3.2, "Field Selection Merging"): fields that land
// on the same response key must be the same field with the same arguments (unless their
// parents can never be the same object) and must have types and sub-selections that merge.
//
// graphql-js 16's algorithm, step for step (its letters A–J are kept in the comments), so
// conflicts, messages and locations match it: each selection set compares its own fields
// once ("within"); fragments are compared with fields and with each other ("between"), with
// field collections cached per (parent type, selection set) and fragment pairs memoised. Like
// graphql-js, it meters repeated comparisons with a budget of 500,000 units and aborts
// validation ("Validation aborted.") past it, which bounds the quadratic worst case (a
// thousand copies of one field); distinct response names are compared in linear time.
#include <algorithm>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "graphql/validation/rules.hpp"

namespace stashql::validation {
namespace {

constexpr std::size_t kMaxConflictDetailLength = 1000;
constexpr std::size_t kMaxConflictNodes = 20;
constexpr std::int64_t kComplexityBudget = 500'000;

std::string maybe_abbreviate(std::string_view text) {
  if (text.size() <= kMaxConflictDetailLength) return std::string(text);
  return std::string(text.substr(0, kMaxConflictDetailLength)) + "...";
}

struct PairHash {
  template <class A, class B>
  std::size_t operator()(const std::pair<A, B>& pair) const {
    const std::size_t a = std::hash<A>{}(pair.first);
    return a ^ (std::hash<B>{}(pair.second) + 0x9e3779b97f4a7c15ULL + (a << 6U) + (a >> 2U));
  }
};

struct Conflict {
  std::string_view response_name;
  std::string reason;
  std::vector<Location> fields1;
  std::vector<Location> fields2;
};

struct FieldInfo;

// One field of a collected selection set.
struct FieldDetails {
  const Type* parent_type = nullptr;
  const ast::Selection* node = nullptr;
  const Field* definition = nullptr;  // own fields of an object or interface parent only
  bool is_simple_leaf = false;        // no arguments and no selection set
  std::unique_ptr<FieldInfo> info;    // prepared when the field first overlaps another
};

// What comparisons need of a field, prepared once.
struct FieldInfo {
  const Type* named_type = nullptr;
  const std::vector<ast::Argument>* arguments = nullptr;  // null when it has none
  std::unordered_map<std::string_view, const ast::ValueNode*> argument_values;
  std::unordered_map<const FieldInfo*, std::optional<std::string>> comparisons;  // reasons
  std::optional<std::string> type_string;
};

using FieldGroup = std::vector<FieldDetails*>;

struct Overlap {
  std::string_view response_name;
  const FieldGroup* fields1 = nullptr;
  const FieldGroup* fields2 = nullptr;
};

// The fields of a selection set by response name (inline fragments flattened in) and the
// fragments it spreads.
struct CollectedFields {
  std::deque<FieldDetails> storage;
  std::vector<std::pair<std::string_view, FieldGroup>> grouped;
  std::unordered_map<std::string_view, std::size_t> group_index;
  std::vector<std::string_view> fragment_names;  // in order of first spread
  std::unordered_set<std::string_view> fragment_name_set;
  std::unordered_map<std::string_view, bool> compared_fragments;  // name -> mutually exclusive
  std::unordered_map<const CollectedFields*, std::vector<Overlap>> overlapping;

  const FieldGroup* find(std::string_view response_name) const {
    auto it = group_index.find(response_name);
    return it == group_index.end() ? nullptr : &grouped[it->second].second;
  }
};

class OverlappingFieldsCanBeMerged : public Rule {
 public:
  explicit OverlappingFieldsCanBeMerged(ValidationContext& context) : context_(context) {}

  Flow enter_selection_set(const SelectionSetRef& set) override {
    // Inline fragments are flattened into their enclosing response level.
    if (set.owner == SelectionSetRef::Owner::inline_fragment) return Flow::visit;
    const auto& selections = *set.selections;
    if (selections.empty() || (selections.size() == 1 &&
                               selections.front().kind != ast::Selection::Kind::inline_fragment)) {
      return Flow::visit;
    }
    std::vector<Conflict> conflicts =
        find_conflicts_within_selection_set(context_.type_info().parent_type(), selections);
    if (context_.aborted()) return Flow::visit;
    for (Conflict& conflict : conflicts) {
      std::vector<Location> locations = std::move(conflict.fields1);
      locations.insert(locations.end(), conflict.fields2.begin(), conflict.fields2.end());
      context_.report("Fields \"" + maybe_abbreviate(conflict.response_name) +
                          "\" conflict because " + conflict.reason +
                          ". Use different aliases on the fields to fetch both if this was "
                          "intentional.",
                      locations);
    }
    return Flow::visit;
  }

 private:
  bool spend(std::int64_t cost) {
    remaining_budget_ -= cost;
    if (remaining_budget_ < 0) {
      context_.abort_validation();
      return false;
    }
    return true;
  }

  bool stopped() const { return context_.aborted(); }

  // (A) the fields of the set among themselves, (B) with each fragment spread, (C) the
  // fragments spread together with each other.
  std::vector<Conflict> find_conflicts_within_selection_set(
      const Type* parent_type, const std::vector<ast::Selection>& selections) {
    std::vector<Conflict> conflicts;
    CollectedFields& collected = collect_fields(parent_type, selections);
    collect_conflicts_within(conflicts, collected);
    const auto& names = collected.fragment_names;
    if (names.empty() || (collected.grouped.empty() && names.size() <= 1)) return conflicts;
    for (std::size_t i = 0; i < names.size() && !stopped(); ++i) {
      collect_conflicts_between_fields_and_fragment(conflicts, false, collected, names[i]);
      for (std::size_t j = i + 1; j < names.size() && !stopped(); ++j) {
        collect_conflicts_between_fragments(conflicts, false, names[i], names[j]);
      }
    }
    return conflicts;
  }

  // (D) a set of fields against a fragment's fields, (E) and against the fragments it
  // spreads, recursively.
  void collect_conflicts_between_fields_and_fragment(std::vector<Conflict>& conflicts,
                                                     bool mutually_exclusive,
                                                     CollectedFields& collected,
                                                     std::string_view fragment_name) {
    if (!spend(1) || collected.grouped.empty()) return;
    const RecursionGuard guard(context_, depth_);
    if (!guard.ok()) return;
    auto compared = collected.compared_fragments.find(fragment_name);
    // Only a comparison that was not mutually exclusive covers every later one.
    if (compared != collected.compared_fragments.end() &&
        (!compared->second || mutually_exclusive)) {
      return;
    }
    collected.compared_fragments[fragment_name] = mutually_exclusive;
    const ast::FragmentDefinition* fragment = context_.fragment(fragment_name);
    if (fragment == nullptr) return;
    CollectedFields& fragment_fields = collect_fragment_fields(*fragment);
    if (&collected == &fragment_fields) return;
    collect_conflicts_between(conflicts, mutually_exclusive, collected, fragment_fields);
    for (std::string_view referenced : fragment_fields.fragment_names) {
      if (stopped()) return;
      collect_conflicts_between_fields_and_fragment(conflicts, mutually_exclusive, collected,
                                                    referenced);
    }
  }

  // (F) two fragments' fields, (G) and each against the fragments the other spreads.
  void collect_conflicts_between_fragments(std::vector<Conflict>& conflicts,
                                           bool mutually_exclusive, std::string_view name1,
                                           std::string_view name2) {
    if (!spend(2) || name1 == name2) return;
    const RecursionGuard guard(context_, depth_);
    if (!guard.ok()) return;
    if (pair_compared(name1, name2, mutually_exclusive)) return;
    compared_pairs_[{name1, name2}] = mutually_exclusive;
    const ast::FragmentDefinition* fragment1 = context_.fragment(name1);
    const ast::FragmentDefinition* fragment2 = context_.fragment(name2);
    if (fragment1 == nullptr || fragment2 == nullptr) return;
    CollectedFields& fields1 = collect_fragment_fields(*fragment1);
    CollectedFields& fields2 = collect_fragment_fields(*fragment2);
    collect_conflicts_between(conflicts, mutually_exclusive, fields1, fields2);
    for (std::string_view referenced : fields2.fragment_names) {
      if (stopped()) return;
      collect_conflicts_between_fragments(conflicts, mutually_exclusive, name1, referenced);
    }
    for (std::string_view referenced : fields1.fragment_names) {
      if (stopped()) return;
      collect_conflicts_between_fragments(conflicts, mutually_exclusive, referenced, name2);
    }
  }

  // graphql-js's PairSet: a pair compared as mutually exclusive covers only exclusive
  // comparisons; one compared as not exclusive covers both.
  bool pair_compared(std::string_view a, std::string_view b, bool mutually_exclusive) const {
    for (const auto& key : {std::pair{a, b}, std::pair{b, a}}) {
      auto it = compared_pairs_.find(key);
      if (it == compared_pairs_.end()) continue;
      if (mutually_exclusive || !it->second) return true;
    }
    return false;
  }

  // (H) the sub-selections of two overlapping fields, (I) each against the other's
  // fragments, (J) and their fragments against each other.
  std::vector<Conflict> find_conflicts_between_sub_selection_sets(
      bool mutually_exclusive, const Type* parent_type1,
      const std::vector<ast::Selection>& selections1, const Type* parent_type2,
      const std::vector<ast::Selection>& selections2) {
    std::vector<Conflict> conflicts;
    CollectedFields& fields1 = collect_fields(parent_type1, selections1);
    CollectedFields& fields2 = collect_fields(parent_type2, selections2);
    collect_conflicts_between(conflicts, mutually_exclusive, fields1, fields2);
    for (std::string_view name2 : fields2.fragment_names) {
      if (stopped()) return conflicts;
      collect_conflicts_between_fields_and_fragment(conflicts, mutually_exclusive, fields1, name2);
    }
    for (std::string_view name1 : fields1.fragment_names) {
      if (stopped()) return conflicts;
      collect_conflicts_between_fields_and_fragment(conflicts, mutually_exclusive, fields2, name1);
    }
    for (std::string_view name1 : fields1.fragment_names) {
      for (std::string_view name2 : fields2.fragment_names) {
        if (stopped()) return conflicts;
        collect_conflicts_between_fragments(conflicts, mutually_exclusive, name1, name2);
      }
    }
    return conflicts;
  }

  // Every pair of fields with the same response name in one collection.
  void collect_conflicts_within(std::vector<Conflict>& conflicts, CollectedFields& collected) {
    for (auto& [response_name, fields] : collected.grouped) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        for (std::size_t j = i + 1; j < fields.size(); ++j) {
          if (stopped()) return;
          if (auto conflict = find_conflict(false, response_name, *fields[i], *fields[j])) {
            conflicts.push_back(std::move(*conflict));
          }
        }
      }
    }
  }

  // Every field of one collection against those of the other with the same response name.
  void collect_conflicts_between(std::vector<Conflict>& conflicts, bool mutually_exclusive,
                                 CollectedFields& fields1, CollectedFields& fields2) {
    if (fields1.grouped.empty() || fields2.grouped.empty()) return;
    const std::vector<Overlap>* overlaps = overlapping_fields(fields1, fields2);
    if (overlaps == nullptr) return;
    for (const Overlap& overlap : *overlaps) {
      for (FieldDetails* field1 : *overlap.fields1) {
        for (FieldDetails* field2 : *overlap.fields2) {
          if (stopped()) return;
          if (auto conflict =
                  find_conflict(mutually_exclusive, overlap.response_name, *field1, *field2)) {
            conflicts.push_back(std::move(*conflict));
          }
        }
      }
    }
  }

  const std::vector<Overlap>* overlapping_fields(CollectedFields& fields1,
                                                 const CollectedFields& fields2) {
    if (auto it = fields1.overlapping.find(&fields2); it != fields1.overlapping.end()) {
      return &it->second;
    }
    std::vector<Overlap> overlaps;
    for (const auto& [response_name, group1] : fields1.grouped) {
      if (!spend(1)) return nullptr;
      if (const FieldGroup* group2 = fields2.find(response_name)) {
        overlaps.push_back({response_name, &group1, group2});
      }
    }
    return &fields1.overlapping.emplace(&fields2, std::move(overlaps)).first->second;
  }

  // graphql-js compares field types by object identity: a named type is one object, but each
  // field definition has its own list and non-null wrappers.
  static bool same_type_object(const FieldDetails& a, const FieldDetails& b) {
    if (a.definition == b.definition) return true;
    if (a.definition == nullptr || b.definition == nullptr) return false;
    return !a.definition->type.is_wrapped() && a.definition->type == b.definition->type;
  }

  std::optional<Conflict> find_conflict(bool parent_fields_mutually_exclusive,
                                        std::string_view response_name, FieldDetails& details1,
                                        FieldDetails& details2) {
    // Different object types can never apply at once, so their fields may differ freely.
    const bool mutually_exclusive =
        parent_fields_mutually_exclusive ||
        (details1.parent_type != details2.parent_type && details1.parent_type != nullptr &&
         details2.parent_type != nullptr && details1.parent_type->kind == TypeKind::object &&
         details2.parent_type->kind == TypeKind::object);
    if (!spend(2)) return std::nullopt;
    const ast::Selection& node1 = *details1.node;
    const ast::Selection& node2 = *details2.node;
    if (details1.is_simple_leaf && details2.is_simple_leaf &&
        same_type_object(details1, details2) && node1.name.value == node2.name.value) {
      return std::nullopt;
    }
    if (!mutually_exclusive) {
      FieldInfo& info1 = field_info(details1);
      FieldInfo& info2 = field_info(details2);
      auto known = info1.comparisons.find(&info2);
      if (known == info1.comparisons.end()) {
        std::optional<std::string> reason;
        if (node1.name.value != node2.name.value) {
          reason = "\"" + maybe_abbreviate(node1.name.value) + "\" and \"" +
                   maybe_abbreviate(node2.name.value) + "\" are different fields";
        } else if (!same_arguments(info1, info2)) {
          if (stopped()) return std::nullopt;
          reason = "they have differing arguments";
        }
        known = info1.comparisons.emplace(&info2, std::move(reason)).first;
      }
      if (known->second) {
        return Conflict{response_name, *known->second, {node1.loc}, {node2.loc}};
      }
    }
    const Field* definition1 = details1.definition;
    const Field* definition2 = details2.definition;
    if (definition1 != nullptr && definition2 != nullptr &&
        do_types_conflict(definition1->type, definition2->type, definition1 == definition2)) {
      if (stopped()) return std::nullopt;
      FieldInfo& info1 = field_info(details1);
      FieldInfo& info2 = field_info(details2);
      if (!info1.type_string) info1.type_string = definition1->type.to_string();
      if (!info2.type_string) info2.type_string = definition2->type.to_string();
      return Conflict{response_name,
                      "they return conflicting types \"" + *info1.type_string + "\" and \"" +
                          *info2.type_string + "\"",
                      {node1.loc},
                      {node2.loc}};
    }
    if (stopped()) return std::nullopt;
    if (!node1.selection_set.empty() && !node2.selection_set.empty()) {
      const RecursionGuard guard(context_, depth_);
      if (!guard.ok()) return std::nullopt;
      std::vector<Conflict> conflicts = find_conflicts_between_sub_selection_sets(
          mutually_exclusive, field_info(details1).named_type, node1.selection_set,
          field_info(details2).named_type, node2.selection_set);
      if (stopped()) return std::nullopt;
      return subfield_conflicts(conflicts, response_name, node1, node2);
    }
    return std::nullopt;
  }

  // Several sub-field conflicts as one, with the locations of both sides.
  static std::optional<Conflict> subfield_conflicts(const std::vector<Conflict>& conflicts,
                                                    std::string_view response_name,
                                                    const ast::Selection& node1,
                                                    const ast::Selection& node2) {
    if (conflicts.empty()) return std::nullopt;
    std::string message;
    for (const Conflict& conflict : conflicts) {
      if (!message.empty()) message += " and ";
      message += "subfields \"" + maybe_abbreviate(conflict.response_name) +
                 "\" conflict because " + conflict.reason;
      if (message.size() > kMaxConflictDetailLength) break;
    }
    return Conflict{response_name, maybe_abbreviate(message),
                    conflict_locations(node1.loc, conflicts, &Conflict::fields1),
                    conflict_locations(node2.loc, conflicts, &Conflict::fields2)};
  }

  // The field itself, then the conflicting sub-fields (the deepest kept when over the cap).
  static std::vector<Location> conflict_locations(Location field,
                                                  const std::vector<Conflict>& conflicts,
                                                  std::vector<Location> Conflict::*side) {
    std::vector<Location> locations{field};
    for (const Conflict& conflict : conflicts) {
      const std::vector<Location>& nodes = conflict.*side;
      const std::size_t remaining = kMaxConflictNodes - locations.size();
      const std::size_t skip = nodes.size() > remaining ? nodes.size() - remaining : 0;
      locations.insert(locations.end(), nodes.begin() + static_cast<std::ptrdiff_t>(skip),
                       nodes.end());
      if (locations.size() == kMaxConflictNodes) break;
    }
    return locations;
  }

  // Two types conflict when no value could fit both: lists and non-null must match, and
  // leaf types must be the same; composite types are compared through their fields.
  bool do_types_conflict(const TypeRef& type1, const TypeRef& type2, bool same_object) {
    if (same_object || (!type1.is_wrapped() && type1 == type2)) return false;
    if (!spend(1)) return false;
    if (type1.is_list())
      return type2.is_list() ? do_types_conflict(type1.of_type(), type2.of_type(), false) : true;
    if (type2.is_list()) return true;
    if (type1.is_non_null()) {
      return type2.is_non_null() ? do_types_conflict(type1.of_type(), type2.of_type(), false)
                                 : true;
    }
    if (type2.is_non_null()) return true;
    if (type1.named()->is_leaf() || type2.named()->is_leaf()) return type1.named() != type2.named();
    return false;
  }

  FieldInfo& field_info(FieldDetails& details) {
    if (!details.info) {
      details.info = std::make_unique<FieldInfo>();
      FieldInfo& info = *details.info;
      info.named_type = details.definition != nullptr ? details.definition->type.named() : nullptr;
      if (!details.node->arguments.empty()) {
        info.arguments = &details.node->arguments;
        for (const ast::Argument& argument : details.node->arguments) {
          info.argument_values[argument.name.value] = &argument.value;  // the last one wins
        }
      }
    }
    return *details.info;
  }

  bool same_arguments(const FieldInfo& info1, const FieldInfo& info2) {
    if (info1.arguments == nullptr) return info2.arguments == nullptr;
    if (info2.arguments == nullptr || info1.arguments->size() != info2.arguments->size()) {
      return false;
    }
    for (const ast::Argument& argument : *info1.arguments) {
      if (!spend(1)) return false;
      auto other = info2.argument_values.find(argument.name.value);
      if (other == info2.argument_values.end()) return false;
      if (stringify_value(argument.value) != stringify_value(*other->second)) return false;
    }
    return true;
  }

  // A canonical text of a value: equal texts for equal values, object fields in name order
  // (as graphql-js's comparison of arguments).
  const std::string& stringify_value(const ast::ValueNode& value) {
    auto [it, inserted] = stringified_.try_emplace(&value);
    if (inserted) append_value(it->second, value);
    return it->second;
  }

  static void append_text(std::string& out, std::string_view text) {
    out += std::to_string(text.size());
    out += ':';
    out += text;
  }

  static void append_value(std::string& out, const ast::ValueNode& value) {
    using Kind = ast::ValueNode::Kind;
    switch (value.kind) {
      case Kind::variable:
        out += 'V';
        append_text(out, value.text);
        break;
      case Kind::integer:
        out += 'I';
        append_text(out, value.text);
        break;
      case Kind::floating:
        out += 'F';
        append_text(out, value.text);
        break;
      case Kind::string:
        out += value.block ? "SB" : "S";
        append_text(out, value.text);
        break;
      case Kind::boolean:
        out += value.boolean ? "T" : "f";
        break;
      case Kind::null:
        out += 'N';
        break;
      case Kind::enumeration:
        out += 'E';
        append_text(out, value.text);
        break;
      case Kind::list:
        out += '[';
        for (const ast::ValueNode& item : value.list)
          append_value(out, item);
        out += ']';
        break;
      case Kind::object: {
        std::vector<const ast::ObjectField*> fields;
        fields.reserve(value.fields.size());
        for (const ast::ObjectField& field : value.fields)
          fields.push_back(&field);
        std::stable_sort(fields.begin(), fields.end(), [](const auto* a, const auto* b) {
          return a->name.value < b->name.value;
        });
        out += '{';
        for (const ast::ObjectField* field : fields) {
          append_text(out, field->name.value);
          append_value(out, field->value);
        }
        out += '}';
        break;
      }
    }
  }

  CollectedFields& collect_fragment_fields(const ast::FragmentDefinition& fragment) {
    return collect_fields(context_.schema().type(fragment.type_condition.value),
                          fragment.selection_set);
  }

  CollectedFields& collect_fields(const Type* parent_type,
                                  const std::vector<ast::Selection>& selections) {
    auto& slot = collected_[{parent_type, &selections}];
    if (!slot) {
      slot = std::make_unique<CollectedFields>();
      collect_fields_into(parent_type, selections, *slot);
    }
    return *slot;
  }

  void collect_fields_into(const Type* parent_type, const std::vector<ast::Selection>& selections,
                           CollectedFields& out) {
    for (const ast::Selection& selection : selections) {
      switch (selection.kind) {
        case ast::Selection::Kind::field: {
          const Field* definition = nullptr;
          if (parent_type != nullptr &&
              (parent_type->kind == TypeKind::object || parent_type->kind == TypeKind::interface)) {
            definition = parent_type->field(selection.name.value);
          }
          FieldDetails& details = out.storage.emplace_back();
          details.parent_type = parent_type;
          details.node = &selection;
          details.definition = definition;
          details.is_simple_leaf = selection.arguments.empty() && selection.selection_set.empty();
          const std::string& key = selection.response_key();
          auto [it, inserted] = out.group_index.try_emplace(key, out.grouped.size());
          if (inserted) out.grouped.emplace_back(key, FieldGroup{});
          out.grouped[it->second].second.push_back(&details);
          break;
        }
        case ast::Selection::Kind::fragment_spread: {
          const std::string& name = selection.name.value;
          if (out.fragment_name_set.insert(name).second) out.fragment_names.push_back(name);
          break;
        }
        case ast::Selection::Kind::inline_fragment: {
          const Type* fragment_type = selection.type_condition
                                          ? context_.schema().type(selection.type_condition->value)
                                          : parent_type;
          collect_fields_into(fragment_type, selection.selection_set, out);
          break;
        }
      }
    }
  }

  ValidationContext& context_;
  std::int64_t remaining_budget_ = kComplexityBudget;
  int depth_ = 0;  // nesting of the recursive comparisons
  std::unordered_map<std::pair<const Type*, const void*>, std::unique_ptr<CollectedFields>,
                     PairHash>
      collected_;
  std::unordered_map<std::pair<std::string_view, std::string_view>, bool, PairHash> compared_pairs_;
  std::unordered_map<const ast::ValueNode*, std::string> stringified_;
};

}  // namespace

std::unique_ptr<Rule> make_overlapping_fields_can_be_merged_rule(ValidationContext& context) {
  return std::make_unique<OverlappingFieldsCanBeMerged>(context);
}

}  // namespace stashql::validation
