// validate(): every rule of spec §5 as graphql-js 16's specifiedRules, in its order, over
// one walk of the document.
#include <stashql/validation.hpp>

#include "graphql/validation/context.hpp"
#include "graphql/validation/rules.hpp"

namespace stashql {

std::vector<GraphQLError> validate(const Schema& schema, const ast::Document& document,
                                   ValidationLimits limits) {
  using namespace validation;  // NOLINT(google-build-using-namespace)
  ValidationContext context(schema, document, limits);
  // The order decides the order of the errors: graphql-js's specifiedRules.
  std::unique_ptr<Rule> rules[] = {
      make_executable_definitions_rule(context),
      make_unique_operation_names_rule(context),
      make_lone_anonymous_operation_rule(context),
      make_single_field_subscriptions_rule(context),
      make_known_type_names_rule(context),
      make_fragments_on_composite_types_rule(context),
      make_variables_are_input_types_rule(context),
      make_scalar_leafs_rule(context),
      make_fields_on_correct_type_rule(context),
      make_unique_fragment_names_rule(context),
      make_known_fragment_names_rule(context),
      make_no_unused_fragments_rule(context),
      make_possible_fragment_spreads_rule(context),
      make_no_fragment_cycles_rule(context),
      make_unique_variable_names_rule(context),
      make_no_undefined_variables_rule(context),
      make_no_unused_variables_rule(context),
      make_known_directives_rule(context),
      make_unique_directives_per_location_rule(context),
      make_known_argument_names_rule(context),
      make_unique_argument_names_rule(context),
      make_values_of_correct_type_rule(context),
      make_provided_required_arguments_rule(context),
      make_variables_in_allowed_position_rule(context),
      make_overlapping_fields_can_be_merged_rule(context),
      make_unique_input_field_names_rule(context),
      make_max_introspection_depth_rule(context),
  };
  std::vector<Rule*> rule_list;
  for (auto& rule : rules)
    rule_list.push_back(rule.get());
  Walker walker(context, context.mutable_type_info(), std::move(rule_list));
  walker.walk_document(document);
  return context.take_errors();
}

}  // namespace stashql
